package cohort_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// strictRecord is one input record type: a valid document, and documents
// each with one problem at the path given.
type strictRecord struct {
	name  string
	new   func() any // a pointer to a zero record
	valid string
	bad   []badDoc
}

// badDoc is a document with one problem. A value it holds that the error
// must not quote is "s3cr3t" or 31415.
type badDoc struct{ doc, path, problem string }

const fitJSON = `"fit": {"log_likelihood": -9582.4, "iterations": 31, "evaluations": 40, "method": "BFGS"}`

func TestRecordsAreStrict(t *testing.T) {
	cases := []strictRecord{
		{"Transaction", func() any { return new(cohort.Transaction) },
			`{"account": "ann", "at": "1997-01-18T00:00:00Z", "amount": {"amount": "29.73", "currency": "USD"}}`,
			[]badDoc{
				{`{"account": "ann", "amonut": {"amount": "1", "currency": "USD"}}`, "amonut", "unknown field"},
				{`{"account": "ann", "account": "bob"}`, "account", "duplicate field"},
				{`{"account": 31415}`, "account", "must be a string, got a number"},
				{`{"account": "ann", "at": "s3cr3t"}`, "at", `must be a time in RFC 3339 format ("2026-03-01T00:00:00Z"), got a string`},
				{`{"account": "ann", "amount": {"amount": "1", "currency": "USD", "note": "s3cr3t"}}`, "amount.note", "unknown field"},
			}},
		{"Spell", func() any { return new(cohort.Spell) },
			`{"account": "acme", "start": "2025-01-15T00:00:00Z", "end": "2026-04-15T00:00:00Z", "stratum": "good fit"}`,
			[]badDoc{
				{`{"account": "acme", "ends": "2026-04-15T00:00:00Z"}`, "ends", "unknown field"},
				{`{"account": "acme", "start": "2025-01-15T00:00:00Z", "start": "2025-01-16T00:00:00Z"}`, "start", "duplicate field"},
				{`{"account": "acme", "stratum": 31415}`, "stratum", "must be a string, got a number"},
				{`{"Account": "acme"}`, "Account", "unknown field"},
			}},
		{"Observation", func() any { return new(cohort.Observation) },
			`{"duration": 14.5, "churned": true, "stratum": "Month-to-month"}`,
			[]badDoc{
				{`{"duration": 3, "churnd": true}`, "churnd", "unknown field"},
				{`{"duration": 3, "duration": 4}`, "duration", "duplicate field"},
				{`{"duration": "s3cr3t"}`, "duration", "must be a number, got a string"},
				{`{"churned": 31415}`, "churned", "must be true or false, got a number"},
				{`{"duration": 1e400}`, "duration", "number is out of range"},
			}},
		{"CustomerSummary", func() any { return new(cohort.CustomerSummary) },
			`{"account": "ann", "frequency": 2, "recency": 30.43, "age": 38.86, "mean_repeat_spend": 22.35, "currency": "USD", "unit": "week"}`,
			[]badDoc{
				{`{"account": "ann", "frequncy": 2}`, "frequncy", "unknown field"},
				{`{"account": "ann", "age": 3, "age": 4}`, "age", "duplicate field"},
				{`{"account": "ann", "frequency": "s3cr3t"}`, "frequency", "must be a number, got a string"},
				{`{"account": "ann", "frequency": 2.5}`, "frequency", "must be an integer, without fraction or exponent"},
				{`{"account": "ann", "unit": "Week"}`, "unit", `unknown grain "Week" (want day, week, month, quarter or year)`},
			}},
		{"Valuation", func() any { return new(cohort.Valuation) },
			`{"periods": 12, "period_length": 4.345, "discount_rate": 0.01, "margin": 0.3}`,
			[]badDoc{
				{`{"periods": 12, "discount_rat": 0.01}`, "discount_rat", "unknown field"},
				{`{"periods": 12, "periods": 24}`, "periods", "duplicate field"},
				{`{"margin": "s3cr3t"}`, "margin", "must be a number, got a string"},
			}},
		{"BGNBD", func() any { return new(cohort.BGNBD) },
			`{"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "r_se": 0.013, "alpha_se": 0.378, "a_se": 0.186, "b_se": 0.705,
			  "unit": "week", ` + fitJSON + `}`,
			[]badDoc{
				{`{"r": 0.243, "alfa": 4.414}`, "alfa", "unknown field"},
				{`{"r": 0.243, "r": 0.25}`, "r", "duplicate field"},
				{`{"b": "s3cr3t"}`, "b", "must be a number, got a string"},
				{`{"fit": {"iterations": "s3cr3t"}}`, "fit.iterations", "must be a number, got a string"},
				{`{"fit": {"iterations": 3, "iterations": 4}}`, "fit.iterations", "duplicate field"},
				{`{"unit": "fortnight"}`, "unit", `unknown grain "fortnight" (want day, week, month, quarter or year)`},
			}},
		{"GammaGamma", func() any { return new(cohort.GammaGamma) },
			`{"p": 6.25, "q": 3.74, "gamma": 15.44, "p_se": 0.4, "q_se": 0.3, "gamma_se": 2.1, "currency": "USD", "repeat_buyers": 946, ` + fitJSON + `}`,
			[]badDoc{
				{`{"p": 6.25, "qq": 3.74}`, "qq", "unknown field"},
				{`{"gamma": 1, "gamma": 2}`, "gamma", "duplicate field"},
				{`{"repeat_buyers": "s3cr3t"}`, "repeat_buyers", "must be a number, got a string"},
				{`{"fit": {"methd": "BFGS"}}`, "fit.methd", "unknown field"},
			}},
		{"SBG", func() any { return new(cohort.SBG) },
			`{"alpha": 0.704, "beta": 1.182, "alpha_se": 0.1, "beta_se": 0.2, ` + fitJSON + `}`,
			[]badDoc{
				{`{"alpha": 0.704, "betta": 1.182}`, "betta", "unknown field"},
				{`{"beta": 1, "beta": 2}`, "beta", "duplicate field"},
				{`{"alpha": [31415]}`, "alpha", "must be a number, got a JSON array"},
				{`{"fit": "s3cr3t"}`, "fit", "must be a JSON object, got a string"},
			}},
		{"FitReport", func() any { return new(cohort.FitReport) },
			`{"log_likelihood": -33.2, "iterations": 12, "evaluations": 15, "method": "Nelder-Mead, then BFGS"}`,
			[]badDoc{
				{`{"loglikelihood": -33.2}`, "loglikelihood", "unknown field"},
				{`{"method": "BFGS", "method": "BFGS"}`, "method", "duplicate field"},
				{`{"evaluations": true}`, "evaluations", "must be a number, got a boolean"},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Round trip: what decodes encodes and decodes to the same
			// record, and encodes to the same bytes again.
			first := tc.new()
			require.NoError(t, json.Unmarshal([]byte(tc.valid), first))
			assert.NotEqual(t, tc.new(), first, "the valid document sets fields")
			encoded, err := json.Marshal(first)
			require.NoError(t, err)
			second := tc.new()
			require.NoError(t, json.Unmarshal(encoded, second), string(encoded))
			assert.Equal(t, first, second)
			again, err := json.Marshal(second)
			require.NoError(t, err)
			assert.JSONEq(t, string(encoded), string(again))

			for _, b := range tc.bad {
				got := tc.new()
				err := json.Unmarshal([]byte(b.doc), got)
				require.Error(t, err, b.doc)
				assert.ErrorIs(t, err, cohort.ErrInvalid, b.doc)
				problems := success.AsFieldErrors(err)
				require.Len(t, problems, 1, "%s: %v", b.doc, err)
				assert.Equal(t, b.path, problems[0].Path, b.doc)
				assert.Equal(t, b.problem, problems[0].Problem, b.doc)
				assert.NotContains(t, err.Error(), "s3cr3t", "an error never quotes a value")
				assert.NotContains(t, err.Error(), "31415", "an error never quotes a value")
				assert.Equal(t, tc.new(), got, "%s: a record that fails to decode is left unchanged", b.doc)
			}
		})
	}
}

