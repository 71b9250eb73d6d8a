package expansion_test

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// An account four months after its first sale: its onboarding outcome is
// achieved, it is healthy and uses 92 of its 100 seats, and it answered 9 to
// the NPS survey, so it is ready; the price list turns that into an upgrade
// and a cross-sell. The same account with an open risk play is blocked, and
// its opportunities say what stops them.
func ExampleAssess() {
	firstSale := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	nps := 9
	in := expansion.Input{
		Account: success.Account{ID: "acme", ARR: success.MustMoney("24000", "USD"), StartDate: firstSale},
		DesiredOutcome: &success.DesiredOutcomeAssessment{ID: "onboarding", Account: "acme", AsOf: asOf, Achieved: true,
			Outcomes: []success.OutcomeAssessment{{ID: "weekly-active", Status: success.Achieved}}},
		Fit:    success.GoodFit,
		Health: &expansion.Health{Score: 81, Band: expansion.Green, Confident: true},
		Entitlements: []expansion.Entitlement{
			{ID: "seats", Purchased: 100, Used: 92, Tier: "team"},
			{ID: "api_calls", Purchased: 1e6, Used: 1.15e6},
		},
		Products:  []string{"core"},
		Advocacy:  expansion.Advocacy{NPS: &nps},
		Purchases: expansion.Purchases{FirstSale: firstSale},
	}
	prices := expansion.PriceList{
		Currency: "USD",
		Units:    []expansion.UnitPrice{{Entitlement: "api_calls", Price: success.MustMoney("0.004", "USD")}},
		Ladders: []expansion.Ladder{{Entitlement: "seats", Tiers: []expansion.Tier{
			{Name: "team", ARR: success.MustMoney("24000", "USD")},
			{Name: "business", ARR: success.MustMoney("42000", "USD")},
		}}},
		Products: []expansion.Product{
			{ID: "core", ARR: success.MustMoney("24000", "USD")},
			{ID: "analytics", ARR: success.MustMoney("6000", "USD")},
		},
	}
	of := func(subject string) string {
		if subject == "" {
			return ""
		}
		return " of " + subject
	}
	show := func(in expansion.Input) {
		a, err := expansion.Assess(in, asOf, expansion.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s, score %.1f\n", a.Account, a.Level, a.Score)
		for _, r := range a.Reasons {
			fmt.Printf("  reason %s%s %g: %.1f points\n", r.Code, of(r.Subject), r.Value, r.Points)
		}
		for _, b := range a.Blockers {
			fmt.Printf("  blocker %s (caps at %s)\n", b.Code, b.Caps)
		}
		for _, f := range a.Flags {
			fmt.Printf("  flag %s%s %g\n", f.Code, of(f.Subject), f.Value)
		}
		ops, err := prices.Opportunities(in, a, expansion.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, op := range ops {
			fmt.Printf("  opportunity %s %s +%s proposable=%t", op.Kind, op.Subject, op.Uplift, op.Proposable)
			for _, b := range op.Blockers {
				fmt.Printf(" stopped by %s", b.Code)
			}
			fmt.Println()
		}
	}
	show(in)
	in.Risk = expansion.Risk{OpenPlay: true, PlayReason: "executive sponsor left"}
	show(in)
	// Output:
	// acme: ready, score 84.7
	//   reason outcome_achieved 1: 27.8 points
	//   reason utilisation of api_calls 1.15: 27.8 points
	//   reason health 81: 18.0 points
	//   reason promoter 9: 11.1 points
	//   reason advocacy 0: 0.0 points
	//   flag overage of api_calls 1.15
	//   flag second_purchase_nudge 121
	//   opportunity upgrade seats +18000.00 USD proposable=true
	//   opportunity cross_sell analytics +6000.00 USD proposable=true
	//   opportunity more_units api_calls +1750.00 USD proposable=true
	// acme: not_ready, score 84.7
	//   reason outcome_achieved 1: 27.8 points
	//   reason utilisation of api_calls 1.15: 27.8 points
	//   reason health 81: 18.0 points
	//   reason promoter 9: 11.1 points
	//   reason advocacy 0: 0.0 points
	//   blocker open_risk_play (caps at not_ready)
	//   flag overage of api_calls 1.15
	//   flag second_purchase_nudge 121
	//   opportunity upgrade seats +18000.00 USD proposable=false stopped by open_risk_play
	//   opportunity cross_sell analytics +6000.00 USD proposable=false stopped by open_risk_play
	//   opportunity more_units api_calls +1750.00 USD proposable=false stopped by open_risk_play
}
