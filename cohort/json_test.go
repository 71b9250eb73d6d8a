package cohort

import (
	"encoding/json"
	"math"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// checkSnakeCaseKeys fails for any object key in raw that is not snake_case:
// a field without a json tag would appear under its Go name.
func checkSnakeCaseKeys(t *testing.T, name string, raw []byte) {
	t.Helper()
	var doc any
	require.NoError(t, json.Unmarshal(raw, &doc), name)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				assert.Regexp(t, snakeCase, k, "%s: key %s.%s is not snake_case", name, path, k)
				walk(path+"."+k, child)
			}
		case []any:
			for _, child := range v {
				walk(path+"[]", child)
			}
		}
	}
	walk("", doc)
}

// roundTrip marshals v, checks its keys, decodes it and requires the value
// decoded to equal v and to encode to the same bytes. It returns the JSON.
func roundTrip[T any](t *testing.T, name string, v T) string {
	t.Helper()
	return roundTripFunc(t, name, v, func(a, b T) bool { return reflect.DeepEqual(a, b) })
}

// roundTripFunc is roundTrip with its own equality, for values holding
// money: JSON writes an amount at the currency's precision ("100.00"), which
// decodes to an equal decimal with another exponent.
func roundTripFunc[T any](t *testing.T, name string, v T, same func(a, b T) bool) string {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err, "%s: marshal", name)
	checkSnakeCaseKeys(t, name, raw)
	var back T
	require.NoError(t, json.Unmarshal(raw, &back), "%s: unmarshal", name)
	again, err := json.Marshal(back)
	require.NoError(t, err, "%s: marshal after the round trip", name)
	assert.Equal(t, string(raw), string(again), "%s: re-encoding differs", name)
	assert.True(t, same(back, v), "%s: decoded value differs from the original", name)
	return string(raw)
}

func wantJSON(t *testing.T, name, raw string, fragments ...string) {
	t.Helper()
	for _, f := range fragments {
		assert.Contains(t, raw, f, "%s: JSON lacks %s", name, f)
	}
}

func TestSurvivalResultsRoundTripJSON(t *testing.T) {
	pooled, err := KaplanMeier(slices.Values(telcoObservations(t, "")), SurvivalOptions{Horizon: 72})
	require.NoError(t, err)
	raw := roundTrip(t, "telco pooled curve", pooled)
	// The pooled telco curve stays above 0.5 (R: median NA), so the median
	// and its limits are null, never 0.
	require.False(t, pooled.Median.Reached || pooled.Median.LowerReached || pooled.Median.UpperReached,
		"telco pooled median %+v, want not reached as in R", pooled.Median)
	wantJSON(t, "pooled", raw, `"median":{"time":null,"lower":null,"upper":null}`, `"conf_type":"log-log"`, `"rmst":{"horizon":72,`)
	assert.NotContains(t, raw, `"stratum"`, "pooled curve writes an empty stratum")

	byContract, err := KaplanMeierByStratum(slices.Values(telcoObservations(t, "Contract")), SurvivalOptions{ConfType: ConfPlain})
	require.NoError(t, err)
	raw = roundTrip(t, "telco by contract", byContract)
	// R: survfit(...~Contract) gives Month-to-month a median of 35 (32, 38).
	wantJSON(t, "by contract", raw, `"stratum":"Month-to-month"`, `"median":{"time":35,"lower":32,"upper":38}`,
		`"log_rank":{"strata":[{"name":"Month-to-month"`, `"chi_square":`, `"p_value":`, `"conf_type":"plain"`)
	assert.NotContains(t, raw, "log_rank_undefined", "a defined log-rank test writes log_rank_undefined")
	roundTrip(t, "log-rank test", *byContract.LogRank)

	// One stratum: the test is undefined, written as null with the reason.
	single, err := KaplanMeierByStratum(slices.Values([]Observation{{3, true, "a"}, {5, false, "a"}}), SurvivalOptions{})
	require.NoError(t, err)
	wantJSON(t, "one stratum", roundTrip(t, "one stratum", single), `"log_rank":null`, `"log_rank_undefined":"`)

	// A curve reaching 0 has an infinite hazard SE at its last step.
	zero, err := KaplanMeier(slices.Values([]Observation{{1, true, ""}, {2, true, ""}}), SurvivalOptions{})
	require.NoError(t, err)
	require.True(t, math.IsInf(zero.Steps[1].HazardSE, 1), "hazard SE at S=0 is %v, want +Inf", zero.Steps[1].HazardSE)
	wantJSON(t, "curve to 0", roundTrip(t, "curve to 0", zero), `"survival":0,"se":0,"lower":0,"upper":0,"hazard_se":null`)
}

func TestSpellsAndObservationsRoundTripJSON(t *testing.T) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	spells := []Spell{
		{Account: "a", Start: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), Stratum: "good fit"},
		{Account: "b", Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	raw := roundTrip(t, "spells", spells)
	wantJSON(t, "spells", raw, `"end":"2026-03-15T00:00:00Z"`, `{"account":"b","start":"2026-02-01T00:00:00Z"}`)
	obs, err := ObserveSpells(slices.Values(spells), asOf, success.Monthly)
	require.NoError(t, err)
	wantJSON(t, "observations", roundTrip(t, "observations", obs), `{"duration":2,"churned":true,"stratum":"good fit"}`)
}

