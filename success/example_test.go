package success_test

import (
	"encoding/json"
	"errors"
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

func ExampleAssessMilestones() {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	journey := []success.Milestone{
		{ID: "kickoff", Name: "Kick-off held", Required: true, DueAfterDays: 7, CompletedAt: start.AddDate(0, 0, 4)},
		{ID: "sso", Name: "SSO configured", Required: true, DueAfterDays: 14, CompletedAt: start.AddDate(0, 0, 20)},
		{ID: "training", Name: "Admins trained", DueAfterDays: 21},
		{ID: "live", Name: "First workflow live", Required: true, DueAfterDays: 30},
	}
	j, err := success.AssessMilestones(journey, start, start.AddDate(0, 0, 31))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range j.Milestones {
		fmt.Printf("%-9s %-9s due %s\n", m.ID, m.Status, m.Due.Format(time.DateOnly))
	}
	fmt.Printf("done %d, next %s, overdue required %v\n", j.Done, j.Next, j.OverdueRequired)
	// Output:
	// kickoff   done      due 2026-03-08
	// sso       done_late due 2026-03-15
	// training  overdue   due 2026-03-22
	// live      overdue   due 2026-03-31
	// done 2, next training, overdue required [live]
}

func ExampleRequiredOutcome_Assess() {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	users := success.RequiredOutcome{
		ID: "wau", Metric: "weekly active users", Baseline: 100, Target: 400,
		Direction: success.HigherIsBetter, Start: start, Due: start.AddDate(1, 0, 0),
	}
	users.Measure(start.AddDate(0, 1, 0), 180)
	users.Measure(start.AddDate(0, 2, 0), 170)
	users.Measure(start.AddDate(0, 3, 0), 175)
	users.Measure(start.AddDate(0, 4, 0), 178)
	// Measured monthly and improving: on track. Measured, but no new best
	// for 90 days: stuck. Not measured for 45 days: stale.
	for _, asOf := range []time.Time{start.AddDate(0, 1, 10), start.AddDate(0, 4, 5), start.AddDate(0, 6, 0)} {
		a, _ := users.Assess(asOf, success.StatusOptions{})
		fmt.Printf("%s %s: %s\n", asOf.Format(time.DateOnly), a.Status, a.Reason)
	}
	// Output:
	// 2026-02-11 on_track: 27% progress with 11% of the time elapsed
	// 2026-05-06 stuck: last new best 2026-02-01, 94 days ago (stuck after 90 days); last measured 2026-05-01, 5 days ago
	// 2026-07-01 stale: last measured 2026-05-01, 61 days ago (stale after 45 days)
}

func ExampleLoadProfile() {
	_, err := success.LoadProfile(strings.NewReader(`{"id": "icp", "criteria": [
	  {"id": "size", "attribute": "employees", "weight": -1, "range": {"min": 50}},
	  {"id": "size", "attribute": "industry", "wieght": 2, "one_of": ["saas"]}]}`), success.ProfileLoadOptions{})
	for _, fe := range success.AsFieldErrors(err) {
		fmt.Println(fe)
	}
	// Output:
	// criteria[1].wieght: unknown field
	// criteria[0].weight: must be >= 0 and at most 1e+12, got -1
	// criteria[1].id: duplicate id "size" (first at criteria[0])
}

func ExampleAccount_UnmarshalJSON() {
	var a success.Account
	err := json.Unmarshal([]byte(`{"id": "acme", "id": "acme-2", "arr": {"amount": "1e400", "currency": "USD"},
	  "start_date": "2026-01-01T00:00:00Z", "stage": "adoption", "segmnet": "smb"}`), &a)
	fmt.Println(errors.Is(err, success.ErrInvalid))
	for _, fe := range success.AsFieldErrors(err) {
		fmt.Println(fe)
	}
	// Output:
	// true
	// id: duplicate field
	// arr: amount is 10^400 or more; amounts must be below 10^18
	// segmnet: unknown field
}

func ExampleParseMoney() {
	for _, amount := range []string{"1200.50", "999999999999999999", "1e400", "0.0000000000001"} {
		m, err := success.ParseMoney(amount, "USD")
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(m)
	}
	// Output:
	// 1200.50 USD
	// 999999999999999999.00 USD
	// success: invalid input: amount is 10^400 or more; amounts must be below 10^18
	// success: invalid input: amount has 13 decimal places, more than 12
}
