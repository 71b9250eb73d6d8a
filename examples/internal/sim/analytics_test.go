package sim_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// Expansion readiness as of a date predicts which accounts expand in the
// next 180 days. The readiness formula and the scorecard are fixed, not
// fitted; the accounts are those of a seed never used to tune the simulator,
// and only the odd-numbered ones, so the check is on held-out accounts.
func TestReadinessPredictsExpansion(t *testing.T) {
	b := generate(t, 21, 2000)
	all, err := b.ReadinessOutcomes(b.Options.AsOf.AddDate(0, 0, -180), 180*24*time.Hour)
	require.NoError(t, err)
	var outcomes []expansion.Outcome
	for _, o := range all {
		if n, _ := strconv.Atoi(string(o.Assessment.Account[len("acct-"):])); n%2 == 1 {
			outcomes = append(outcomes, o)
		}
	}
	require.Greater(t, len(outcomes), 300)
	rep, err := expansion.Backtest(slices.Values(outcomes))
	require.NoError(t, err)
	t.Logf("accounts %d, expanded %d, AUC %.3f", rep.Accounts, rep.Expanded, rep.AUC)
	require.Greater(t, rep.AUC, 0.55)
}

// The health score as of a date predicts churn in the next 180 days.
func TestHealthPredictsChurn(t *testing.T) {
	b := generate(t, 22, 2000)
	outcomes, err := b.HealthOutcomes(b.Options.AsOf.AddDate(0, 0, -180), 180*24*time.Hour)
	require.NoError(t, err)
	rep, err := health.Backtest(slices.Values(outcomes), nil)
	require.NoError(t, err)
	t.Logf("accounts %d, churned %d, AUC %.3f", rep.Accounts, rep.Churned, rep.AUC)
	require.Greater(t, rep.AUC, 0.6)
}

// The causal rules of the package doc show in the data.
func TestCauseAndEffect(t *testing.T) {
	b := generate(t, 5, 5000)
	type rate struct{ n, k int }
	share := func(r rate) float64 { return float64(r.k) / float64(r.n) }
	var churnGood, churnBad, expGood, expBad, expAchieved, expNot, third30, thirdLater rate
	var early, late int
	asOf := b.Options.AsOf
	for i := range b.Customers {
		c := &b.Customers[i]
		count := func(r *rate, hit bool) {
			r.n++
			if hit {
				r.k++
			}
		}
		// Only accounts observed for a year, so that young accounts do not
		// dilute the rates.
		if c.Account.StartDate.AddDate(1, 0, 0).Before(asOf) {
			churned := !c.FirstChurn().IsZero()
			expanded := len(c.Expansions) > 0
			count(pick(c.GoodFit(), &churnGood, &churnBad), churned)
			count(pick(c.GoodFit(), &expGood, &expBad), expanded)
			a, err := c.Outcome.Assess(asOf, success.StatusOptions{})
			require.NoError(t, err)
			count(pick(a.Achieved, &expAchieved, &expNot), expanded)
		}
		for _, s := range c.Subscriptions {
			if strings.Contains(s.ID, "/"+sim.ProductInsights+"/") {
				if s.Start.Sub(c.Account.StartDate) <= 90*24*time.Hour {
					early++
				} else {
					late++
				}
			}
		}
		if cr := c.Credits; len(cr) >= 2 && cr[1].At.AddDate(0, 0, 120).Before(asOf) {
			count(pick(cr[1].At.Sub(cr[0].At) <= 30*24*time.Hour, &third30, &thirdLater), len(cr) >= 3)
		}
	}
	t.Logf("churn good %.2f bad %.2f; expansion good %.2f bad %.2f, achieved %.2f not %.2f; cross-sell in 90 days %d of %d; third purchase after a quick second %.2f, a slow one %.2f",
		share(churnGood), share(churnBad), share(expGood), share(expBad), share(expAchieved), share(expNot), early, early+late, share(third30), share(thirdLater))
	require.Greater(t, share(churnBad), 1.5*share(churnGood), "bad fit churns more")
	require.Less(t, share(expBad), 0.6*share(expGood), "bad fit expands less")
	require.Greater(t, share(expAchieved), 1.3*share(expNot), "achieved outcomes expand more")
	require.Greater(t, float64(early)/float64(early+late), 0.65, "most cross-sell in the first 90 days")
	require.Greater(t, share(third30), share(thirdLater)+0.1, "a quick second purchase makes a third more likely")
}

func pick[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}

// Churn classification finds all four quadrants, and the churn of bad-fit
// accounts is reported as acquisition failure.
func TestChurnClassification(t *testing.T) {
	b := generate(t, 13, 3000)
	log, err := b.RiskLog()
	require.NoError(t, err)
	cl, err := churn.NewClassifier(log, churn.ClassifyOptions{})
	require.NoError(t, err)
	rep, _, err := cl.Report(context.Background(), b.ChurnEvents())
	require.NoError(t, err)
	for _, q := range churn.Quadrants() {
		require.Positive(t, rep.ByQuadrant[q].Count, q)
	}
	require.Positive(t, rep.AcquisitionFailures.Count)
	t.Logf("events %d, acquisition failures %d, quadrants %v", rep.Total.Count, rep.AcquisitionFailures.Count, rep.ByQuadrant)
}
