package cohort_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// Compress a customer base to its distinct histories, fit on those (the
// cost grows with the distinct histories, not the customers), and predict
// for every customer in one call each.
func ExampleCompressSummaries() {
	// 30,000 customers who buy at rates λ and drop out with probability p
	// after each purchase, both varying across customers, over 27 to 39
	// weeks; purchase days measured in weeks, as Summarize measures them.
	rng := rand.New(rand.NewPCG(1, 2))
	customers := make([]cohort.CustomerSummary, 30_000)
	for i := range customers {
		ageDays := 189 + rng.IntN(84)
		lambda, p := rng.ExpFloat64()/20, rng.Float64()/2
		c := cohort.CustomerSummary{Age: float64(ageDays) / 7, Unit: success.Weekly}
		for t := rng.ExpFloat64() / lambda; t <= c.Age; t += rng.ExpFloat64() / lambda {
			c.Frequency++
			c.Recency = min(max(1, math.Round(t*7)), float64(ageDays)) / 7
			if rng.Float64() < p {
				break
			}
		}
		customers[i] = c
	}
	distinct, err := cohort.CompressSummaries(customers)
	if err != nil {
		fmt.Println(err)
		return
	}
	model, err := cohort.FitBGNBD(distinct, cohort.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	same, err := cohort.FitBGNBD(customers, cohort.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d customers, %d distinct summaries; the same fit: %v\n", len(customers), len(distinct), model == same)

	alive := make([]float64, len(customers))
	if err := model.ProbabilityAliveInto(alive, customers); err != nil {
		fmt.Println(err)
		return
	}
	single, _ := model.ProbabilityAlive(customers[1])
	fmt.Printf("customer 1 (%d repeat purchases, the last at week %.2f of %.2f): P(alive) %.3f, as ProbabilityAlive says: %v\n",
		customers[1].Frequency, customers[1].Recency, customers[1].Age, alive[1], alive[1] == single)
	// Output:
	// 30000 customers, 15694 distinct summaries; the same fit: true
	// customer 1 (1 repeat purchases, the last at week 12.00 of 29.71): P(alive) 0.564, as ProbabilityAlive says: true
}
