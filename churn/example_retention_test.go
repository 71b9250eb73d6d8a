package churn_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

func ExampleMovements_Report() {
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	feb, mar := jan.AddDate(0, 1, 0), jan.AddDate(0, 2, 0)
	r := func(account string, period time.Time, mrr string) success.LedgerRow {
		return success.LedgerRow{Account: success.AccountID(account), Date: period, MRR: success.MustMoney(mrr, "USD")}
	}
	m, _ := churn.NewMovements(churn.MovementOptions{Grain: success.Monthly})
	err := m.AddAll(slices.Values([]success.LedgerRow{
		r("acme", jan, "1000"), r("globex", jan, "500"), r("initech", jan, "250"),
		r("acme", feb, "1200"), r("globex", feb, "500"), r("initech", feb, "0"), r("hooli", feb, "300"),
		r("acme", mar, "1200"), r("globex", mar, "400"), r("hooli", mar, "300"), r("initech", mar, "250"),
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, _ := m.Report(time.Time{})
	for _, p := range rep.Periods[1:] {
		fmt.Printf("%s start %s end %s | new %s exp %s contr %s churn %s react %s\n", p.Label,
			p.StartMRR.Amount(), p.EndMRR.Amount(), p.New.MRR.Amount(), p.Expansion.MRR.Amount(),
			p.Contraction.MRR.Amount(), p.Churn.MRR.Amount(), p.Reactivation.MRR.Amount())
		fmt.Printf("        logo churn %s, gross MRR churn %s, net MRR churn %s, NRR %s, GRR %s, quick ratio %s\n",
			p.Metrics.LogoChurn.Percent(), p.Metrics.GrossMRRChurn.Percent(), p.Metrics.NetMRRChurn.Percent(),
			p.Metrics.NRR.Percent(), p.Metrics.GRR.Percent(), p.Metrics.QuickRatio)
	}
	fmt.Println("trailing NRR in March:", rep.Periods[2].Trailing.NRR)
	// Output:
	// 2026-02 start 1750 end 2000 | new 300 exp 200 contr 0 churn 250 react 0
	//         logo churn 33.3%, gross MRR churn 14.3%, net MRR churn 2.9%, NRR 97.1%, GRR 85.7%, quick ratio 2.0000
	// 2026-03 start 2000 end 2150 | new 0 exp 0 contr 100 churn 0 react 250
	//         logo churn 0.0%, gross MRR churn 5.0%, net MRR churn -7.5%, NRR 95.0%, GRR 95.0%, quick ratio 0.0000
	// trailing NRR in March: undefined
}

func ExampleMovements_Merge() {
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	feb := jan.AddDate(0, 1, 0)
	r := func(account string, period time.Time, mrr string) success.LedgerRow {
		return success.LedgerRow{Account: success.AccountID(account), Date: period, MRR: success.MustMoney(mrr, "EUR")}
	}
	// Two workers, each with its own accounts (sharded by account ID).
	east, _ := churn.NewMovements(churn.MovementOptions{})
	west, _ := churn.NewMovements(churn.MovementOptions{})
	_ = east.AddAll(slices.Values([]success.LedgerRow{r("a", jan, "100"), r("a", feb, "120")}))
	_ = west.AddAll(slices.Values([]success.LedgerRow{r("b", jan, "80"), r("c", feb, "40.50")}))

	// Shards may also travel as bytes, e.g. between Beam workers.
	data, _ := west.MarshalBinary()
	shipped, _ := churn.NewMovements(churn.MovementOptions{})
	_ = shipped.UnmarshalBinary(data)

	if err := east.Merge(shipped); err != nil {
		fmt.Println(err)
		return
	}
	rep, _ := east.Report(time.Time{})
	feb26 := rep.Periods[1]
	fmt.Println(feb26.Label, "end", feb26.EndMRR, "new", feb26.New.MRR, "expansion", feb26.Expansion.MRR, "churn", feb26.Churn.MRR)
	// Output:
	// 2026-02 end 160.50 EUR new 40.50 EUR expansion 20.00 EUR churn 80.00 EUR
}

func ExampleMovementLog() {
	jan := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	feb := jan.AddDate(0, 1, 0)
	r := func(account string, period time.Time, mrr string) success.LedgerRow {
		return success.LedgerRow{Account: success.AccountID(account), Date: period, MRR: success.MustMoney(mrr, "USD")}
	}
	rows := []success.LedgerRow{
		r("acme", jan, "1000"), r("globex", jan, "500"), r("initech", jan, "250"),
		r("acme", feb, "1200"), r("globex", feb, "400"),
	}
	// Which accounts are behind February's movements?
	for mv, err := range churn.MovementLog(slices.Values(rows), time.Time{}, churn.MovementOptions{}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if mv.Label == "2026-02" {
			fmt.Printf("%-8s %-12s %s -> %s (%s)\n", mv.Account, mv.Kind, mv.From.Amount(), mv.To.Amount(), mv.Amount)
		}
	}
	// Output:
	// acme     expansion    1000 -> 1200 (200.00 USD)
	// globex   contraction  500 -> 400 (100.00 USD)
	// initech  churn        250 -> 0 (250.00 USD)
}