func TestModelsRoundTripJSON(t *testing.T) {
	regular, _ := readSBGCohorts(t)
	sbg, err := FitSBG([][]float64{regular[:8]}, FitOptions{})
	require.NoError(t, err)
	wantJSON(t, "sBG", roundTrip(t, "sBG", sbg), `"alpha_se":`, `"fit":{"log_likelihood":`, `"method":"BFGS"`)
	projection, err := sbg.Project(1000, 12)
	require.NoError(t, err)
	wantJSON(t, "projection", roundTrip(t, "projection", projection), `{"period":0,"survivors":1000,"survival":1,"retention":1}`)

	txs := readCDNOWTransactions(t)
	roundTripFunc(t, "transactions", txs[:50], func(a, b []Transaction) bool {
		return slices.EqualFunc(a, b, func(x, y Transaction) bool {
			return x.Account == y.Account && x.At.Equal(y.At) && x.Amount.Equal(y.Amount)
		})
	})
	customers, err := Summarize(slices.Values(txs), time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC), success.Weekly, SummaryOptions{})
	require.NoError(t, err)
	wantJSON(t, "summaries", roundTrip(t, "summaries", customers), `"mean_repeat_spend":`, `"unit":"week"`, `"currency":"USD"`)
	bg, err := FitBGNBD(customers, FitOptions{})
	require.NoError(t, err)
	wantJSON(t, "BG/NBD", roundTrip(t, "BG/NBD", bg), `"r_se":`, `"unit":"week"`)
	gg, err := FitGammaGamma(customers, FitOptions{})
	require.NoError(t, err)
	wantJSON(t, "Gamma-Gamma", roundTrip(t, "Gamma-Gamma", gg), `"gamma_se":`, `"repeat_buyers":`)
	roundTrip(t, "valuation", Valuation{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01, Margin: 0.3})
	wantJSON(t, "default margin", roundTrip(t, "default margin", Valuation{Periods: 12, PeriodLength: 1}),
		`{"periods":12,"period_length":1,"discount_rate":0}`)
}

// Table.UnmarshalJSON's own errors wrap ErrInvalid like every error of the
// package, and a rejected document leaves the table unchanged. A document
// without a grain or grouping is rejected: it decoded once, then wrote
// "period":"", which did not read back (found by FuzzTableUnmarshalJSON).
func TestTableUnmarshalJSONErrorsWrapErrInvalid(t *testing.T) {
	tab := Table{Grain: success.Yearly}
	for _, doc := range []string{
		`{"cohorts":[{"customers":"many"}],"grain":"month","grouping":"key"}`,
		`{"as_of":"yesterday","grain":"month","grouping":"key"}`,
		`{}`, `{"grain":"month"}`, `{"grouping":"key"}`,
	} {
		assert.ErrorIs(t, json.Unmarshal([]byte(doc), &tab), ErrInvalid, doc)
	}
	assert.Equal(t, success.Yearly, tab.Grain, "a rejected document changed the table")
	assert.Nil(t, tab.Cohorts, "a rejected document changed the table")
}

func TestEnumerationsDecodeByNameOnly(t *testing.T) {
	var tab Table
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"grain":"fortnight","grouping":"key"}`), &tab), ErrInvalid, "unknown grain")
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"grain":"month","grouping":"plan"}`), &tab), ErrInvalid, "unknown grouping")
	assert.NoError(t, json.Unmarshal([]byte(`{"grain":"quarter","grouping":"key"}`), &tab), "quarter by key")
	assert.Equal(t, success.Quarterly, tab.Grain, "quarter by key")
	assert.Equal(t, ByKey, tab.Grouping, "quarter by key")
	var c Curve
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"conf_type":"logit"}`), &c), ErrInvalid, "unknown confidence type")
	var s CustomerSummary
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"unit":"Week"}`), &s), success.ErrInvalid, "unit by Go name (the grain is success's)")
	assert.NoError(t, json.Unmarshal([]byte(`{"unit":"day"}`), &s), "unit day")
	assert.Equal(t, success.Daily, s.Unit, "unit day")
}

// Step and Median decoding errors wrap ErrInvalid and do not quote the input
// (found by FuzzStepMedianJSON).
func TestStepAndMedianJSONErrors(t *testing.T) {
	var s Step
	err := json.Unmarshal([]byte(`{"time":1e400}`), &s)
	require.ErrorIs(t, err, ErrInvalid)
	assert.NotContains(t, err.Error(), "1e400")
	var m Median
	err = json.Unmarshal([]byte(`{"time":"alice@example.com"}`), &m)
	require.ErrorIs(t, err, ErrInvalid)
	assert.NotContains(t, err.Error(), "alice")
	var tab Table
	err = json.Unmarshal([]byte(`{"grain":"month","grouping":"key","cohorts":[{"customers":1e400}]}`), &tab)
	require.ErrorIs(t, err, ErrInvalid)
	assert.NotContains(t, err.Error(), "1e400")
	err = json.Unmarshal([]byte(`{"grain":"alice@example.com","grouping":"key"}`), &tab)
	require.ErrorIs(t, err, ErrInvalid)
	assert.NotContains(t, err.Error(), "alice")
}
