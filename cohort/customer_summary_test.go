package cohort

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

func TestCompressSummaries(t *testing.T) {
	week := func(x int, tx, age, spend float64, count int) CustomerSummary {
		return CustomerSummary{Account: "a", Frequency: x, Recency: tx, Age: age, MeanRepeatSpend: spend, Currency: "USD", Unit: success.Weekly, Count: count}
	}
	in := []CustomerSummary{
		week(0, 0, 30, 0, 0),
		week(2, 10, 30, 12.5, 0),
		week(0, math.Copysign(0, -1), 30, 0, 3), // −0 is 0
		week(2, 10, 30, 12.5, 2),
		week(2, 10, 30, 12.25, 0), // another spend
		week(2, 10, 31, 12.5, 0),  // another age
	}
	other := week(0, 0, 30, 0, 0)
	other.Currency = "EUR"
	in = append(in, other)
	got, err := CompressSummaries(in)
	require.NoError(t, err)
	want := []CustomerSummary{week(0, 0, 30, 0, 4), week(2, 10, 30, 12.5, 3), week(2, 10, 30, 12.25, 1), week(2, 10, 31, 12.5, 1), other}
	for i := range want {
		want[i].Account = ""
		want[i].Count = max(want[i].Count, 1)
	}
	assert.Equal(t, want, got)
	// Compressing again changes nothing.
	again, err := CompressSummaries(got)
	require.NoError(t, err)
	assert.Equal(t, got, again)

	none, err := CompressSummaries(nil)
	assert.NoError(t, err, "empty input is an empty aggregate")
	assert.Empty(t, none)

	bad := []CustomerSummary{week(1, 2, 1, 5, 0), week(0, 0, 3, 0, -1), week(0, 0, math.Inf(1), 0, 0)}
	_, err = CompressSummaries(bad)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"customers[0].recency", "customers[1].count", "customers[2].age"}, paths(err))
	_, err = CompressSummaries([]CustomerSummary{week(0, 0, 3, 0, math.MaxInt), week(0, 0, 3, 0, 0)})
	require.ErrorIs(t, err, ErrInvalid, "total count beyond MaxInt")
	assert.Equal(t, []string{"customers[1].count"}, paths(err))
}

