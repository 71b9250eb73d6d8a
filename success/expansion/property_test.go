package expansion_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

var statuses = []success.OutcomeStatus{success.NotStarted, success.OnTrack, success.Behind, success.Stale, success.Stuck, success.Achieved, success.Missed}

// genInput draws a valid input as of asOf, every optional signal present or not.
func genInput(t *rapid.T) expansion.Input {
	in := expansion.Input{
		Account:   success.Account{ID: "acme", ARR: success.MustMoney("1000", "USD"), StartDate: t0},
		Purchases: expansion.Purchases{FirstSale: asOf.AddDate(0, 0, -rapid.IntRange(0, 400).Draw(t, "age"))},
	}
	if rapid.Bool().Draw(t, "has outcome") {
		n := rapid.IntRange(0, 3).Draw(t, "outcomes")
		var st []success.OutcomeStatus
		for range n {
			st = append(st, rapid.SampledFrom(statuses).Draw(t, "status"))
		}
		in.DesiredOutcome = outcome(st...)
		if n == 0 {
			in.DesiredOutcome.Achieved = rapid.Bool().Draw(t, "achieved")
		}
	}
	in.Fit = rapid.SampledFrom([]success.Verdict{"", success.GoodFit, success.BadFit}).Draw(t, "fit")
	if rapid.Bool().Draw(t, "has health") {
		in.Health = &expansion.Health{Score: rapid.Float64Range(0, 100).Draw(t, "health"),
			Band:      rapid.SampledFrom([]expansion.Band{"", expansion.Green, expansion.Yellow, expansion.Red}).Draw(t, "band"),
			Confident: rapid.Bool().Draw(t, "confident")}
	}
	for i := range rapid.IntRange(0, 4).Draw(t, "entitlements") {
		in.Entitlements = append(in.Entitlements, expansion.Entitlement{ID: fmt.Sprint("e", i),
			Purchased: rapid.Float64Range(1, 1e6).Draw(t, "purchased"), Used: rapid.Float64Range(0, 2e6).Draw(t, "used")})
	}
	if rapid.Bool().Draw(t, "has nps") {
		nps := rapid.IntRange(0, 10).Draw(t, "nps")
		in.Advocacy.NPS = &nps
	}
	in.Advocacy.Reference = rapid.Bool().Draw(t, "reference")
	in.Advocacy.CaseStudy = rapid.Bool().Draw(t, "case study")
	in.Risk.OpenPlay = rapid.Float64Range(0, 1).Draw(t, "play") < 0.2
	in.Risk.ChurnSignal = rapid.Float64Range(0, 1).Draw(t, "signal") < 0.2
	if rapid.Bool().Draw(t, "has model") {
		p := rapid.Float64Range(0, 1).Draw(t, "p")
		in.SecondPurchase = &p
	}
	for range rapid.IntRange(0, 2).Draw(t, "purchases") {
		at := in.Purchases.FirstSale.Add(time.Duration(rapid.IntRange(0, 500).Draw(t, "day")) * 24 * time.Hour)
		in.Purchases.Later = append(in.Purchases.Later, expansion.Purchase{At: at, Amount: success.MustMoney("100", "USD")})
	}
	return in
}

func genOptions(t *rapid.T) expansion.Options {
	if rapid.Bool().Draw(t, "default options") {
		return expansion.Options{}
	}
	nurture := rapid.Float64Range(1, 80).Draw(t, "nurture")
	strong := rapid.Float64Range(0.1, 1).Draw(t, "strong")
	return expansion.Options{NurtureScore: nurture, ReadyScore: rapid.Float64Range(nurture, 100).Draw(t, "ready"),
		StrongUtilisation: strong, EarlyBoost: rapid.Float64Range(1, 2).Draw(t, "boost")}
}

func TestPropertyScoreBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, opts := genInput(t), genOptions(t)
		a, err := expansion.Assess(in, asOf, opts)
		require.NoError(t, err)
		if !(a.Score >= 0 && a.Score <= 100) {
			t.Fatalf("score %v outside [0, 100]", a.Score)
		}
		sum := 0.0
		for _, r := range a.Reasons {
			sum += r.Points
		}
		require.InDelta(t, a.Score, sum, 1e-9, "points add up to the score")
		require.NoError(t, a.Level.Validate())
	})
}

