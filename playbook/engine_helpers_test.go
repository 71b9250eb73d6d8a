package playbook_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

// d0 is the first day of the engine tests.
var d0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func on(n int) time.Time { return d0.AddDate(0, 0, n) }

// scored returns an account's facts on day n with a health score.
func scored(acct success.AccountID, n int, value float64) *playbook.Facts {
	band := "green"
	switch {
	case value < 50:
		band = "red"
	case value < 70:
		band = "yellow"
	}
	return &playbook.Facts{
		Account: success.Account{ID: acct},
		AsOf:    on(n),
		Health:  &health.Score{Account: acct, AsOf: on(n), Available: true, Value: value, Band: band, ReportedValue: value, ReportedBand: band},
	}
}

// redPlay opens on a score below 50: call (required, 2 days), plan
// (required, 5 days after the call), a note (optional, 10 days). It closes
// when the score has been at least 50 for 14 days, or at once at 60 or
// more; it re-enters 30 days after a run ends.
func redPlay() playbook.Play {
	return playbook.Play{
		ID: "save", Version: 1, Name: "Save", Type: playbook.Risk, Priority: 90, Owner: "csm",
		Trigger: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 50},
		Steps: []playbook.Step{
			{ID: "call", Title: "Call the sponsor", Required: true, DueDays: 2},
			{ID: "plan", Title: "Agree a recovery plan", Required: true, DueDays: 5, DueFrom: playbook.PreviousStep},
			{ID: "note", Title: "Write it up", DueDays: 10},
		},
		Exit:        &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 50}, HoldForDays: 14, Margin: 10},
		Suppression: playbook.Suppression{ReEntry: playbook.AfterCooldown, CooldownDays: 30},
	}
}

// referencePlay opens on a score of at least 80, owned by the account
// manager, and never re-enters.
func referencePlay() playbook.Play {
	return playbook.Play{
		ID: "reference", Version: 2, Name: "Ask for a reference", Type: playbook.Advocacy, Priority: 10, Owner: "am",
		Trigger:     playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 80},
		Steps:       []playbook.Step{{ID: "ask", Title: "Ask for a reference call", Required: true, DueDays: 7}},
		Suppression: playbook.Suppression{ReEntry: playbook.Never},
	}
}

func newEngine(t *testing.T, opts *playbook.Options, plays ...playbook.Play) (*playbook.Engine, *playbook.MemoryStore) {
	t.Helper()
	s := playbook.NewMemoryStore()
	e, err := playbook.New(plays, s, opts)
	require.NoError(t, err)
	return e, s
}

// summary writes decisions as "kind play account [clause]" lines.
func summary(ds []playbook.Decision) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%s %s %s", d.Kind, d.PlayID, d.Account)
		if d.Clause != "" {
			out[i] += " " + string(d.Clause)
		}
	}
	return out
}

func evaluate(t *testing.T, e *playbook.Engine, f *playbook.Facts) []string {
	t.Helper()
	ds, err := e.Evaluate(context.Background(), f)
	require.NoError(t, err)
	return summary(ds)
}

// fixedClock is a Clock that always says the same time.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func person(who string, n int) playbook.Action {
	return playbook.Action{Actor: playbook.Actor(who), At: on(n)}
}
