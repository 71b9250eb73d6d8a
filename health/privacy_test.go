package health_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// Personal values, as a careless host or a CSM would put them where a
// number, a band or a category goes.
const (
	email = "alice.smith@example.com"
	phone = "+44 20 7946 0958"
)

// requireNoPersonal fails when text holds either personal value or a
// recognisable part of one.
func requireNoPersonal(t *testing.T, what, text string) {
	t.Helper()
	for _, v := range []string{email, phone, "alice", "example.com", "7946"} {
		assert.NotContains(t, text, v, "%s: %s", what, text)
	}
}

// privateCard has a measure of every kind, and a categorical one without a
// default, so an unlisted category is an error.
func privateCard() health.Scorecard {
	sc := smallCard()
	sc.Measures = []health.Measure{{ID: "tier", Weight: 1, Normaliser: health.Categorical(health.CategoryPoints{Name: "gold", Points: 100})}}
	return sc
}

// Every error path of health that takes a string, a band, an author, a
// reason or a note names the field, the kind and the length, never the
// value (issue 17). IDs (account, scorecard, measure) and JSON field names
// are the host's and may appear.
func TestErrorsHoldNoPersonalValues(t *testing.T) {
	p := mustCompile(t, privateCard())
	bad := health.Inputs{
		"m1":   success.StringValue(email), // linear: wants a number
		"m2":   success.StringValue(phone), // boolean: wants a bool
		"m3":   success.NumberValue(3),     // categorical: wants a string
		"m4":   success.StringValue(email), // tiers: wants a number
		"tier": success.StringValue(email), // an unlisted category
	}
	week := 7 * 24 * time.Hour
	later := t0.Add(week)
	override := &health.Override{Band: email, Author: email, Reason: phone, Expires: later}
	valueOverride := &health.Override{Value: ptrTo(150), Author: email, Reason: phone, Expires: later}
	personal := snap("acct", t1, math.NaN())
	personal.Band, personal.ReportedBand, personal.UncappedBand = email, phone, email
	unavailable := personal
	unavailable.Available = false
	var errs []error
	collect := func(_ any, err error) { errs = append(errs, err) }

	collect(p.Score("acct", bad, t0, health.ScoreOptions{}))
	collect(p.Score("acct", benchGoodInputs(), t0, health.ScoreOptions{Override: override}))
	collect(p.Score("acct", benchGoodInputs(), t0, health.ScoreOptions{Override: valueOverride}))
	var dst health.Score
	errs = append(errs, p.ScoreInto(&dst, "acct", bad, t0, health.ScoreOptions{}))
	values := make([]success.Value, len(p.MeasureIDs()))
	for i, id := range p.MeasureIDs() {
		values[i] = bad[id]
	}
	errs = append(errs, p.ScoreValues(&dst, "acct", values, t0, health.ScoreOptions{}))

	for _, doc := range []string{
		`{"author": 5, "reason": ["` + phone + `"], "band": "` + email + `", "value": "` + email + `", "expires": "` + phone + `"}`,
		`{"account": "a", "value": "` + email + `", "band": 5, "as_of": "` + phone + `"}`,
	} {
		errs = append(errs, json.Unmarshal([]byte(doc), new(health.Override)), json.Unmarshal([]byte(doc), new(health.Score)))
	}
	errs = append(errs, json.Unmarshal([]byte(`{"m1": ["`+email+`"], "m2": {"x": "`+phone+`"}}`), new(health.Inputs)))

	mismatched := personal
	mismatched.Value, mismatched.ReportedValue = 40, 50
	var pa health.PortfolioAccumulator
	errs = append(errs,
		pa.Add(health.PortfolioEntry{Score: mismatched, ARR: success.MustMoney("1", "USD")}),
		pa.Add(health.PortfolioEntry{Score: personal, ARR: success.MustMoney("1", "USD")}))
	var ba health.BacktestAccumulator
	errs = append(errs, ba.Add(health.Outcome{Score: personal, ARR: success.MustMoney("1", "USD")}))

	collect(health.ComputeTrend([]health.Score{snap("acct", t0, 50), personal}, t1, week, health.TrendOptions{}))
	collect(health.Explain(unavailable, personal))
	collect(health.Explain(personal, unavailable))
	st := health.NewMemoryStore()
	collect(st.Append(context.Background(), personal))
	errs = append(errs, personal.Validate())

	// A training outcome scored by another scorecard, with personal inputs.
	foreign := personal
	foreign.Value, foreign.ReportedValue, foreign.ScorecardID = 50, 50, "other" // IDs are the host's and may appear
	foreign.SetMeasures([]health.MeasureScore{health.NewMeasureScore(health.NewMeasureInfo("m1", "", 0, false), success.StringValue(email), 50, 0)})
	collect(health.FitWeights(p, []health.Outcome{{Score: foreign, ARR: success.MustMoney("1", "USD")}}, nil, health.WeightFitOptions{}))

	for i, err := range errs {
		require.Error(t, err, "case %d", i)
		requireNoPersonal(t, "error", err.Error())
	}
}

func ptrTo(f float64) *float64 { return &f }

// benchGoodInputs are inputs privateCard scores without error.
func benchGoodInputs() health.Inputs {
	return health.Inputs{"m1": success.NumberValue(5), "m2": success.BoolValue(true), "m3": success.StringValue("gold"),
		"m4": success.NumberValue(7), "tier": success.StringValue("gold")}
}

// Scores and overrides log IDs and figures through slog, never inputs, an
// author or a reason.
func TestLogValuesHoldNoPersonalValues(t *testing.T) {
	p := mustCompile(t, privateCard())
	in := benchGoodInputs()
	in["m3"] = success.StringValue("gold")
	override := health.Override{Value: ptrTo(80), Author: email, Reason: "called " + phone, Set: t0, Expires: t1}
	s, err := p.Score("acct-42", in, t0, health.ScoreOptions{Override: &override})
	require.NoError(t, err)
	editMeasures(&s, func(ms []health.MeasureScore) { ms[0].SetInput(success.StringValue(email)) }) // as a func measure might hold

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("scored", "score", s, "override", override, "band_override", health.Override{Band: email, Author: phone, Reason: email, Expires: t1})
	out := buf.String()
	requireNoPersonal(t, "log", out)
	for _, want := range []string{`"account":"acct-42"`, `"scorecard_id":"small"`, `"reported_value":80`, `"kind":"value"`, `"kind":"band"`, `"expires":"2026-03-08T00:00:00Z"`} {
		assert.Contains(t, out, want)
	}

	buf.Reset()
	slog.New(slog.NewTextHandler(&buf, nil)).Info("scored", "score", s)
	requireNoPersonal(t, "text log", buf.String())
}