func TestPropertyBlockerNeverRaisesLevel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, opts := genInput(t), genOptions(t)
		before, err := expansion.Assess(in, asOf, opts)
		require.NoError(t, err)
		switch rapid.IntRange(0, 5).Draw(t, "blocker") {
		case 0:
			in.Fit = success.BadFit
		case 1:
			if in.Health == nil {
				in.Health = &expansion.Health{Score: 0}
			}
			in.Health.Band = expansion.Red
		case 2:
			in.Risk.OpenPlay = true
		case 3:
			in.Risk.ChurnSignal = true
		case 4:
			in.DesiredOutcome = nil
		case 5:
			if in.DesiredOutcome == nil {
				in.DesiredOutcome = outcome()
			}
			in.DesiredOutcome.Outcomes = append(in.DesiredOutcome.Outcomes, success.OutcomeAssessment{ID: "late", Status: success.Missed})
			in.DesiredOutcome.Achieved = false
		}
		after, err := expansion.Assess(in, asOf, opts)
		require.NoError(t, err)
		if after.Level.Rank() > before.Level.Rank() {
			t.Fatalf("a blocker raised the level from %s to %s", before.Level, after.Level)
		}
		require.NotEmpty(t, after.Blockers)
	})
}

func TestPropertyUtilisationNeverLowersScore(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, opts := genInput(t), genOptions(t)
		if len(in.Entitlements) == 0 {
			in.Entitlements = []expansion.Entitlement{{ID: "seats", Purchased: 10, Used: 1}}
		}
		before, err := expansion.Assess(in, asOf, opts)
		require.NoError(t, err)
		i := rapid.IntRange(0, len(in.Entitlements)-1).Draw(t, "which")
		in.Entitlements[i].Used += rapid.Float64Range(0, 1e6).Draw(t, "more")
		after, err := expansion.Assess(in, asOf, opts)
		require.NoError(t, err)
		if after.Score < before.Score {
			t.Fatalf("raising utilisation lowered the score from %v to %v", before.Score, after.Score)
		}
	})
}

// AssessInto into a reused assessment gives what Assess gives.
func TestPropertyAssessIntoReuse(t *testing.T) {
	var dst expansion.Assessment
	rapid.Check(t, func(t *rapid.T) {
		in, opts := genInput(t), genOptions(t)
		want, err := expansion.Assess(in, asOf, opts)
		require.NoError(t, err)
		require.NoError(t, expansion.AssessInto(&dst, &in, asOf, opts))
		require.Equal(t, len(want.Reasons), len(dst.Reasons))
		require.Equal(t, want.Score, dst.Score)
		require.Equal(t, want.Level, dst.Level)
		require.Equal(t, want.Reasons, dst.Reasons)
		require.Equal(t, fmt.Sprint(want.Blockers), fmt.Sprint(dst.Blockers))
		require.Equal(t, fmt.Sprint(want.Flags), fmt.Sprint(dst.Flags))
	})
}

// The zero Options take a precomputed fast path; the same defaults written
// out take the plain one. Both must assess alike.
func TestPropertyDefaultOptionsFastPath(t *testing.T) {
	explicit := expansion.Options{
		ReadyScore: expansion.DefaultReadyScore, NurtureScore: expansion.DefaultNurtureScore,
		StrongUtilisation: expansion.DefaultStrongUtilisation, Overage: expansion.DefaultOverage,
		PromoterNPS: expansion.DefaultPromoterNPS, PassiveNPS: expansion.DefaultPassiveNPS,
		EarlyWindow: expansion.DefaultEarlyWindow, EarlyBoost: expansion.DefaultEarlyBoost,
		NudgeAfter: expansion.DefaultNudgeAfter, UnconfidentHealthShare: expansion.DefaultUnconfidentHealthShare,
	}
	rapid.Check(t, func(t *rapid.T) {
		in := genInput(t)
		want, err := expansion.Assess(in, asOf, explicit)
		require.NoError(t, err)
		got, err := expansion.Assess(in, asOf, expansion.Options{})
		require.NoError(t, err)
		require.Equal(t, want, got)
	})
}
