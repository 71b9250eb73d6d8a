package cohort_test

import (
	"fmt"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// Value a CDNOW customer over the next twelve 30-day months at 1% a month,
// with the published BG/NBD and Gamma-Gamma parameters.
func ExampleCustomerLifetimeValue() {
	purchases := cohort.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: success.Weekly}
	spend := cohort.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	customer := cohort.CustomerSummary{
		Account: "1", Frequency: 2, Recency: 30.43, Age: 38.86,
		MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly,
	}
	perPurchase, _ := spend.ExpectedAverageSpend(customer)
	value, err := cohort.CustomerLifetimeValue(purchases, spend, customer,
		cohort.Valuation{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("expected spend per purchase: %.2f USD\n", perPurchase)
	fmt.Println("twelve-month value:", value)
	// Output:
	// expected spend per purchase: 24.66 USD
	// twelve-month value: 35.88 USD
}
