package health_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// exampleCard is a small SMB scorecard: adoption counts most, support load
// next, the CSM's own rating least; a failed payment forces red.
func exampleCard() health.Scorecard {
	return health.Scorecard{
		ID: "smb", Name: "SMB health", Version: 1,
		Groups: []health.Group{
			{ID: "adoption", Weight: 50, Measures: []health.Measure{
				{ID: "weekly_active_share", Weight: 2, Normaliser: health.Linear(0.1, 0.8, success.HigherIsBetter)},
				{ID: "features_used", Weight: 1, Normaliser: health.Tiers(
					health.Tier{From: 0, To: 3, Points: 20},
					health.Tier{From: 3, To: 6, Points: 60},
					health.Tier{From: 6, To: 1000, Points: 100})},
			}},
			{ID: "support", Weight: 30, Measures: []health.Measure{
				{ID: "open_tickets", Weight: 1, Normaliser: health.Linear(0, 8, success.LowerIsBetter)},
				{ID: "payment_ok", Weight: 1, Normaliser: health.Boolean(100, 0),
					Critical: &health.Critical{Below: 50, CapBand: "red"}},
			}},
			{ID: "relationship", Weight: 20, Measures: []health.Measure{
				{ID: "csm_rating", Weight: 1, Subjective: true, Normaliser: health.CategoricalWithDefault(50,
					health.CategoryPoints{Name: "at_risk", Points: 0},
					health.CategoryPoints{Name: "neutral", Points: 60},
					health.CategoryPoints{Name: "champion", Points: 100})},
			}},
		},
	}
}

