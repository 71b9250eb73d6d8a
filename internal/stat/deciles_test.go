package stat

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestDecilesSmall(t *testing.T) {
	// 12 rows: deciles take rows {0,1},{2},{3},{4},{5,6},{7},{8},{9},{10},{11}.
	values := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	event := []bool{true, true, false, true, false, false, false, false, false, false, false, true}
	got := Deciles(values, event, 4.0/12, 4)
	require.Len(t, got, 10)
	assert.Equal(t, Decile{Count: 2, Events: 2, Min: 1, Max: 2, Rate: 1, Lift: 3, Capture: 0.5}, got[0])
	assert.Equal(t, Decile{Count: 1, Events: 0, Min: 3, Max: 3, Rate: 0, Lift: 0, Capture: 0.5}, got[1])
	assert.Equal(t, 1.0, got[9].Capture)
	// Fewer rows than deciles leave some empty, with zero rate and lift.
	few := Deciles([]float64{5, 7}, []bool{true, false}, 0.5, 1)
	assert.Equal(t, Decile{Capture: 1}, few[1])
	assert.Equal(t, Decile{Count: 1, Events: 1, Min: 5, Max: 5, Rate: 1, Lift: 2, Capture: 1}, few[0])
	assert.Equal(t, Decile{Count: 1, Min: 7, Max: 7, Capture: 1}, few[5])
}

// For ascending input, Min and Max are a decile's first and last rows (what
// health reported before the code moved here), and the counts add up.
func TestDecilesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		values := rapid.SliceOfN(rapid.Float64Range(0, 100), 1, 200).Draw(t, "values")
		slices.Sort(values)
		event := make([]bool, len(values))
		events := 0
		for i := range event {
			event[i] = rapid.Bool().Draw(t, "event")
			if event[i] {
				events++
			}
		}
		if events == 0 {
			event[0], events = true, 1
		}
		got := Deciles(values, event, float64(events)/float64(len(values)), events)
		n, e := 0, 0
		for d, dec := range got {
			var rows []int
			for i := range values {
				if 10*i/len(values) == d {
					rows = append(rows, i)
				}
			}
			if len(rows) > 0 {
				assert.Equal(t, values[rows[0]], dec.Min)
				assert.Equal(t, values[rows[len(rows)-1]], dec.Max)
			}
			n += dec.Count
			e += dec.Events
		}
		assert.Equal(t, len(values), n)
		assert.Equal(t, events, e)
		assert.InDelta(t, 1, got[9].Capture, 1e-15)
	})
}
