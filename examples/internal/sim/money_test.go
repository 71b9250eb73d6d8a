package sim_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// The default base's money looks like a B2B SaaS business with this price
// list: a mean ARR per paying customer of 10k to 40k USD, heavy-tailed (the
// mean well above the median), few accounts above the profile's 5,000
// employees, and bad fits losing their share of ARR over time, because they
// churn more and expand less.
func TestMoneyIsRealistic(t *testing.T) {
	b := generate(t, 1, 0)
	asOf := b.Options.AsOf
	var arr []float64
	var total, badARR float64
	var big, bad int
	for i := range b.Customers {
		c := &b.Customers[i]
		if n, _ := c.Account.Attributes["employees"].Num(); n > 5000 {
			big++
		}
		if !c.GoodFit() {
			bad++
		}
		if !c.Active(asOf) {
			continue
		}
		a := c.Account.ARR.Amount().InexactFloat64()
		arr = append(arr, a)
		total += a
		if !c.GoodFit() {
			badARR += a
		}
	}
	slices.Sort(arr)
	n := float64(len(b.Customers))
	mean, median := total/float64(len(arr)), arr[len(arr)/2]
	badSigned, badToday := float64(bad)/n, badARR/total
	t.Logf("paying %d, ARR %.1fM USD, mean %.0f, median %.0f, p99 %.0f, max %.0f; above 5,000 employees %.1f%%; bad fit %.1f%% of accounts signed, %.1f%% of today's ARR",
		len(arr), total/1e6, mean, median, arr[len(arr)*99/100], arr[len(arr)-1], 100*float64(big)/n, 100*badSigned, 100*badToday)
	require.InDelta(t, 25_000, mean, 15_000, "mean ARR per paying customer")
	require.Greater(t, mean, 1.3*median, "heavy-tailed")
	require.Less(t, float64(big)/n, 0.08, "accounts above 5,000 employees")
	require.Less(t, badToday, badSigned, "bad fit loses its share of ARR")
}