func TestCustomerSummaryCountJSON(t *testing.T) {
	one := CustomerSummary{Account: "a", Frequency: 1, Recency: 2, Age: 3, Unit: success.Weekly}
	b, err := json.Marshal(one)
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"count"`, "a zero count is omitted")
	many := one
	many.Count = 40
	b, err = json.Marshal(many)
	require.NoError(t, err)
	var back CustomerSummary
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, many, back)
}

// valid is Validate's fast path: it must accept exactly what Validate accepts.
func TestCustomerSummaryValidMatchesValidateRapid(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), 1, 2.5, 38.86, -1, math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64}
	num := func(t *rapid.T, name string) float64 {
		if rapid.Bool().Draw(t, name+"_special") {
			return rapid.SampledFrom(special).Draw(t, name)
		}
		return rapid.Float64Range(-5, 50).Draw(t, name)
	}
	rapid.Check(t, func(t *rapid.T) {
		c := CustomerSummary{
			Frequency:       rapid.IntRange(-2, 5).Draw(t, "frequency"),
			Recency:         num(t, "recency"),
			Age:             num(t, "age"),
			MeanRepeatSpend: num(t, "spend"),
			Count:           rapid.IntRange(-2, 5).Draw(t, "count"),
			Unit:            rapid.SampledFrom([]success.Grain{success.Daily, success.Weekly, success.Monthly, "", "fortnight"}).Draw(t, "unit"),
		}
		require.Equal(t, c.Validate() == nil, c.valid(), "%+v: Validate says %v", c, c.Validate())
	})
}

// A summary with a count is the same as that many copies of it: fitting
// CDNOW with random counts equals fitting the customers repeated and
// shuffled, and fitting the compressed summaries equals fitting the
// customers.
func TestFitsWeighSummariesByCount(t *testing.T) {
	customers := readCDNOWSummaries(t, "cdnow_customers_summary_with_transactions.csv")
	rng := rand.New(rand.NewPCG(18, 1))
	var counted, expanded []CustomerSummary
	for _, c := range customers {
		c.Count = 1 + rng.IntN(4)
		counted = append(counted, c)
		for range c.Count {
			e := c
			e.Count = 0
			expanded = append(expanded, e)
		}
	}
	rng.Shuffle(len(expanded), func(i, j int) { expanded[i], expanded[j] = expanded[j], expanded[i] })
	compressed, err := CompressSummaries(customers)
	require.NoError(t, err)
	require.Less(t, len(compressed), len(customers), "CDNOW has repeated summaries")
	for _, pair := range []struct {
		name string
		a, b []CustomerSummary
	}{{"counts against copies", counted, expanded}, {"compressed against customers", compressed, customers}} {
		bgA, err := FitBGNBD(pair.a, FitOptions{})
		require.NoError(t, err)
		bgB, err := FitBGNBD(pair.b, FitOptions{})
		require.NoError(t, err)
		requireRelative(t, []string{"r", "alpha", "a", "b", "r_se", "alpha_se", "a_se", "b_se", "ll"},
			[]float64{bgA.R, bgA.Alpha, bgA.A, bgA.B, bgA.RSE, bgA.AlphaSE, bgA.ASE, bgA.BSE, bgA.Fit.LogLikelihood},
			[]float64{bgB.R, bgB.Alpha, bgB.A, bgB.B, bgB.RSE, bgB.AlphaSE, bgB.ASE, bgB.BSE, bgB.Fit.LogLikelihood}, 1e-9)
		ggA, err := FitGammaGamma(pair.a, FitOptions{})
		require.NoError(t, err)
		ggB, err := FitGammaGamma(pair.b, FitOptions{})
		require.NoError(t, err)
		requireRelative(t, []string{"p", "q", "gamma", "p_se", "q_se", "gamma_se", "ll"},
			[]float64{ggA.P, ggA.Q, ggA.Gamma, ggA.PSE, ggA.QSE, ggA.GammaSE, ggA.Fit.LogLikelihood},
			[]float64{ggB.P, ggB.Q, ggB.Gamma, ggB.PSE, ggB.QSE, ggB.GammaSE, ggB.Fit.LogLikelihood}, 1e-9)
		assert.Equal(t, ggB.RepeatBuyers, ggA.RepeatBuyers, "%s: repeat buyers", pair.name)
		// Merged and sorted the same way, they are in fact the same fit.
		assert.Equal(t, bgB, bgA, pair.name)
		assert.Equal(t, ggB, ggA, pair.name)
	}
}

// Compressing keeps every customer: expanding each distinct summary by its
// count gives back the input (accounts aside), in some order, and no two
// outputs are equal.
func TestCompressSummariesKeepsEveryCustomerRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 60).Draw(t, "n")
		in := make([]CustomerSummary, n)
		for i := range in {
			c := CustomerSummary{Age: float64(rapid.IntRange(0, 3).Draw(t, "age")),
				Unit:     rapid.SampledFrom([]success.Grain{success.Daily, success.Weekly}).Draw(t, "unit"),
				Currency: rapid.SampledFrom([]success.Currency{"", "USD"}).Draw(t, "currency"),
				Count:    rapid.IntRange(0, 3).Draw(t, "count")}
			if c.Age > 0 && rapid.Bool().Draw(t, "repeat") {
				c.Frequency = rapid.IntRange(1, 2).Draw(t, "x")
				c.Recency = float64(rapid.IntRange(1, int(c.Age)).Draw(t, "tx"))
				c.MeanRepeatSpend = float64(rapid.IntRange(0, 2).Draw(t, "spend"))
			}
			in[i] = c
		}
		out, err := CompressSummaries(in)
		require.NoError(t, err)
		var want, got []CustomerSummary
		for _, c := range in {
			for range max(c.Count, 1) {
				c.Count = 0
				want = append(want, c)
			}
		}
		for i, c := range out {
			require.Positive(t, c.Count)
			for _, d := range out[:i] {
				d.Count = c.Count
				require.NotEqual(t, d, c, "distinct summaries")
			}
			for range c.Count {
				c.Count = 0
				got = append(got, c)
			}
		}
		require.ElementsMatch(t, want, got)
	})
}

// A summary's currency must be a known code when it is given: a model
// fitted on summaries in "usd" carried it and could not be written as JSON
// (found by FuzzFitGammaGamma). The fits and CompressSummaries refuse it at
// the summary's path, without quoting it.
func TestSummaryCurrencyMustBeKnown(t *testing.T) {
	good := CustomerSummary{Account: "a", Frequency: 2, Recency: 3, Age: 5, MeanRepeatSpend: 10, Currency: "USD", Unit: success.Weekly}
	bad := good
	bad.Account, bad.Currency = "b", "usd"
	for name, err := range map[string]error{
		"Validate":          bad.Validate(),
		"FitBGNBD":          func() error { _, err := FitBGNBD([]CustomerSummary{good, bad}, FitOptions{}); return err }(),
		"FitGammaGamma":     func() error { _, err := FitGammaGamma([]CustomerSummary{bad, bad}, FitOptions{}); return err }(),
		"CompressSummaries": func() error { _, err := CompressSummaries([]CustomerSummary{good, bad}); return err }(),
	} {
		require.ErrorIs(t, err, ErrInvalid, name)
		assert.Contains(t, err.Error(), "currency", name)
		assert.NotContains(t, err.Error(), `"usd"`, name)
	}
	require.NoError(t, good.Validate())
	none := good
	none.Currency = ""
	require.NoError(t, none.Validate(), "no currency is allowed: no transaction carried one")
}
