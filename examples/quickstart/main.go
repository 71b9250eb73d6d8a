// Quickstart models three customers with secondsale's success package: it
// judges each one's fit against an ideal-customer profile (Success Potential),
// then assesses their Desired Outcome (Required Outcomes plus Appropriate
// Experience) as of a fixed date, and prints both so you can see why every
// number is what it is.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/secondsale/secondsale/success"
)

// The ideal-customer profile, as a host would keep it in a JSON file.
const profileJSON = `{
  "id": "icp-2026", "name": "Mid-market finance teams", "threshold": 70,
  "criteria": [
    {"id": "size",      "attribute": "employees", "weight": 3, "range": {"min": 100, "max": 5000},
     "description": "big enough to have a finance team, small enough to onboard in a quarter"},
    {"id": "industry",  "attribute": "industry",  "weight": 2, "one_of": ["saas", "fintech", "ecommerce"]},
    {"id": "erp",       "attribute": "erp",       "weight": 2, "one_of": ["netsuite", "sage intacct"]},
    {"id": "sponsor",   "attribute": "cfo_sponsor", "weight": 1, "equals": true},
    {"id": "currency",  "attribute": "arr_currency", "weight": 0, "one_of": ["USD", "EUR", "GBP"],
     "disqualify": "must_have"}
  ]
}`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	profile, err := success.LoadProfile(strings.NewReader(profileJSON), success.ProfileLoadOptions{})
	if err != nil {
		return err
	}
	asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	fmt.Printf("secondsale quickstart: three customers as of %s\n", asOf.Format(time.DateOnly))

	for _, c := range customers() {
		fmt.Printf("\n== %s (%s, %s ARR, %s)\n", c.account.Name, c.account.ID, c.account.ARR, c.account.Stage)

		fit, err := profile.Assess(c.account)
		if err != nil {
			return err
		}
		fmt.Printf("Success Potential: %s, fit score %.0f/100 (%s)\n", verdictWord(fit.Verdict), fit.Score, fit.Reason)
		for _, cr := range fit.Criteria {
			fmt.Printf("   %-3s %-9s %s\n", mark(cr), cr.ID, cr.Reason)
		}

		a, err := c.outcome.Assess(asOf, success.StatusOptions{})
		if err != nil {
			return err
		}
		state := "not yet achieved"
		if a.Achieved {
			state = "ACHIEVED"
		}
		fmt.Printf("Desired Outcome %q: %s, Success Gap %.0f%%\n", c.outcome.Name, state, 100*a.Gap.Normalised)
		for _, o := range a.Outcomes {
			fmt.Printf("   %-22s %-11s %3.0f%% done, %3.0f%% expected by now  (%s)\n",
				o.Metric, o.Status, 100*o.Progress, 100*o.Expected, o.Reason)
		}
		for _, e := range a.Experience {
			met := "not met"
			if e.Met {
				met = "met"
			}
			fmt.Printf("   experience %-22s %s\n", e.Name+":", met)
		}
		for _, m := range a.Missing {
			fmt.Printf("   missing: %s\n", m)
		}
	}
	return nil
}

type customer struct {
	account success.Account
	outcome success.DesiredOutcome
}

func customers() []customer {
	jan := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	return []customer{
		{
			account: success.Account{
				ID: "acme", Name: "Acme Analytics", ARR: success.MustMoney("48000", "USD"),
				StartDate: jan, Stage: success.StageValueRealisation,
				Attributes: success.Attributes{
					"employees": success.NumberValue(640), "industry": success.StringValue("saas"),
					"erp": success.StringValue("netsuite"), "cfo_sponsor": success.BoolValue(true),
				},
			},
			outcome: success.DesiredOutcome{
				ID: "acme-close", Account: "acme", Name: "close the books in 4 days",
				Required: []success.RequiredOutcome{
					outcome("close", "month-end close", "days", 10, 4, success.LowerIsBetter, jan, 9, 7, 6, 5, 4),
					outcome("auto", "auto-matched invoices", "%", 20, 80, success.HigherIsBetter, jan, 35, 50, 62, 71, 80),
				},
				Experience: []success.ExperienceRequirement{
					{ID: "sso", Name: "SSO with Okta", Met: true, Since: jan.AddDate(0, 0, 10)},
					{ID: "audit", Name: "auditor read access", Met: true, Since: jan.AddDate(0, 2, 0)},
				},
			},
		},
		{
			account: success.Account{
				ID: "globex", Name: "Globex Retail", ARR: success.MustMoney("21000", "EUR"),
				StartDate: jan, Stage: success.StageAdoption,
				Attributes: success.Attributes{
					"employees": success.NumberValue(2300), "industry": success.StringValue("ecommerce"),
					"erp": success.StringValue("sap"),
				},
			},
			outcome: success.DesiredOutcome{
				ID: "globex-recon", Account: "globex", Name: "daily bank reconciliation",
				Required: []success.RequiredOutcome{
					outcome("recon", "reconciled accounts", "%", 0, 100, success.HigherIsBetter, jan, 10, 22, 25, 25, 25),
				},
				Experience: []success.ExperienceRequirement{
					{ID: "eu", Name: "EU data residency", Met: true, Since: jan},
					{ID: "exec", Name: "weekly exec report"},
				},
			},
		},
		{
			account: success.Account{
				ID: "initech", Name: "Initech", ARR: success.MustMoney("6500000", "JPY"),
				StartDate: jan, Stage: success.StageOnboarding,
				Attributes: success.Attributes{
					"employees": success.NumberValue(45), "industry": success.StringValue("manufacturing"),
				},
			},
			outcome: success.DesiredOutcome{
				ID: "initech-ap", Account: "initech", Name: "pay suppliers on time",
				Required: []success.RequiredOutcome{
					outcome("ontime", "invoices paid on time", "%", 60, 95, success.HigherIsBetter, jan, 58, 61),
				},
			},
		},
	}
}

// outcome builds a six-month Required Outcome with one reading a month.
func outcome(id, metric, unit string, baseline, target float64, dir success.Direction, start time.Time, monthly ...float64) success.RequiredOutcome {
	o := success.RequiredOutcome{ID: id, Metric: metric, Unit: unit, Baseline: baseline, Target: target,
		Direction: dir, Start: start, Due: start.AddDate(0, 6, 0)}
	for i, v := range monthly {
		o.Measure(start.AddDate(0, i+1, 0), v)
	}
	return o
}

func verdictWord(v success.Verdict) string {
	if v == success.GoodFit {
		return "GOOD FIT"
	}
	return "BAD FIT"
}

func mark(c success.CriterionResult) string {
	switch {
	case c.Match == success.MatchUnknown:
		return "?"
	case c.Disqualified:
		return "XX"
	case c.Satisfied:
		return "ok"
	default:
		return "-"
	}
}
