package impact_test

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/playbook/impact"
	"github.com/secondsale/secondsale/success"
)

// Compare the accounts an onboarding play completed for with those its
// limit held back, on expansion within 90 days, matched on health band and
// segment.
func ExampleMeasure() {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ran := func(id string) playbook.Run {
		return playbook.Run{Account: accountID(id), PlayID: "onboarding", State: playbook.RunDone, Started: start}
	}
	held := func(id string) playbook.TraceEntry {
		return playbook.TraceEntry{Account: accountID(id), PlayID: "onboarding", Kind: playbook.DecisionSuppress,
			Clause: playbook.ClauseLimitOwner, At: start}
	}
	account := func(id string, score float64, expanded bool) impact.Account {
		a := impact.Account{ID: accountID(id), Segment: "mid-market",
			Health: []impact.HealthPoint{{At: start.AddDate(0, 0, -7), Score: score}}}
		if expanded {
			a.Expansions = []time.Time{start.AddDate(0, 0, 45)}
		}
		return a
	}
	in := impact.Input{
		PlayID: "onboarding",
		AsOf:   time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		Runs:   []playbook.Run{ran("a"), ran("b"), ran("c"), ran("d")},
		Trace:  []playbook.TraceEntry{held("e"), held("f"), held("g"), held("h")},
		Accounts: []impact.Account{
			account("a", 80, true), account("b", 80, true), account("c", 60, true), account("d", 60, false),
			account("e", 80, true), account("f", 60, false), account("g", 60, false), account("h", 30, false),
		},
	}
	r, err := impact.Measure(in, impact.Options{Outcome: impact.OutcomeExpansion, Window: 90 * 24 * time.Hour, Match: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := r.Difference
	fmt.Printf("%s vs %s: treated %d, compared %d, unmatched %d/%d\n",
		r.Outcome, r.Comparison, r.Treated, r.Compared, r.Unmatched, r.UnmatchedComparison)
	fmt.Printf("expanded %.2f vs %.2f: difference %.2f (95%% CI %.2f to %.2f)\n", d.Treated, d.Comparison, d.Estimate, d.Lower, d.Upper)
	fmt.Println("observational:", r.Observational)
	// Output:
	// expansion vs suppressed: treated 4, compared 3, unmatched 0/1
	// expanded 0.75 vs 0.50: difference 0.25 (95% CI -0.48 to 0.98)
	// observational: true
}

func accountID(id string) success.AccountID { return success.AccountID(id) }
