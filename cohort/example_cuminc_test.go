package cohort_test

import (
	"fmt"
	"slices"

	"github.com/secondsale/secondsale/cohort"
)

// The time to the Second Sale, in months from the first sale, for good-fit
// against bad-fit customers: expansion competes with churn, since a churned
// customer can no longer expand. The cumulative incidence of expansion is
// the share of customers who have expanded by then; Gray's test asks
// whether the two groups reach it at the same rate (R's cmprsk::cuminc
// reports the same statistics for these data).
func ExampleCumulativeIncidenceByStratum() {
	obs := []cohort.CompetingObservation{
		{Duration: 1, Event: cohort.EventExpansion, Stratum: "good fit"},
		{Duration: 2, Event: cohort.EventExpansion, Stratum: "good fit"},
		{Duration: 2, Event: cohort.EventExpansion, Stratum: "good fit"},
		{Duration: 3, Event: cohort.EventChurn, Stratum: "good fit"},
		{Duration: 4, Event: cohort.EventExpansion, Stratum: "good fit"},
		{Duration: 5, Stratum: "good fit"}, // no event yet at the as-of date
		{Duration: 6, Event: cohort.EventExpansion, Stratum: "good fit"},
		{Duration: 9, Stratum: "good fit"},
		{Duration: 1, Event: cohort.EventChurn, Stratum: "bad fit"},
		{Duration: 2, Event: cohort.EventChurn, Stratum: "bad fit"},
		{Duration: 3, Event: cohort.EventExpansion, Stratum: "bad fit"},
		{Duration: 3, Event: cohort.EventChurn, Stratum: "bad fit"},
		{Duration: 5, Stratum: "bad fit"},
		{Duration: 7, Event: cohort.EventChurn, Stratum: "bad fit"},
		{Duration: 8, Event: cohort.EventExpansion, Stratum: "bad fit"},
		{Duration: 9, Stratum: "bad fit"},
	}
	res, err := cohort.CumulativeIncidenceByStratum(slices.Values(obs), cohort.IncidenceOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Curves {
		fmt.Printf("%-8s expanded by month 3: %.2f, by month 6: %.2f; churned first by month 6: %.2f\n", c.Stratum,
			c.IncidenceAt(cohort.EventExpansion, 3), c.IncidenceAt(cohort.EventExpansion, 6), c.IncidenceAt(cohort.EventChurn, 6))
	}
	last := res.Curves[1].Steps[len(res.Curves[1].Steps)-1]
	e := last.Events[0]
	fmt.Printf("good fit at month %.0f: %.2f expanded (95%% CI %.2f to %.2f), %d still at risk\n", last.Time, e.Incidence, e.Lower, e.Upper, last.AtRisk)
	for _, g := range res.Gray {
		fmt.Printf("Gray's test, %s: chi-square %.2f on %d df, p = %.3f\n", g.Event, g.ChiSquare, g.DF, g.PValue)
	}
	// Output:
	// bad fit  expanded by month 3: 0.12, by month 6: 0.12; churned first by month 6: 0.38
	// good fit expanded by month 3: 0.38, by month 6: 0.69; churned first by month 6: 0.12
	// good fit at month 9: 0.69 expanded (95% CI 0.23 to 0.91), 1 still at risk
	// Gray's test, expansion: chi-square 2.91 on 1 df, p = 0.088
	// Gray's test, churn: chi-square 2.38 on 1 df, p = 0.123
}
