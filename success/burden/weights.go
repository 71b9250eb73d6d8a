package burden

import (
	"fmt"
	"github.com/secondsale/secondsale/success"
	"maps"
	"slices"
)

// Weights is the host's table of how much a ticket counts. A ticket's weight
// is Types[type] × Severities[severity] × (1 + NegativeFactor·max(0, −sentiment)):
// a multiplicative table keeps "a critical bug" and "a minor how-to question"
// apart without listing every pair. A type or severity missing from the table
// is an error, not a zero weight, so a typo never hides tickets.
type Weights struct {
	Types          map[string]float64 `json:"types"`
	Severities     map[string]float64 `json:"severities"`
	NegativeFactor float64            `json:"negative_factor"` // 0 ignores sentiment
}

// Validate checks that every weight and the factor are within 0 to
// success.MaxWeight; the first bad one, in key order, is the error.
func (w Weights) Validate() error {
	for _, table := range []struct {
		name string
		m    map[string]float64
	}{{"types", w.Types}, {"severities", w.Severities}} {
		for _, k := range slices.Sorted(maps.Keys(table.m)) {
			if !nonNegative(table.m[k]) {
				return fmt.Errorf("%w: weights.%s[%q] must be a number within 0 to %g", ErrInvalid, table.name, k, success.MaxWeight)
			}
		}
	}
	if !nonNegative(w.NegativeFactor) {
		return fmt.Errorf("%w: weights.negative_factor must be a number within 0 to %g", ErrInvalid, success.MaxWeight)
	}
	return nil
}

// weight is a ticket's weight from its type and severity weights and sentiment.
func (w Weights) weight(typeWeight, severityWeight float64, sentiment *float64) float64 {
	x := typeWeight * severityWeight
	if sentiment != nil && *sentiment < 0 {
		x *= 1 + w.NegativeFactor*-*sentiment
	}
	return x
}

// nonNegative bounds a weight by success.MaxWeight, so any realistic number
// of tickets sums to a finite total.
func nonNegative(v float64) bool { return v >= 0 && v <= success.MaxWeight } // false for NaN
