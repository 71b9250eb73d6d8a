package health_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// nestedWideCard has 19 measures in 10 groups, more than a Score holds in itself,
// so its measures and groups live in arrays of their own.
func nestedWideCard() (health.Scorecard, health.Inputs) {
	sc := health.Scorecard{ID: "wide", Version: 1}
	in := health.Inputs{}
	for g := range 9 {
		group := health.Group{ID: fmt.Sprint("g", g), Weight: 1}
		for m := range 2 {
			id := fmt.Sprintf("m%d_%d", g, m)
			group.Measures = append(group.Measures, health.Measure{ID: id, Weight: 1, Normaliser: health.Linear(0, 10, success.HigherIsBetter)})
			in[id] = num(float64(g + m))
		}
		if g == 0 { // a nested group: eight in all
			group.Groups = []health.Group{{ID: "g0_inner", Weight: 1, Measures: []health.Measure{
				{ID: "inner", Weight: 1, Normaliser: health.Boolean(100, 0)}}}}
		}
		sc.Groups = append(sc.Groups, group)
	}
	delete(in, "m3_1")
	return sc, in
}

// A Score is a value: what Measures and Groups return, and a copy of the
// Score, are independent of it, for the inline sizes and beyond them.
func TestScoreIsAValue(t *testing.T) {
	wide, wideIn := nestedWideCard()
	for name, c := range map[string]struct {
		sc health.Scorecard
		in health.Inputs
	}{"inline": {benchCard(), benchInputs()}, "wide": {wide, wideIn}} {
		p := mustCompile(t, c.sc)
		s, err := p.Score("acme", c.in, t0, health.ScoreOptions{})
		require.NoError(t, err, name)
		require.Equal(t, len(p.MeasureIDs()), s.NumMeasures(), name)
		want, err := p.Score("acme", c.in, t0, health.ScoreOptions{}) // shares nothing with s
		require.NoError(t, err, name)

		ms, gs := s.Measures(), s.Groups()
		require.Len(t, ms, s.NumMeasures(), name)
		require.Len(t, gs, s.NumGroups(), name)
		for i := range ms {
			assert.Equal(t, ms[i], s.Measure(i), name)
		}
		for i := range gs {
			assert.Equal(t, gs[i], s.Group(i), name)
		}
		ms[0].Points, gs[0].Contribution = -1, -1
		assert.Equal(t, want, s, "%s: changed through Measures or Groups", name)

		copied := s
		editMeasures(&copied, func(ms []health.MeasureScore) { ms[1].Points = -2 })
		copied.SetGroups(copied.Groups()[:1])
		assert.Equal(t, want, s, "%s: changed through a copy's setters", name)
		assert.Equal(t, -2.0, copied.Measure(1).Points, name)
		assert.Equal(t, 1, copied.NumGroups(), name)

		clone := s.Clone() // kept beyond the next ScoreInto into s
		other := maps.Clone(c.in)
		for id := range other {
			delete(other, id)
			break
		}
		require.NoError(t, p.ScoreInto(&s, "other", other, t1, health.ScoreOptions{}), name)
		assert.Equal(t, want, clone, "%s: a clone changed by ScoreInto", name)
	}
}

// Missing lists the measures marked missing, in column order.
func TestScoreMissing(t *testing.T) {
	sc, in := nestedWideCard()
	delete(in, "m0_0")
	s, err := mustCompile(t, sc).Score("acme", in, t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"m0_0", "inner", "m3_1"}, s.Missing())
	full, err := mustCompile(t, benchCard()).Score("acme", benchInputs(), t0, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Nil(t, full.Missing())
}

// A wide score survives JSON whole, and its JSON has the fields in the order
// they had when the measures, groups and missing IDs were fields too.
func TestWideScoreJSONRoundTrip(t *testing.T) {
	sc, in := nestedWideCard()
	s, err := mustCompile(t, sc).Score("acme", in, t0, health.ScoreOptions{})
	require.NoError(t, err)
	data, back := jsonRoundTrip(t, s)
	assert.Equal(t, s.Missing(), back.Missing())
	assert.Equal(t, s.NumGroups(), back.NumGroups())
	var keys []string
	dec := json.NewDecoder(bytes.NewReader(data))
	_, _ = dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	assert.Equal(t, []string{"account", "scorecard_id", "scorecard_version", "as_of", "available", "value", "band",
		"uncapped_band", "measures", "groups", "missing", "missing_weight", "known_share", "confident",
		"subjective_share", "reported_value", "reported_band"}, keys)
}

