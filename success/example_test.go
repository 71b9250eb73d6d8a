package success_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/success"
)

func ExampleMoney() {
	arr := success.MustMoney("24000.00", "USD")
	upsell := success.MustMoney("6000", "USD")
	total, _ := arr.Add(upsell)
	mrr, _ := total.Div(decimal.NewFromInt(12), 2, success.RoundHalfEven)
	fmt.Println("ARR:", total)
	fmt.Println("MRR:", mrr)

	_, err := total.Add(success.MustMoney("100", "EUR"))
	fmt.Println(err)
	// Output:
	// ARR: 30000.00 USD
	// MRR: 2500.00 USD
	// success: currency mismatch: USD and EUR
}

func ExampleDesiredOutcome_Assess() {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	close := success.RequiredOutcome{
		ID: "close", Metric: "month-end close", Unit: "days",
		Baseline: 10, Target: 4, Direction: success.LowerIsBetter,
		Start: start, Due: start.AddDate(0, 6, 0),
	}
	close.Measure(start.AddDate(0, 1, 0), 8)
	close.Measure(start.AddDate(0, 2, 0), 6)

	outcome := success.DesiredOutcome{
		ID: "faster-close", Account: "acme",
		Required: []success.RequiredOutcome{close},
		Experience: []success.ExperienceRequirement{
			{ID: "eu", Name: "EU data residency", Met: true, Since: start},
			{ID: "exec", Name: "weekly exec report"},
		},
	}
	a, err := outcome.Assess(start.AddDate(0, 2, 5), success.StatusOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := a.Outcomes[0]
	fmt.Printf("%s: %s, progress %.0f%% (expected %.0f%%), %.0f days to go\n",
		o.Metric, o.Status, 100*o.Progress, 100*o.Expected, o.Gap.Distance)
	fmt.Println("achieved:", a.Achieved)
	for _, m := range a.Missing {
		fmt.Println("missing:", m)
	}
	// Output:
	// month-end close: on_track, progress 67% (expected 35%), 2 days to go
	// achieved: false
	// missing: required outcome "close" (on_track): 67% progress with 35% of the time elapsed
	// missing: experience "exec" (weekly exec report) not met
}

func ExampleProfile_Assess() {
	profile, err := success.LoadProfile(strings.NewReader(`{
	  "id": "icp-2026", "threshold": 70,
	  "criteria": [
	    {"id": "size", "attribute": "employees", "weight": 3, "range": {"min": 50, "max": 5000}},
	    {"id": "industry", "attribute": "industry", "weight": 2, "one_of": ["fintech", "saas"]},
	    {"id": "crm", "attribute": "crm", "weight": 1, "equals": "salesforce"},
	    {"id": "sanctioned", "attribute": "sanctioned", "weight": 0, "equals": true, "disqualify": "must_not_have"}
	  ]}`), success.ProfileLoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := profile.Assess(success.Account{ID: "globex", Attributes: success.Attributes{
		"employees": success.NumberValue(320),
		"industry":  success.StringValue("logistics"),
	}})
	fmt.Printf("%s: %s, score %.0f\n", a.Account, a.Verdict, a.Score)
	for _, c := range a.Criteria {
		fmt.Printf("  %-10s %-11s %s\n", c.ID, c.Match, c.Reason)
	}
	fmt.Println(a.Reason)
	// Output:
	// globex: bad_fit, score 60
	//   size       matched     employees is 320, within [50, 5000]
	//   industry   not_matched industry is "logistics", not one of ["fintech", "saas"]
	//   crm        unknown     crm is unknown
	//   sanctioned unknown     sanctioned is unknown
	// score 60.0 < threshold 70; 17% of the weight unknown; unconfirmed: sanctioned
}
