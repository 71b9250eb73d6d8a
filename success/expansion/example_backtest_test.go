package expansion_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// Readiness as of 1 January against who expanded in the next two quarters:
// the AUC says whether the score ranks expanders first, and the levels say
// how much of the ARR gained came from the accounts called ready.
func ExampleBacktest() {
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	outcome := func(id string, score float64, level expansion.Level, gained string) expansion.Outcome {
		o := expansion.Outcome{Assessment: expansion.Assessment{Account: success.AccountID(id), AsOf: asOf, Score: score, Level: level}}
		if gained != "" {
			o.Expanded, o.Gained = true, success.MustMoney(gained, "EUR")
		}
		return o
	}
	r, err := expansion.Backtest(slices.Values([]expansion.Outcome{
		outcome("a", 92, expansion.Ready, "12000"),
		outcome("b", 81, expansion.Ready, "4000"),
		outcome("c", 74, expansion.Ready, ""),
		outcome("d", 66, expansion.Nurture, "2000"),
		outcome("e", 55, expansion.Nurture, ""),
		outcome("f", 48, expansion.NotReady, ""), // blocked by an open risk play
		outcome("g", 30, expansion.NotReady, ""),
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("AUC %.3f, %d of %d expanded, %s gained\n", r.AUC, r.Expanded, r.Accounts, r.Gained)
	for _, l := range r.Levels {
		fmt.Printf("%-9s %d accounts, rate %.2f, %s (%.0f%%)\n", l.Level, l.Accounts, l.ExpansionRate, l.Gained, 100*l.GainedShare)
	}
	// Output:
	// AUC 0.917, 3 of 7 expanded, 18000.00 EUR gained
	// not_ready 2 accounts, rate 0.00, 0.00 EUR (0%)
	// nurture   2 accounts, rate 0.50, 2000.00 EUR (11%)
	// ready     3 accounts, rate 0.67, 16000.00 EUR (89%)
}