// A snapshot whose "missing" list disagrees with its measures is refused
// with the field named; one without the list reads its measures'.
func TestScoreJSONMissingMustAgree(t *testing.T) {
	s, err := mustCompile(t, smallCard()).Score("acme", health.Inputs{"m1": num(3)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var top map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &top))
	require.JSONEq(t, `["m2","m3","m4"]`, string(top["missing"]))

	for name, missing := range map[string]string{"one dropped": `["m2","m3"]`, "reordered": `["m3","m2","m4"]`, "empty": `[]`} {
		top["missing"] = json.RawMessage(missing)
		bad, err := json.Marshal(top)
		require.NoError(t, err)
		var back health.Score
		err = json.Unmarshal(bad, &back)
		require.ErrorIs(t, err, health.ErrInvalid, name)
		assert.Contains(t, err.Error(), "missing", name)
	}
	delete(top, "missing")
	without, err := json.Marshal(top)
	require.NoError(t, err)
	var back health.Score
	require.NoError(t, json.Unmarshal(without, &back))
	assert.Equal(t, []string{"m2", "m3", "m4"}, back.Missing())
}

// The JSON of a score, and of an empty one, is what it was when the
// measures, groups and missing IDs were fields: testdata/score.json was
// written by json.Marshal at commit ba645a8 (indented with python3 -m
// json.tool), before a Score held them itself.
func TestScoreJSONUnchanged(t *testing.T) {
	p := mustCompile(t, benchCard())
	in := benchInputs()
	delete(in, "dau_ratio")
	in["payment_ok"] = success.BoolValue(false)
	seventy := 70.0
	s, err := p.Score("acme", in, t0, health.ScoreOptions{Override: &health.Override{Value: &seventy, Author: "kim", Reason: "x", Set: t0, Expires: t2}})
	require.NoError(t, err)
	got, err := json.Marshal([]health.Score{s, {}})
	require.NoError(t, err)
	want, err := os.ReadFile("testdata/score.json")
	require.NoError(t, err)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, want))
	assert.Equal(t, compact.String(), string(got))
}

// A Score reused for scorecards of different sizes, inline and beyond,
// equals a new one each time: nothing of the previous scorecard is left.
func TestScoreIntoAcrossSizes(t *testing.T) {
	wide, wideIn := nestedWideCard()
	small, wp := mustCompile(t, smallCard()), mustCompile(t, wide)
	smallIn := health.Inputs{"m1": num(3), "m2": success.BoolValue(true), "m3": success.StringValue("gold"), "m4": num(7)}
	var dst health.Score
	for _, step := range []struct {
		p  *health.Plan
		in health.Inputs
	}{{small, smallIn}, {wp, wideIn}, {small, smallIn}, {mustCompile(t, benchCard()), benchInputs()}, {wp, wideIn}} {
		require.NoError(t, step.p.ScoreInto(&dst, "acme", step.in, t0, health.ScoreOptions{}))
		fresh, err := step.p.Score("acme", step.in, t0, health.ScoreOptions{})
		require.NoError(t, err)
		require.Equal(t, fresh, dst)
	}
}

// Scoring into a Score again changes none of what a copy of it, or a
// measure read from it before, holds: not a time input, not the caps.
func TestScoreIntoLeavesCopiesAlone(t *testing.T) {
	days := health.Func("days_since", func(v success.Value) (float64, error) {
		at, _ := v.Time()
		return min(100, t0.Sub(at).Hours()/24), nil
	})
	p := mustCompile(t, health.Scorecard{ID: "c", Version: 1, Measures: []health.Measure{
		{ID: "last_login", Weight: 1, Normaliser: days},
		{ID: "usage", Weight: 1, Normaliser: health.Linear(0, 100, success.HigherIsBetter), Critical: &health.Critical{Below: 30, CapBand: "red"}},
	}})
	first := health.Inputs{"last_login": success.TimeValue(t0.AddDate(0, 0, -2)), "usage": num(10)}
	s, err := p.Score("a", first, t0, health.ScoreOptions{})
	require.NoError(t, err)
	require.Len(t, s.Caps, 1)
	want, err := p.Score("a", first, t0, health.ScoreOptions{})
	require.NoError(t, err)
	copied, measure, measures := s, s.Measure(0), s.Measures()

	require.NoError(t, p.ScoreInto(&s, "b", health.Inputs{"last_login": success.TimeValue(t0.AddDate(0, 0, -40)), "usage": num(20)}, t0, health.ScoreOptions{}))
	require.NotEqual(t, want, s)
	assert.Equal(t, want, copied)
	assert.Equal(t, want.Measure(0), measure)
	assert.Equal(t, want.Measures(), measures)
}

