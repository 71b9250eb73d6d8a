package cohort_test

import (
	"fmt"
	"slices"

	"github.com/secondsale/secondsale/cohort"
)

// Two workers each count their own customers; the merged state gives the
// curves one pass over every customer would.
func ExampleSurvivalAccumulator() {
	worker := func(obs ...cohort.Observation) []byte {
		a, _ := cohort.NewSurvivalAccumulator(cohort.SurvivalOptions{})
		_ = a.AddAll(slices.Values(obs))
		state, _ := a.MarshalBinary() // what travels between machines
		return state
	}
	states := [][]byte{
		worker(cohort.Observation{Duration: 3, Churned: true, Stratum: "bad fit"}, cohort.Observation{Duration: 12, Stratum: "good fit"}),
		worker(cohort.Observation{Duration: 5, Churned: true, Stratum: "bad fit"}, cohort.Observation{Duration: 9, Churned: true, Stratum: "good fit"}),
	}
	all, _ := cohort.NewSurvivalAccumulator(cohort.SurvivalOptions{})
	for _, state := range states {
		var shard cohort.SurvivalAccumulator
		if err := shard.UnmarshalBinary(state); err != nil {
			fmt.Println(err)
			return
		}
		_ = all.Merge(&shard)
	}
	res, err := all.ByStratum()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Curves {
		fmt.Printf("%s: %d customers, %d churned, survival after 6 periods %.2f\n", c.Stratum, c.Subjects, c.Churned, c.SurvivalAt(6))
	}
	// Output:
	// bad fit: 2 customers, 2 churned, survival after 6 periods 0.00
	// good fit: 2 customers, 1 churned, survival after 6 periods 1.00
}
