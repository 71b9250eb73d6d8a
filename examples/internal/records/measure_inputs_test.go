package records_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

const card = `{"id": "smb", "version": 1, "measures": [
  {"id": "logins", "weight": 2, "normaliser": {"kind": "linear", "min": 0, "max": 20, "direction": "higher_is_better"}},
  {"id": "sso", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}},
  {"id": "plan", "weight": 1, "normaliser": {"kind": "categorical", "categories": [{"name": "pro", "points": 100}, {"name": "basic", "points": 40}]}}]}`

func TestMeasureInputs(t *testing.T) {
	sc, err := health.LoadScorecard(strings.NewReader(card), health.LoadOptions{})
	require.NoError(t, err)
	plan, err := health.Compile(sc)
	require.NoError(t, err)
	mi := records.NewMeasureInputs(plan)
	require.Equal(t, 3, mi.Len())

	rec := records.AccountRecord{Account: "a", Inputs: []records.Input{{"plan", success.StringValue("basic")}, {"sso", success.BoolValue(true)}}}
	x := make([]float64, 3)
	require.Nil(t, mi.Columns(&rec, x, "f", 3))
	assert.True(t, math.IsNaN(x[0]))
	assert.Equal(t, []float64{1, 1}, x[1:], "sso true is 1, basic is category 1")
	vals := make([]success.Value, 3)
	require.Nil(t, mi.Values(&rec, vals, "f", 3))
	assert.Equal(t, []success.Value{{}, success.BoolValue(true), success.StringValue("basic")}, vals)

	for _, c := range []struct {
		in     records.Input
		reject records.Reject
	}{
		{records.Input{Measure: "sso", Value: success.NumberValue(1)}, records.Reject{File: "f", Line: 4, Field: "inputs.sso", Reason: "want a boolean, found number"}},
		{records.Input{Measure: "plan", Value: success.BoolValue(true)}, records.Reject{File: "f", Line: 4, Field: "inputs.plan", Reason: "want a category (string), found bool"}},
		{records.Input{Measure: "logins", Value: success.StringValue("ten")}, records.Reject{File: "f", Line: 4, Field: "inputs.logins", Reason: "want a number, found string"}},
		{records.Input{Measure: "nps", Value: success.NumberValue(1)}, records.Reject{File: "f", Line: 4, Field: "inputs.nps", Reason: `not a measure of scorecard "smb"`}},
	} {
		rec := records.AccountRecord{Account: "a", Inputs: []records.Input{c.in}}
		rej := mi.Columns(&rec, x, "f", 4)
		require.NotNil(t, rej, c.in.Measure)
		assert.Equal(t, c.reject, *rej)
		assert.Equal(t, rej, mi.Values(&rec, vals, "f", 4), "both paths reject alike")
	}

	// An unlisted category passes the kind check and is refused by the
	// batch, which BatchRejects reads back by row.
	gold := records.AccountRecord{Account: "g", Inputs: []records.Input{{"plan", success.StringValue("gold")}}}
	require.Nil(t, mi.Columns(&gold, x, "f", 5))
	cols := [][]float64{{5, x[0]}, {1, x[1]}, {0, x[2]}}
	values, bands := make([]float64, 2), make([]int8, 2)
	err = plan.ScoreColumns(cols, values, bands, nil, success.ColumnOptions{})
	require.Error(t, err)
	bad, err := mi.BatchRejects(err)
	require.NoError(t, err)
	require.Len(t, bad, 1)
	assert.Equal(t, "inputs.plan", bad[1].Field)
	assert.Contains(t, bad[1].Reason, "category is not listed")
}

// Explain gives a record its Score, equal to Plan.Score's, or the reject
// the batch would give it: a wrong kind from the kind check, an unlisted
// category from ScoreValues, both named by the measure's input.
func TestMeasureInputsExplain(t *testing.T) {
	sc, err := health.LoadScorecard(strings.NewReader(card), health.LoadOptions{})
	require.NoError(t, err)
	plan, err := health.Compile(sc)
	require.NoError(t, err)
	mi := records.NewMeasureInputs(plan)
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

	var got health.Score
	rec := records.AccountRecord{Account: "a", AsOf: asOf, Inputs: []records.Input{{"plan", success.StringValue("basic")}, {"logins", success.NumberValue(12)}}}
	require.Nil(t, mi.Explain(&got, &rec, "f", 2))
	want, err := plan.Score("a", health.Inputs{"plan": success.StringValue("basic"), "logins": success.NumberValue(12)}, asOf, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, want, got)

	wrong := records.AccountRecord{Account: "b", AsOf: asOf, Inputs: []records.Input{{"sso", success.StringValue("yes")}}}
	assert.Equal(t, &records.Reject{File: "f", Line: 3, Field: "inputs.sso", Reason: "want a boolean, found string"}, mi.Explain(&got, &wrong, "f", 3))
	gold := records.AccountRecord{Account: "c", AsOf: asOf, Inputs: []records.Input{{"plan", success.StringValue("gold")}}}
	rej := mi.Explain(&got, &gold, "f", 4)
	require.NotNil(t, rej)
	assert.Equal(t, "f", rej.File)
	assert.Equal(t, int64(4), rej.Line)
	assert.Equal(t, "inputs.plan", rej.Field)
	assert.Contains(t, rej.Reason, "category is not listed")
	assert.NotContains(t, rej.Reason, "gold", "the value itself is never quoted")
}
