package cohort_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// Summarise two customers' purchases and ask the BG/NBD model, with the
// parameters published for CDNOW (Fader, Hardie & Lee 2005), who is still a
// customer and who will buy again in the next 39 weeks.
func ExampleBGNBD() {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	transactions := []cohort.Transaction{
		{Account: "ann", At: day(1997, 1, 1), Amount: usd("29.33")},
		{Account: "ann", At: day(1997, 1, 18), Amount: usd("29.73")},
		{Account: "ann", At: day(1997, 8, 2), Amount: usd("14.96")},
		{Account: "bob", At: day(1997, 1, 1), Amount: usd("63.34")},
		{Account: "bob", At: day(1997, 1, 1), Amount: usd("11.77")}, // same day: one purchase
		{Account: "bob", At: day(1997, 1, 20), Amount: usd("11.77")},
	}
	customers, err := cohort.Summarize(slices.Values(transactions), day(1997, 9, 30), success.Weekly, cohort.SummaryOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	model := cohort.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: success.Weekly}
	for _, c := range customers {
		alive, _ := model.ProbabilityAlive(c)
		next, _ := model.ExpectedPurchases(c, 39)
		none, _ := model.PurchaseCountProbability(c, 0, 39)
		fmt.Printf("%s: %d repeat purchases, last at week %.2f of %.2f; P(alive) %.3f, expected purchases in 39 weeks %.3f, P(buys again) %.3f\n",
			c.Account, c.Frequency, c.Recency, c.Age, alive, next, 1-none)
	}
	newcomer, _ := model.PopulationExpectedPurchases(39)
	fmt.Printf("a new customer: %.3f repeat purchases in 39 weeks\n", newcomer)
	// Output:
	// ann: 2 repeat purchases, last at week 30.43 of 38.86; P(alive) 0.727, expected purchases in 39 weeks 1.226, P(buys again) 0.555
	// bob: 1 repeat purchases, last at week 2.71 of 38.86; P(alive) 0.245, expected purchases in 39 weeks 0.235, P(buys again) 0.135
	// a new customer: 1.197 repeat purchases in 39 weeks
}
