package cohort_test

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// A monthly cohort table from MRR snapshots: logo, net and gross revenue
// retention per cohort and month since start; months not yet reached are
// shown as "-", not as zero.
func ExampleBuildTable() {
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	month := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	type customer struct {
		id    success.AccountID
		since time.Time
		mrr   []string // MRR in each month since start; missing months: churned
	}
	customers := []customer{
		{"acme", month(1, 5), []string{"100", "150", "150"}}, // expands
		{"globex", month(1, 20), []string{"200", "100"}},     // contracts, then churns
		{"initech", month(2, 3), []string{"50", "50"}},       // steady
		{"umbrella", month(2, 14), []string{"300", "0"}},     // churns in month 1
		{"hooli", month(3, 1), []string{"80"}},               // just started
	}
	var facts []cohort.Fact
	for _, c := range customers {
		for k, m := range c.mrr {
			facts = append(facts, cohort.Fact{
				Customer: c.id, Since: c.since, At: c.since.AddDate(0, k, 0),
				MRR: usd(m), StartMRR: usd(c.mrr[0]),
			})
		}
	}
	asOf := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	table, err := cohort.BuildTable(slices.Values(facts), asOf, time.UTC, cohort.TableOptions{Period: cohort.PeriodMonth})
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