// A measure read from JSON is missing exactly when it has no input, and
// has an ID; a record that says otherwise is refused at the measure's path.
func TestMeasureJSONMustAgreeWithItself(t *testing.T) {
	for name, c := range map[string]struct{ measure, path string }{
		"input and missing":     {`{"id": "m1", "input": 3, "points": 30, "weight": 1, "effective_weight": 1, "missing": true}`, "measures[0].missing"},
		"no input, not missing": {`{"id": "m1", "points": 0, "weight": 1, "effective_weight": 1}`, "measures[0].missing"},
		"no ID":                 {`{"id": "", "input": 3, "points": 30, "weight": 1, "effective_weight": 1}`, "measures[0].id"},
		"missing and absent ID": {`{"missing": true, "weight": 1, "effective_weight": 0}`, "measures[0].id"},
	} {
		data := `{"account": "a", "scorecard_id": "c", "as_of": "2026-03-01T00:00:00Z", "measures": [` + c.measure + `]}`
		var s health.Score
		err := json.Unmarshal([]byte(data), &s)
		require.ErrorIs(t, err, health.ErrInvalid, name)
		assert.Contains(t, err.Error(), c.path, name)
	}
}

// A Score prints as one line with its figures and never its inputs.
func TestScoreString(t *testing.T) {
	p := mustCompile(t, benchCard())
	in := benchInputs()
	delete(in, "dau_ratio")
	in["plan"] = success.StringValue("enterprise")
	seventy := 70.0
	s, err := p.Score("acme", in, t0, health.ScoreOptions{Override: &health.Override{Value: &seventy, Author: "kim", Reason: "renewal", Set: t0, Expires: t2}})
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("acme: %.1f %s (reported 70.0 yellow), scorecard bench v3 as of 2026-03-01T00:00:00Z, 1 of 10 measures missing", s.Value, s.Band), fmt.Sprint(s))
	for _, secret := range []string{"enterprise", "kim", "renewal"} {
		assert.NotContains(t, fmt.Sprintf("%v %+v %s", s, s, s), secret)
	}
	assert.Equal(t, "a: unavailable, scorecard  v0 as of 0001-01-01T00:00:00Z, 0 of 0 measures missing, not confident", fmt.Sprint(health.Score{Account: "a"}))
}

// A score's value is its measures' contributions added up: Validate (and so
// a store) refuses one whose figures do not add up, and takes one whose
// sum differs only by the rounding of another order of addition.
func TestValidateChecksTheContributions(t *testing.T) {
	s, err := mustCompile(t, benchCard()).Score("acme", benchInputs(), t0, health.ScoreOptions{})
	require.NoError(t, err)
	require.NoError(t, s.Validate())

	off := s
	off.Value += 1e-6
	err = off.Validate()
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Contains(t, err.Error(), "value")
	assert.Contains(t, err.Error(), "contributions add up to")

	reordered := s
	reordered.Value = 0
	ms := s.Measures()
	for i := len(ms) - 1; i >= 0; i-- {
		reordered.Value += ms[i].Contribution()
	}
	require.NoError(t, reordered.Validate())

	unavailable, bare := s, s
	unavailable.Available, unavailable.Value, unavailable.Confident = false, 0, false
	require.NoError(t, unavailable.Validate(), "an unavailable score has no value to add up to")
	bare.SetMeasures(nil)
	bare.Value = 12
	require.NoError(t, bare.Validate(), "a score without measures has nothing to add up")
}
