package health_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// weeklyCard scores one measure, weekly active share, 0..100 over 0..1.
func weeklyCard() *health.Plan {
	plan, err := health.Compile(health.Scorecard{ID: "weekly", Version: 1, Measures: []health.Measure{
		{ID: "weekly_active_share", Weight: 1, Normaliser: health.Linear(0, 1, success.HigherIsBetter)},
	}})
	if err != nil {
		panic(err)
	}
	return plan
}

// Keep score history and read it back as of any date: backfills are as easy
// as today's score.
func ExampleMemoryStore() {
	ctx := context.Background()
	plan := weeklyCard()
	store := health.NewMemoryStore()
	for i, share := range []float64{0.62, 0.55, 0.40} {
		asOf := time.Date(2026, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)
		s, err := plan.Score("acme", health.Inputs{"weekly_active_share": success.NumberValue(share)}, asOf, health.ScoreOptions{})
		if err != nil {
			panic(err)
		}
		if _, err := store.Append(ctx, s); err != nil {
			panic(err)
		}
	}
	// What did acme score on 15 February?
	s, err := store.Latest(ctx, "acme", time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Printf("as of %s: %.0f %s (scored %s)\n", "2026-02-15", s.Value, s.Band, s.AsOf.Format(time.DateOnly))
	history, err := store.Range(ctx, "acme", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	for _, h := range history {
		fmt.Printf("%s %.0f\n", h.AsOf.Format(time.DateOnly), h.Value)
	}
	_, err = store.Latest(ctx, "acme", time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
	fmt.Println(err)
	// Output:
	// as of 2026-02-15: 55 yellow (scored 2026-02-01)
	// 2026-01-01 62
	// 2026-02-01 55
	// 2026-03-01 40
	// health: not found: no score for account "acme" as of 2025-12-31T00:00:00Z
}

// Say whether an account is going up, down or flat over the last 90 days.
func ExampleComputeTrend() {
	plan := weeklyCard()
	var scores []health.Score
	for i, share := range []float64{0.70, 0.64, 0.58, 0.51} {
		asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 30*i)
		s, err := plan.Score("acme", health.Inputs{"weekly_active_share": success.NumberValue(share)}, asOf, health.ScoreOptions{})
		if err != nil {
			panic(err)
		}
		scores = append(scores, s)
	}
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	trend, err := health.ComputeTrend(scores, asOf, 90*24*time.Hour, health.TrendOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %s, %.0f -> %.0f (%+.0f points over %d scores, %+.3f a day)\n",
		trend.Account, trend.Direction, trend.First, trend.Last, trend.Change, trend.Points, trend.SlopePerDay)
	// Output:
	// acme: down, 70 -> 51 (-19 points over 4 scores, -0.210 a day)
}

// Summarise a book of business by band and ARR.
func ExampleSummarizePortfolio() {
	plan := weeklyCard()
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	book := []struct {
		account success.AccountID
		share   float64
		arr     string
	}{{"acme", 0.9, "120000"}, {"globex", 0.6, "30000"}, {"initech", 0.2, "50000"}}
	var entries []health.PortfolioEntry
	for _, b := range book {
		s, err := plan.Score(b.account, health.Inputs{"weekly_active_share": success.NumberValue(b.share)}, asOf, health.ScoreOptions{})
		if err != nil {
			panic(err)
		}
		entries = append(entries, health.PortfolioEntry{Score: s, ARR: success.MustMoney(b.arr, "USD")})
	}
	sum, err := health.SummarizePortfolio(slices.Values(entries), plan.Bands())
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d accounts, %s ARR, ARR-weighted mean %.1f\n", sum.Count, sum.ARR, sum.ARRWeightedMean)
	for _, b := range sum.Bands {
		fmt.Printf("%-6s %d  %s (%.0f%%)\n", b.Band, b.Count, b.ARR, 100*b.Share)
	}
	// Output:
	// 3 accounts, 200000.00 USD ARR, ARR-weighted mean 68.0
	// red    1  50000.00 USD (25%)
	// yellow 1  30000.00 USD (15%)
	// green  1  120000.00 USD (60%)
}

// Pick the scorecard per segment and lifecycle stage: onboarding enterprise
// accounts are judged on setup, everyone else on adoption.
func ExampleLoadSet() {
	doc := `{
	  "scorecards": [
	    {"id": "ent-onboarding", "version": 1, "measures": [
	      {"id": "setup_done", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 20}}]},
	    {"id": "adoption", "version": 3, "measures": [
	      {"id": "weekly_active_share", "weight": 1, "normaliser": {"kind": "linear", "min": 0, "max": 1, "direction": "higher_is_better"}}]}],
	  "rules": [{"segment": "enterprise", "stage": "onboarding", "scorecard": "ent-onboarding"}],
	  "default": "adoption"}`
	set, err := health.LoadSet(strings.NewReader(doc), health.LoadOptions{})
	if err != nil {
		panic(err)
	}
	plans, err := health.CompileSet(set)
	if err != nil {
		panic(err)
	}
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	newEnterprise := success.Account{ID: "acme", Segment: "enterprise", Stage: success.StageOnboarding}
	s, err := plans.Score(newEnterprise, health.Inputs{"setup_done": success.BoolValue(false)}, asOf, health.ScoreOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: scorecard %s v%d, %.0f %s\n", s.Account, s.ScorecardID, s.ScorecardVersion, s.Value, s.Band)
	smb := success.Account{ID: "globex", Segment: "smb", Stage: success.StageAdoption}
	fmt.Println(plans.For(smb).Scorecard().ID)
	// Output:
	// acme: scorecard ent-onboarding v1, 20 red
	// adoption
}
