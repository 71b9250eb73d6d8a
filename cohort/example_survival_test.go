package cohort_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// Spells (from the first subscription's start to the last one's end) become
// survival observations as of a date: an ended spell is a churn after its
// length, an open one is censored at the as-of date. Months are calendar
// months counted from the start.
func ExampleObserveSpells() {
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	spells := []cohort.Spell{
		{Account: "acme", Start: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)},
		{Account: "globex", Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{Account: "initech", Start: time.Date(2026, 6, 16, 0, 0, 0, 0, time.UTC), Stratum: "bad fit"},
	}
	obs, err := cohort.ObserveSpells(slices.Values(spells), asOf, success.Monthly)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, o := range obs {
		fmt.Printf("%s: %.2f months, churned %t\n", spells[i].Account, o.Duration, o.Churned)
	}
	// A spell that ends before it starts is reported with its index and account.
	bad := []cohort.Spell{{Account: "hooli", Start: asOf.AddDate(0, -1, 0), End: asOf.AddDate(0, -2, 0)}}
	_, err = cohort.ObserveSpells(slices.Values(bad), asOf, success.Monthly)
	fmt.Println(err)
	// Output:
	// acme: 3.00 months, churned true
	// globex: 5.00 months, churned false
	// initech: 0.50 months, churned false
	// spells[0].end: account "hooli": is before the start: negative duration
}

// The log-rank test of whether two groups of customers retain alike, on
// tenures already in months (one observation per customer).
func ExampleLogRank() {
	obs := []cohort.Observation{
		{Duration: 1, Churned: true, Stratum: "self-serve"},
		{Duration: 2, Churned: true, Stratum: "self-serve"},
		{Duration: 2, Stratum: "self-serve"},
		{Duration: 5, Churned: true, Stratum: "self-serve"},
		{Duration: 1, Stratum: "onboarded"},
		{Duration: 3, Churned: true, Stratum: "onboarded"},
		{Duration: 6, Churned: true, Stratum: "onboarded"},
		{Duration: 8, Stratum: "onboarded"},
	}
	test, err := cohort.LogRank(slices.Values(obs))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range test.Strata {
		fmt.Printf("%s: %d customers, %d churned, %.2f expected\n", s.Name, s.Subjects, s.Observed, s.Expected)
	}
	fmt.Printf("chi-square %.3f, df %d, p = %.3f\n", test.ChiSquare, test.DF, test.PValue)
	// Output:
	// onboarded: 4 customers, 2 churned, 3.42 expected
	// self-serve: 4 customers, 3 churned, 1.58 expected
	// chi-square 2.206, df 1, p = 0.137
}

// Kaplan-Meier curves for good-fit and bad-fit customers, and the log-rank
// test of whether fit changes how long customers stay.
func ExampleKaplanMeierByStratum() {
	asOf := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	month := func(m int) time.Time { return time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	spells := []cohort.Spell{
		{Account: "acme", Start: month(1), Stratum: "good fit"},
		{Account: "globex", Start: month(1), End: month(6), Stratum: "good fit"},
		{Account: "initech", Start: month(2), Stratum: "good fit"},
		{Account: "umbrella", Start: month(3), Stratum: "good fit"},
		{Account: "hooli", Start: month(1), End: month(2), Stratum: "bad fit"},
		{Account: "pied piper", Start: month(1), End: month(3), Stratum: "bad fit"},
		{Account: "vandelay", Start: month(2), End: month(3), Stratum: "bad fit"},
		{Account: "wonka", Start: month(3), Stratum: "bad fit"},
	}
	obs, err := cohort.ObserveSpells(slices.Values(spells), asOf, success.Monthly)
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := cohort.KaplanMeierByStratum(slices.Values(obs), cohort.SurvivalOptions{Horizon: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range s.Curves {
		fmt.Printf("%s: %d customers, %d churned, RMST(4 months) %.2f\n", c.Stratum, c.Subjects, c.Churned, c.RMST.Mean)
		for _, st := range c.Steps {
			fmt.Printf("  month %g: at risk %d, churned %d, censored %d, survival %.3f [%.3f, %.3f]\n",
				st.Time, st.AtRisk, st.Churned, st.Censored, st.Survival, st.Lower, st.Upper)
		}
		if c.Median.Reached {
			fmt.Printf("  median %g months\n", c.Median.Time)
		} else {
			fmt.Println("  median not reached")
		}
	}
	fmt.Printf("log-rank chi-square %.3f, df %d, p = %.3f\n", s.LogRank.ChiSquare, s.LogRank.DF, s.LogRank.PValue)
	// Output:
	// bad fit: 4 customers, 3 churned, RMST(4 months) 2.00
	//   month 1: at risk 4, churned 2, censored 0, survival 0.500 [0.058, 0.845]
	//   month 2: at risk 2, churned 1, censored 0, survival 0.250 [0.009, 0.665]
	//   month 4: at risk 1, churned 0, censored 1, survival 0.250 [0.009, 0.665]
	//   median 1.5 months
	// good fit: 4 customers, 1 churned, RMST(4 months) 4.00
	//   month 4: at risk 4, churned 0, censored 1, survival 1.000 [1.000, 1.000]
	//   month 5: at risk 3, churned 1, censored 1, survival 0.667 [0.054, 0.945]
	//   month 6: at risk 1, churned 0, censored 1, survival 0.667 [0.054, 0.945]
	//   median not reached
	// log-rank chi-square 4.268, df 1, p = 0.039
}
