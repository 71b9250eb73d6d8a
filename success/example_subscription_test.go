package success_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/success"
)

// Two customers: acme pays 12,000 a year from mid-January, with a 10%
// discount line until April; globex takes three seats at 40 a month from
// February and leaves on 10 April. The ledger as of 30 April has a row per
// line per month end: acme counts in January although it started on the
// 15th, and globex is absent from April, where it churned.
func ExampleNormalizeSubscriptions() {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	subs := []success.Subscription{
		{Account: "acme", ID: "acme-annual", Start: day(time.January, 15),
			Amount: success.MustMoney("12000", "USD"), Interval: success.Yearly},
		{Account: "acme", ID: "acme-launch-discount", Start: day(time.January, 15), End: day(time.April, 1),
			Amount: success.MustMoney("-1200", "USD"), Interval: success.Yearly},
		{Account: "globex", ID: "globex-seats", Start: day(time.February, 1), End: day(time.April, 10),
			Amount: success.MustMoney("40", "USD"), Interval: success.Monthly, Quantity: 3},
	}
	for row, err := range success.NormalizeSubscriptions(slices.Values(subs), day(time.April, 30), nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(row.Date.Format(time.DateOnly), row.Account, row.Line, row.MRR)
	}
	// Output:
	// 2026-01-31 acme acme-annual 1000.00 USD
	// 2026-02-28 acme acme-annual 1000.00 USD
	// 2026-03-31 acme acme-annual 1000.00 USD
	// 2026-04-30 acme acme-annual 1000.00 USD
	// 2026-01-31 acme acme-launch-discount -100.00 USD
	// 2026-02-28 acme acme-launch-discount -100.00 USD
	// 2026-03-31 acme acme-launch-discount -100.00 USD
	// 2026-02-28 globex globex-seats 120.00 USD
	// 2026-03-31 globex globex-seats 120.00 USD
}
