package success

import (
	"fmt"
	"math"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/enum"
)

// The checks shared by every Validate method in this package.

// MaxMetricMagnitude bounds the values of a Required Outcome, so that the
// distance between any two of them is finite and progress is never NaN.
const MaxMetricMagnitude = 1e15

// checkMagnitude reports a metric value that is not finite or beyond MaxMetricMagnitude.
func checkMagnitude(p *FieldErrors, path string, v float64) {
	if badMagnitude(v) {
		p.addf(nil, path, "must be a finite number within ±%g, got %v", MaxMetricMagnitude, v)
	}
}

// badMagnitude reports whether v is NaN, infinite or beyond
// MaxMetricMagnitude.
func badMagnitude(v float64) bool {
	return math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxMetricMagnitude
}

// checkDate reports a date outside the calendar the SDK reads
// (calendar.MinYear to MaxYear; the zero time is in range).
func checkDate(p *FieldErrors, path string, t time.Time) {
	if !calendar.InRange(t) {
		p.addf(nil, path, "%s", outsideYears)
	}
}

// outsideYears is the problem of a date outside the calendar.
var outsideYears = fmt.Sprintf("is outside the years %d to %d", calendar.MinYear, calendar.MaxYear)

// checkFinite reports NaN and ±Inf.
func checkFinite(p *FieldErrors, path string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		p.addf(nil, path, "must be a finite number, got %v", v)
	}
}

// MaxWeight bounds a relative weight (of a fit criterion or a Required
// Outcome), so that any realistic number of weights sums to a finite total and
// every share of it is a number.
const MaxWeight = 1e12

// checkWeight reports a weight that is not a finite number within [0, MaxWeight].
func checkWeight(p *FieldErrors, path string, w float64) {
	if math.IsNaN(w) || w < 0 || w > MaxWeight {
		p.addf(nil, path, "must be >= 0 and at most %g, got %v", MaxWeight, w)
	}
}

// checkUnique records id as seen at path, or reports it as a duplicate.
func checkUnique(p *FieldErrors, seen map[string]string, id, path string) {
	if id == "" {
		return
	}
	if first, dup := seen[id]; dup {
		p.addf(nil, path+".id", "duplicate id %q (first at %s)", id, first)
		return
	}
	seen[id] = path
}

// oneOf is enum.OneOf with this package's sentinel.
func oneOf[E ~string](v E, what string, valid ...E) error {
	return enum.OneOf(v, what, ErrInvalid, valid...)
}