// Define a scorecard, score an account and read the explanation.
func Example() {
	plan, err := health.Compile(exampleCard())
	if err != nil {
		panic(err)
	}
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	score, err := plan.Score("acme", health.Inputs{
		"weekly_active_share": success.NumberValue(0.45),
		"features_used":       success.NumberValue(4),
		"open_tickets":        success.NumberValue(2),
		"payment_ok":          success.BoolValue(true),
		// csm_rating is missing: its weight goes to the other groups.
	}, asOf, health.ScoreOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.1f %s (missing %v, %.0f%% of the weight)\n", score.Account, score.Value, score.Band, score.Missing(), 100*score.MissingWeight)
	for _, m := range score.Measures() {
		fmt.Printf("  %-20s %5.1f points x %.3f = %5.2f\n", m.ID(), m.Points, m.EffectiveWeight, m.Contribution())
	}
	// Output:
	// acme: 66.1 yellow (missing [csm_rating], 20% of the weight)
	//   weekly_active_share   50.0 points x 0.417 = 20.83
	//   features_used         60.0 points x 0.208 = 12.50
	//   open_tickets          75.0 points x 0.188 = 14.06
	//   payment_ok           100.0 points x 0.188 = 18.75
	//   csm_rating             0.0 points x 0.000 =  0.00
}

// Scorecards load from JSON; every problem is reported at once with its path.
func ExampleLoadScorecard() {
	_, err := health.LoadScorecard(strings.NewReader(`{
	  "id": "smb",
	  "bands": [{"name": "red", "min": 0, "max": 50}, {"name": "green", "min": 60, "max": 100}],
	  "groups": [
	    {"id": "adoption", "weight": 1, "measures": [
	      {"id": "logins", "weight": 1, "normaliser": {"kind": "linear", "min": 0, "max": 20, "direction": "higher_is_better"}}]},
	    {"id": "support", "weight": 1, "measures": [
	      {"id": "logins", "weight": -1, "normaliser": {"kind": "boolean", "true_points": 100}}]}]
	}`), health.LoadOptions{})
	for _, e := range success.AsFieldErrors(err) {
		fmt.Println(e)
	}
	// Output:
	// groups[1].measures[0].normaliser.false_points: is required
	// bands[1].min: must equal the previous band's max (50) so bands have no gap or overlap, got 60
	// groups[1].measures[0].id: duplicate ID "logins" (also groups[0].measures[0])
	// groups[1].measures[0].weight: must be >= 0 and finite, got -1
}

// Explain why an account's score moved between two weeks.
func ExampleExplain() {
	plan, _ := health.Compile(exampleCard())
	week1 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	in := health.Inputs{
		"weekly_active_share": success.NumberValue(0.6),
		"features_used":       success.NumberValue(7),
		"open_tickets":        success.NumberValue(1),
		"payment_ok":          success.BoolValue(true),
		"csm_rating":          success.StringValue("champion"),
	}
	before, _ := plan.Score("acme", in, week1, health.ScoreOptions{})
	in["weekly_active_share"] = success.NumberValue(0.3)
	in["open_tickets"] = success.NumberValue(5)
	after, _ := plan.Score("acme", in, week1.AddDate(0, 0, 7), health.ScoreOptions{})

	change, err := health.Explain(before, after)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.1f (%s) -> %.1f (%s): %+.1f\n", change.Before, change.BandBefore, change.After, change.BandAfter, change.Delta)
	for _, m := range change.Measures {
		fmt.Printf("  %-20s %v -> %v: %+.2f points\n", m.ID, m.InputBefore, m.InputAfter, m.Effect)
	}
	// Output:
	// 88.6 (green) -> 66.8 (yellow): -21.8
	//   weekly_active_share  0.6 -> 0.3: -14.29 points
	//   open_tickets         1 -> 5: -7.50 points
}

// Backtest: did accounts scored low 90 days ago churn more?
func ExampleBacktest() {
	asOf := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	var outcomes []health.Outcome
	for i, v := range []float64{12, 25, 31, 38, 44, 52, 58, 63, 67, 71, 76, 80, 84, 88, 91, 95} {
		band := "red"
		if v >= 75 {
			band = "green"
		} else if v >= 50 {
			band = "yellow"
		}
		outcomes = append(outcomes, health.Outcome{
			Score: health.Score{Account: success.AccountID(fmt.Sprintf("acct-%02d", i)), ScorecardID: "smb",
				AsOf: asOf, Available: true, Value: v, Band: band},
			Churned: slices.Contains([]int{0, 1, 3, 6, 9}, i),
			ARR:     success.MustMoney("12000", "USD"),
		})
	}
	report, err := health.Backtest(slices.Values(outcomes), health.DefaultBands())
	if err != nil {
		panic(err)
	}
	fmt.Printf("AUC %.3f, churn rate %.1f%%\n", report.AUC, 100*report.ChurnRate)
	for _, b := range report.Bands {
		fmt.Printf("  %-6s %2d accounts, %d churned (%.0f%%), ARR lost %s\n", b.Band, b.Accounts, b.Churned, 100*b.ChurnRate, b.ARRLost)
	}
	fmt.Printf("lowest decile lift %.1fx\n", report.Lift[0].Lift)
	// Output:
	// AUC 0.836, churn rate 31.2%
	//   red     5 accounts, 3 churned (60%), ARR lost 36000.00 USD
	//   yellow  5 accounts, 2 churned (40%), ARR lost 24000.00 USD
	//   green   6 accounts, 0 churned (0%), ARR lost 0.00 USD
	// lowest decile lift 3.2x
}

// Score a batch of accounts from columns, as a pipeline would: one column per
// measure in MeasureIDs order, NaN for a missing input.
func ExamplePlan_ScoreColumns() {
	plan, _ := health.Compile(exampleCard())
	fmt.Println(plan.MeasureIDs())
	champion, _ := plan.CategoryIndex("csm_rating", "champion")
	columns := [][]float64{
		{0.45, 0.75, 0.05},         // weekly_active_share
		{4, 8, 1},                  // features_used
		{2, 0, 7},                  // open_tickets
		{1, 0, 1},                  // payment_ok (1 = true)
		{math.NaN(), champion, -1}, // csm_rating (-1: a category not listed)
	}
	values := make([]float64, 3)
	bands := make([]int8, 3)
	if err := plan.ScoreColumns(columns, values, bands, nil, success.ColumnOptions{}); err != nil {
		panic(err)
	}
	// Account 1 averages 82.6 but its failed payment caps it at red.
	for i, v := range values {
		fmt.Printf("account %d: %.1f %s\n", i, v, plan.Bands()[bands[i]].Name)
	}
	// Output:
	// [weekly_active_share features_used open_tickets payment_ok csm_rating]
	// account 0: 66.1 yellow
	// account 1: 82.6 red
	// account 2: 30.2 red
}

// Learn weights from outcomes: which measures actually predicted churn?
func ExampleFitWeights() {
	plan, _ := health.Compile(health.Scorecard{ID: "smb", Version: 1, Measures: []health.Measure{
		{ID: "logins", Weight: 1, Normaliser: health.Linear(0, 20, success.HigherIsBetter)},
		{ID: "tickets", Weight: 1, Normaliser: health.Linear(0, 10, success.LowerIsBetter)},
	}})
	asOf := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	outcomes := func(n, offset int) []health.Outcome {
		var out []health.Outcome
		for i := range n {
			logins := float64((i*7 + offset) % 21)
			tickets := float64((i*3 + offset) % 11)
			s, err := plan.Score(success.AccountID(fmt.Sprint("acct-", offset, "-", i)), health.Inputs{
				"logins": success.NumberValue(logins), "tickets": success.NumberValue(tickets)}, asOf, health.ScoreOptions{})
			if err != nil {
				panic(err)
			}
			// In this book low usage drives churn; a ticket backlog matters less.
			churned := logins < 6 || (logins < 10 && i%3 == 0) || (tickets > 7 && i%4 == 0)
			out = append(out, health.Outcome{Score: s, Churned: churned, ARR: success.MustMoney("5000", "USD")})
		}
		return out
	}
	fit, err := health.FitWeights(plan, outcomes(300, 0), outcomes(100, 1), health.WeightFitOptions{})
	if err != nil {
		panic(err)
	}
	for _, c := range fit.Coefficients {
		fmt.Printf("%-8s %+.3f per point (z %+.1f)\n", c.Measure, c.Estimate, c.Z)
	}
	for _, m := range fit.Proposed.Measures {
		fmt.Printf("proposed weight %-8s %.3f\n", m.ID, m.Weight)
	}
	fmt.Printf("held-out AUC: original %.3f, proposed %.3f\n", fit.TestAUCOriginal, fit.TestAUCProposed)
	// Output:
	// logins   -0.064 per point (z -11.1)
	// tickets  -0.010 per point (z -2.2)
	// proposed weight logins   0.064
	// proposed weight tickets  0.010
	// held-out AUC: original 0.859, proposed 0.968
}