// A bad success enumeration inside a cohort record wraps both sentinels:
// the record is cohort's, the grain success's.
func TestRecordNestedEnumKeepsItsSentinel(t *testing.T) {
	var s cohort.CustomerSummary
	err := json.Unmarshal([]byte(`{"account": "ann", "unit": "Week"}`), &s)
	require.ErrorIs(t, err, cohort.ErrInvalid)
	require.ErrorIs(t, err, success.ErrInvalid)
}

// Every problem of a record is reported at once, with its full path.
func TestRecordReportsEveryProblem(t *testing.T) {
	var m cohort.BGNBD
	err := json.Unmarshal([]byte(`{"unit": "month", "r": 1, "fit": {"iterations": 1.5, "extra": 0}, "unit": "day", "r_es": 0}`), &m)
	require.ErrorIs(t, err, cohort.ErrInvalid)
	assert.EqualError(t, err, "unit: duplicate field; fit.iterations: must be an integer, without fraction or exponent; fit.extra: unknown field; r_es: unknown field")
	assert.Equal(t, cohort.BGNBD{}, m)
}

func TestRecordNullIsAbsent(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		dst  any
		want any
	}{
		{"Transaction", `{"account": "ann", "at": null, "amount": null}`, new(cohort.Transaction), &cohort.Transaction{Account: "ann"}},
		{"Spell", `{"account": "acme", "end": null, "stratum": null}`, new(cohort.Spell), &cohort.Spell{Account: "acme"}},
		{"Observation", `{"duration": 3, "churned": null, "stratum": null}`, new(cohort.Observation), &cohort.Observation{Duration: 3}},
		{"CustomerSummary", `{"account": "ann", "frequency": null, "currency": null, "unit": "day"}`, new(cohort.CustomerSummary),
			&cohort.CustomerSummary{Account: "ann", Unit: success.Daily}},
		{"Valuation", `{"periods": 12, "margin": null}`, new(cohort.Valuation), &cohort.Valuation{Periods: 12}},
		{"BGNBD", `{"r": 1, "fit": null, "r_se": null}`, new(cohort.BGNBD), &cohort.BGNBD{R: 1}},
		{"GammaGamma", `{"p": 1, "fit": {"method": null}}`, new(cohort.GammaGamma), &cohort.GammaGamma{P: 1}},
		{"SBG", `{"alpha": 1, "beta": null}`, new(cohort.SBG), &cohort.SBG{Alpha: 1}},
		{"FitReport", `{"iterations": null, "method": "BFGS"}`, new(cohort.FitReport), &cohort.FitReport{Method: "BFGS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, json.Unmarshal([]byte(tt.doc), tt.dst))
			assert.Equal(t, tt.want, tt.dst)
		})
	}
	var obs []cohort.Observation
	require.NoError(t, json.Unmarshal([]byte(`[null, {"duration": 2, "churned": true}]`), &obs))
	assert.Equal(t, []cohort.Observation{{}, {Duration: 2, Churned: true}}, obs)
}

