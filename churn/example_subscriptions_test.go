package churn_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// Subscriptions become the MRR ledger (success.NormalizeSubscriptions), and
// the ledger streams into the movements: an annual plan counts a twelfth per
// month, a discount line reduces its account's MRR, and a new line after a
// gap is a reactivation.
func ExampleMovements_AddFrom() {
	on := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	subs := []success.Subscription{
		{Account: "acme", ID: "acme-annual", Start: on(2026, 1, 10), Amount: usd("12000"), Interval: success.Yearly},
		{Account: "acme", ID: "acme-seats", Start: on(2026, 3, 1), Amount: usd("20"), Interval: success.Monthly, Quantity: 10},
		{Account: "globex", ID: "globex-pro", Start: on(2026, 1, 1), End: on(2026, 2, 15), Amount: usd("500"), Interval: success.Monthly},
		{Account: "globex", ID: "globex-pro-2", Start: on(2026, 4, 1), Amount: usd("600"), Interval: success.Monthly},
		{Account: "globex", ID: "globex-promo", Start: on(2026, 4, 1), End: on(2026, 5, 1), Amount: usd("-100"), Interval: success.Monthly},
	}
	m, _ := churn.NewMovements(churn.MovementOptions{})
	through := on(2026, 4, 30)
	if err := m.AddFrom(success.NormalizeSubscriptions(slices.Values(subs), through, nil)); err != nil {
		fmt.Println(err)
		return
	}
	rep, err := m.Report(through)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range rep.Periods {
		fmt.Printf("%s end %7s | new %s exp %s churn %s react %s\n", p.Label, p.EndMRR.Amount().StringFixed(2),
			p.New.MRR.Amount(), p.Expansion.MRR.Amount(), p.Churn.MRR.Amount(), p.Reactivation.MRR.Amount())
	}
	// Output:
	// 2026-01 end 1500.00 | new 1500 exp 0 churn 0 react 0
	// 2026-02 end 1000.00 | new 0 exp 0 churn 500 react 0
	// 2026-03 end 1200.00 | new 0 exp 200 churn 0 react 0
	// 2026-04 end 1700.00 | new 0 exp 0 churn 0 react 500
}
