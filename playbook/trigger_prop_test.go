package playbook_test

import (
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genTrigger draws a valid trigger tree of at most depth levels.
func genTrigger(t *rapid.T, depth int) playbook.Trigger {
	kinds := []playbook.TriggerKind{playbook.HealthBandEntered, playbook.HealthBand, playbook.ScoreAtLeast,
		playbook.ScoreBelow, playbook.ScoreDropped, playbook.ChurnSignal, playbook.RenewalWithin,
		playbook.MilestoneAchieved, playbook.MilestoneOverdue, playbook.OutcomeStatus, playbook.OutcomeAchieved,
		playbook.StageEntered, playbook.FitVerdict, playbook.ReadinessReached, playbook.SecondPurchaseNudge,
		playbook.NPS, playbook.HostPredicate}
	if depth > 1 {
		kinds = append(kinds, playbook.All, playbook.Any, playbook.Not)
	}
	k := rapid.SampledFrom(kinds).Draw(t, "kind")
	tr := playbook.Trigger{Kind: k}
	switch k {
	case playbook.All, playbook.Any, playbook.Not:
		n := 1
		if k != playbook.Not {
			n = rapid.IntRange(1, 3).Draw(t, "n")
		}
		for range n {
			tr.Clauses = append(tr.Clauses, genTrigger(t, depth-1))
		}
	case playbook.HealthBandEntered, playbook.HealthBand:
		tr.Band = rapid.SampledFrom([]string{"red", "yellow", "green"}).Draw(t, "band")
	case playbook.ScoreAtLeast, playbook.ScoreBelow, playbook.ScoreDropped:
		tr.Points = float64(rapid.IntRange(1, 100).Draw(t, "points"))
		if k == playbook.ScoreDropped {
			tr.WindowDays = rapid.IntRange(1, 60).Draw(t, "window")
		}
	case playbook.ChurnSignal:
		tr.Signals = rapid.SliceOfDistinct(rapid.SampledFrom([]churn.SignalKind{churn.DropOff, churn.Decline, churn.NeverActivated, churn.SupportSpike}),
			func(k churn.SignalKind) churn.SignalKind { return k }).Draw(t, "signals")
	case playbook.RenewalWithin:
		tr.Days = rapid.SampledFrom([]int{30, 90, 180}).Draw(t, "days")
	case playbook.MilestoneAchieved, playbook.MilestoneOverdue:
		tr.Milestone = rapid.SampledFrom([]string{"", "kickoff", "training"}).Draw(t, "milestone")
	case playbook.OutcomeStatus:
		tr.Statuses = []success.OutcomeStatus{rapid.SampledFrom([]success.OutcomeStatus{success.Behind, success.Stuck, success.OnTrack}).Draw(t, "status")}
	case playbook.StageEntered:
		tr.Stage = rapid.SampledFrom(success.LifecycleStages()).Draw(t, "stage")
	case playbook.FitVerdict:
		tr.Verdict = rapid.SampledFrom([]success.Verdict{success.GoodFit, success.BadFit}).Draw(t, "verdict")
	case playbook.ReadinessReached:
		tr.Level = rapid.SampledFrom(expansion.Levels()).Draw(t, "level")
	case playbook.NPS:
		tr.NPS = rapid.SampledFrom([]playbook.NPSCategory{playbook.Promoter, playbook.Passive, playbook.Detractor}).Draw(t, "nps")
	case playbook.HostPredicate:
		tr.Predicate = "coin"
	}
	return tr
}

// genFacts draws facts around baseFacts, with parts missing.
func genFacts(t *rapid.T) *playbook.Facts {
	f := baseFacts()
	score := func(label string) health.Score {
		v := float64(rapid.IntRange(0, 100).Draw(t, label))
		band := "red"
		switch {
		case v >= 75:
			band = "green"
		case v >= 50:
			band = "yellow"
		}
		return hscore(t0, v, band)
	}
	if rapid.Bool().Draw(t, "no health") {
		f.Health = nil
	} else {
		f.Health = ptr(score("health"))
	}
	for i := range f.HealthHistory {
		s := score("history")
		s.AsOf = f.HealthHistory[i].AsOf
		f.HealthHistory[i] = s
	}
	f.Account.RenewalDate = day(rapid.IntRange(-10, 200).Draw(t, "renewal"))
	f.NPS = ptr(rapid.IntRange(0, 10).Draw(t, "nps"))
	f.Account.Stage = rapid.SampledFrom(success.LifecycleStages()).Draw(t, "stage")
	if rapid.Bool().Draw(t, "no readiness") {
		f.Readiness = nil
	}
	return f
}

// Check and Holds agree with Match, checkpoint included, on any valid
// trigger and facts; and evaluation never fails on a valid trigger.
func TestCheckAgreesWithMatch(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tr := genTrigger(t, 4)
		require.NoError(t, tr.Validate())
		f := genFacts(t)
		coin := rapid.Bool().Draw(t, "coin")
		preds := playbook.Predicates{"coin": func(*playbook.Facts) (bool, string, error) { return coin, "coin", nil }}
		m, err := tr.Match(f, preds)
		require.NoError(t, err)
		held, cp, err := tr.Check(f, preds)
		require.NoError(t, err)
		require.Equal(t, m.Matched, held)
		require.Equal(t, m.Checkpoint, cp)
		h, err := tr.Holds(f, preds)
		require.NoError(t, err)
		require.Equal(t, held, h)
		require.Equal(t, "trigger", m.Clauses[0].Path)
		require.Equal(t, m.Matched, m.Clauses[0].Matched)
	})
}