// A fitted model read back from JSON predicts as the model it was written
// from: the host fits once and predicts elsewhere.
func TestFittedModelsReadBackToPredict(t *testing.T) {
	survivors := []float64{1000, 631, 468, 382, 326, 289, 262, 241} // Fader & Hardie (2007), "regular"
	fitted, err := cohort.FitSBG([][]float64{survivors}, cohort.FitOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(fitted)
	require.NoError(t, err)
	var back cohort.SBG
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, fitted, back)
	assert.Equal(t, fitted.Survival(12), back.Survival(12))

	bg := cohort.BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: success.Weekly} // CDNOW, Fader, Hardie & Lee (2005)
	b, err = json.Marshal(bg)
	require.NoError(t, err)
	var bgBack cohort.BGNBD
	require.NoError(t, json.Unmarshal(b, &bgBack))
	ann := cohort.CustomerSummary{Account: "ann", Frequency: 2, Recency: 30.43, Age: 38.86, Unit: success.Weekly}
	want, err := bg.ExpectedPurchases(ann, 39)
	require.NoError(t, err)
	got, err := bgBack.ExpectedPurchases(ann, 39)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// Summaries written by a host read back as model input.
func TestSummariesReadBack(t *testing.T) {
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	day := func(d int) cohort.Transaction {
		return cohort.Transaction{Account: "ann", At: date(1997, 1, d), Amount: usd("10.50")}
	}
	summaries, err := cohort.Summarize(slices.Values([]cohort.Transaction{day(1), day(8), day(20)}), date(1997, 3, 31), success.Weekly, cohort.SummaryOptions{})
	require.NoError(t, err)
	b, err := json.Marshal(summaries)
	require.NoError(t, err)
	var back []cohort.CustomerSummary
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, summaries, back)
}
