package expansion_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

var (
	t0   = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC) // first sale
	asOf = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC) // 177 days later
)

func ptr[T any](v T) *T { return &v }

// outcome returns a Desired Outcome assessment with the given statuses.
func outcome(statuses ...success.OutcomeStatus) *success.DesiredOutcomeAssessment {
	o := &success.DesiredOutcomeAssessment{ID: "do1", Account: "acme", AsOf: asOf, Achieved: true}
	for i, st := range statuses {
		o.Outcomes = append(o.Outcomes, success.OutcomeAssessment{ID: "o" + string(rune('1'+i)), Status: st})
		if st != success.Achieved {
			o.Achieved = false
		}
	}
	return o
}

// ready returns an input that is Ready with no blocker: outcome achieved,
// green, seats 85% used, a promoter.
func ready() expansion.Input {
	return expansion.Input{
		Account:        success.Account{ID: "acme", ARR: success.MustMoney("12000", "USD"), StartDate: t0, Stage: success.LifecycleStage("adoption")},
		DesiredOutcome: outcome(success.Achieved),
		Fit:            success.GoodFit,
		Health:         &expansion.Health{Score: 82, Band: expansion.Green, Confident: true},
		Entitlements:   []expansion.Entitlement{{ID: "seats", Purchased: 100, Used: 85}, {ID: "projects", Purchased: 10, Used: 2}},
		Advocacy:       expansion.Advocacy{NPS: ptr(9)},
		Purchases:      expansion.Purchases{FirstSale: t0, Later: []expansion.Purchase{{At: t0.AddDate(0, 0, 20), Amount: success.MustMoney("1200", "USD")}}},
	}
}

func codes[T any, C ~string](items []T, code func(T) C) []C {
	out := []C{}
	for _, it := range items {
		out = append(out, code(it))
	}
	return out
}

func blockerCodes(a expansion.Assessment) []expansion.BlockerCode {
	return codes(a.Blockers, func(b expansion.Blocker) expansion.BlockerCode { return b.Code })
}

func flagCodes(a expansion.Assessment) []expansion.FlagCode {
	return codes(a.Flags, func(f expansion.Flag) expansion.FlagCode { return f.Code })
}

func TestAssessReadyAccount(t *testing.T) {
	a, err := expansion.Assess(ready(), asOf, expansion.Options{})
	require.NoError(t, err)
	assert.Equal(t, expansion.Ready, a.Level)
	assert.Empty(t, a.Blockers)
	assert.Empty(t, a.Flags)
	// Known: outcome 25, utilisation 25, health 20, NPS 10, advocacy 10 = 90.
	// Points: 25 + 25·min(0.85/0.8,1) + 20·0.82 + 10 + 0 = 76.4 of 90.
	assert.InDelta(t, 100*76.4/90, a.Score, 1e-9)
	assert.InDelta(t, 0.9, a.KnownWeight, 1e-12)
	sum := 0.0
	for _, r := range a.Reasons {
		sum += r.Points
	}
	assert.InDelta(t, a.Score, sum, 1e-9, "points add up to the score")
	u := a.Reasons[1]
	assert.Equal(t, expansion.Reason{Code: expansion.Utilisation, Subject: "seats", Value: 0.85, Threshold: 0.8, Weight: 25, Points: 25 * 100 / 90.0}, u)
}

