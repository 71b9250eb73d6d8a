package cohort_test

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// A monthly cohort table from an MRR ledger, the rows churn.Movements reads
// too: logo, net and gross revenue retention per cohort and month since
// start; months not yet reached are shown as "-", not as zero. Each
// customer counts once, however many lines it has.
func ExampleBuildTable() {
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	on := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	row := func(id success.AccountID, at time.Time, mrr string) success.LedgerRow {
		return success.LedgerRow{Account: id, Date: at, MRR: usd(mrr)}
	}
	ledger := []success.LedgerRow{
		row("acme", on(1, 5), "100"), row("acme", on(2, 5), "100"), row("acme", on(2, 5), "50"), // expands: a second line
		row("acme", on(3, 5), "150"),
		row("globex", on(1, 20), "200"), row("globex", on(2, 20), "100"), // contracts, then churns (no row)
		row("initech", on(2, 3), "50"), row("initech", on(3, 3), "50"), // steady
		row("umbrella", on(2, 14), "300"), row("umbrella", on(3, 14), "0"), // churns in month 1
		row("hooli", on(3, 1), "80"), // just started
	}
	asOf := on(3, 31)
	table, err := cohort.BuildTable(slices.Values(ledger), asOf, cohort.TableOptions{Grain: success.Monthly})
	if err != nil {
		fmt.Println(err)
		return
	}
	pct := func(r float64, ok bool) string {
		if !ok {
			return "   -"
		}
		return fmt.Sprintf("%3.0f%%", 100*r)
	}
	fmt.Printf("%-7s  %9s   %-15s %-15s %s\n", "cohort", "customers", "logo", "net revenue", "gross revenue")
	for _, row := range table.Cohorts {
		fmt.Printf("%s  %9d ", row.Label, row.Customers)
		for _, measure := range []func(cohort.Cell) (float64, bool){
			cohort.Cell.LogoRetention, cohort.Cell.NetRevenueRetention, cohort.Cell.GrossRevenueRetention,
		} {
			fmt.Print(" ")
			for _, cell := range row.Cells {
				fmt.Print(" ", pct(measure(cell)))
			}
		}
		fmt.Println()
	}
	if err := table.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// cohort   customers   logo            net revenue     gross revenue
	// 2026-01          2   100% 100%  50%  100%  83%  50%  100%  67%  33%
	// 2026-02          2   100%  50%    -  100%  14%    -  100%  14%    -
	// 2026-03          1   100%    -    -  100%    -    -  100%    -    -
	// cohort,cohort_start,offset,observable,customers,retained,logo_retention,start_mrr,mrr,net_revenue_retention,gross_mrr,gross_revenue_retention,currency
	// 2026-01,2026-01-01T00:00:00Z,0,true,2,2,1,300,300,1,300,1,USD
	// 2026-01,2026-01-01T00:00:00Z,1,true,2,2,1,300,250,0.8333333333333334,200,0.6666666666666666,USD
	// 2026-01,2026-01-01T00:00:00Z,2,true,2,1,0.5,300,150,0.5,100,0.3333333333333333,USD
	// 2026-02,2026-02-01T00:00:00Z,0,true,2,2,1,350,350,1,350,1,USD
	// 2026-02,2026-02-01T00:00:00Z,1,true,2,1,0.5,350,50,0.14285714285714285,50,0.14285714285714285,USD
	// 2026-02,2026-02-01T00:00:00Z,2,false,,,,,,,,,USD
	// 2026-03,2026-03-01T00:00:00Z,0,true,1,1,1,80,80,1,80,1,USD
	// 2026-03,2026-03-01T00:00:00Z,1,false,,,,,,,,,USD
	// 2026-03,2026-03-01T00:00:00Z,2,false,,,,,,,,,USD
}
