package cohort_test

import (
	"fmt"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// Fit the shifted-beta-geometric model to the first eight years of a cohort
// and project the next five, beside what actually happened. The survivor
// counts are the "regular" cohort of Fader & Hardie (2007), out of 1,000.
func ExampleFitSBG() {
	survivors := []float64{1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173}
	m, err := cohort.FitSBG([][]float64{survivors[:8]}, cohort.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha = %.3f, beta = %.3f\n", m.Alpha, m.Beta)
	projection, err := m.Project(1000, 12)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range projection[8:] {
		fmt.Printf("year %2d: projected %.0f, actual %.0f, retention %.3f\n",
			p.Period, p.Survivors, survivors[p.Period], p.Retention)
	}
	clv, err := m.CLV(success.MustMoney("100", "USD"), 0.10)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("value of a new customer at $100 a year, 10% discount:", clv)
	// Output:
	// alpha = 0.704, beta = 1.182
	// year  8: projected 220, actual 223, retention 0.921
	// year  9: projected 204, actual 207, retention 0.929
	// year 10: projected 191, actual 194, retention 0.935
	// year 11: projected 180, actual 183, retention 0.941
	// year 12: projected 170, actual 173, retention 0.945
	// value of a new customer at $100 a year, 10% discount: 369.49 USD
}