func TestAssessRules(t *testing.T) {
	type tc struct {
		name     string
		edit     func(in *expansion.Input)
		asOf     time.Time
		level    expansion.Level
		blockers []expansion.BlockerCode
		flags    []expansion.FlagCode
	}
	tests := []tc{
		{name: "ready", edit: func(*expansion.Input) {}, level: expansion.Ready},
		{name: "green, high utilisation, Desired Outcome missed: nurture, not ready",
			edit: func(in *expansion.Input) {
				in.DesiredOutcome = outcome(success.Achieved, success.Missed)
				in.Entitlements[0].Used = 99
				in.Health.Score = 95
			},
			level: expansion.Nurture, blockers: []expansion.BlockerCode{expansion.OutcomeNotOnTrack}},
		{name: "promoter with an open risk play: blocked",
			edit: func(in *expansion.Input) {
				in.Advocacy = expansion.Advocacy{NPS: ptr(10), Reference: true, CaseStudy: true}
				in.Risk = expansion.Risk{OpenPlay: true, PlayReason: "exec sponsor left"}
			},
			level: expansion.NotReady, blockers: []expansion.BlockerCode{expansion.OpenRiskPlay}},
		{name: "bad fit blocks", edit: func(in *expansion.Input) { in.Fit = success.BadFit },
			level: expansion.NotReady, blockers: []expansion.BlockerCode{expansion.BadFit}},
		{name: "red band blocks", edit: func(in *expansion.Input) { in.Health.Band = expansion.Red },
			level: expansion.NotReady, blockers: []expansion.BlockerCode{expansion.RedBand}},
		{name: "churn signal blocks", edit: func(in *expansion.Input) { in.Risk.ChurnSignal = true },
			level: expansion.NotReady, blockers: []expansion.BlockerCode{expansion.ChurnSignal}},
		{name: "required outcomes on track: may be ready",
			edit:  func(in *expansion.Input) { in.DesiredOutcome = outcome(success.OnTrack, success.Achieved) },
			level: expansion.Ready},
		{name: "an outcome stuck caps at nurture",
			edit:  func(in *expansion.Input) { in.DesiredOutcome = outcome(success.OnTrack, success.Stuck) },
			level: expansion.Nurture, blockers: []expansion.BlockerCode{expansion.OutcomeNotOnTrack}},
		{name: "no Desired Outcome caps at nurture",
			edit:  func(in *expansion.Input) { in.DesiredOutcome = nil },
			level: expansion.Nurture, blockers: []expansion.BlockerCode{expansion.OutcomeUnknown}},
		{name: "low utilisation and no advocacy: nurture by score",
			edit: func(in *expansion.Input) {
				in.Entitlements[0].Used = 20
				in.Advocacy.NPS = ptr(7)
			},
			level: expansion.Nurture},
		{name: "detractor, idle, weak health: not ready by score",
			edit: func(in *expansion.Input) {
				in.Entitlements[0].Used = 5
				in.Advocacy.NPS = ptr(3)
				in.Health = &expansion.Health{Score: 40, Band: expansion.Yellow}
				in.DesiredOutcome = outcome(success.OnTrack)
			},
			level: expansion.NotReady},
		{name: "overage is flagged", edit: func(in *expansion.Input) { in.Entitlements[1].Used = 12 },
			level: expansion.Ready, flags: []expansion.FlagCode{expansion.Overage}},
		{name: "overage flags, in entitlement order, before the nudge",
			edit: func(in *expansion.Input) {
				in.Entitlements[1].Used = 12
				in.Entitlements[0].Used = 101
				in.Purchases.Later = nil
			},
			level: expansion.Ready, flags: []expansion.FlagCode{expansion.Overage, expansion.Overage, expansion.SecondPurchaseNudge}},
		{name: "no second purchase after 30 days: nudge",
			edit:  func(in *expansion.Input) { in.Purchases.Later = nil },
			level: expansion.Ready, flags: []expansion.FlagCode{expansion.SecondPurchaseNudge}},
		{name: "second purchase after the date does not count",
			edit:  func(in *expansion.Input) { in.Purchases.Later[0].At = asOf.AddDate(0, 0, 1) },
			level: expansion.Ready, flags: []expansion.FlagCode{expansion.SecondPurchaseNudge}},
		{name: "within 30 days no nudge yet", asOf: t0.AddDate(0, 0, 29),
			edit:  func(in *expansion.Input) { in.Purchases.Later = nil; in.DesiredOutcome.AsOf = t0 },
			level: expansion.Ready},
		{name: "every blocker at once", edit: func(in *expansion.Input) {
			in.Fit = success.BadFit
			in.Health.Band = expansion.Red
			in.Risk = expansion.Risk{OpenPlay: true, ChurnSignal: true}
			in.DesiredOutcome = outcome(success.Behind)
		}, level: expansion.NotReady, blockers: []expansion.BlockerCode{expansion.BadFit, expansion.RedBand, expansion.OpenRiskPlay, expansion.ChurnSignal, expansion.OutcomeNotOnTrack}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ready()
			tt.edit(&in)
			date := asOf
			if !tt.asOf.IsZero() {
				date = tt.asOf
			}
			a, err := expansion.Assess(in, date, expansion.Options{})
			require.NoError(t, err)
			assert.Equal(t, tt.level, a.Level, "score %v", a.Score)
			assert.Equal(t, append([]expansion.BlockerCode{}, tt.blockers...), blockerCodes(a))
			assert.Equal(t, append([]expansion.FlagCode{}, tt.flags...), flagCodes(a))
		})
	}
}

// A failed AssessInto leaves no assessment behind, whatever dst held.
func TestAssessIntoErrorLeavesNoAssessment(t *testing.T) {
	var a expansion.Assessment
	in := ready()
	require.NoError(t, expansion.AssessInto(&a, &in, asOf, expansion.Options{}))
	require.Equal(t, expansion.Ready, a.Level)
	in.Advocacy.NPS = ptr(12)
	require.Error(t, expansion.AssessInto(&a, &in, asOf, expansion.Options{}))
	assert.Empty(t, a.Level)
	assert.Empty(t, a.Reasons)
	in = ready()
	require.NoError(t, expansion.AssessInto(&a, &in, asOf, expansion.Options{}))
	require.Error(t, expansion.AssessInto(&a, &in, asOf, expansion.Options{EarlyBoost: 0.5}))
	assert.Empty(t, a.Account)
	assert.Empty(t, a.Reasons)
}
