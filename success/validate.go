package success

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/secondsale/secondsale/internal/enum"
)

// The checks shared by every Validate method in this package.

// MaxMetricMagnitude bounds the values of a Required Outcome, so that the
// distance between any two of them is finite and progress is never NaN.
const MaxMetricMagnitude = 1e15

// checkMagnitude reports a metric value that is not finite or beyond MaxMetricMagnitude.
func checkMagnitude(p *FieldErrors, path string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxMetricMagnitude {
		p.addf(nil, path, "must be a finite number within ±%g, got %v", MaxMetricMagnitude, v)
	}
}

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

// oneOf is enum.OneOf with the privacy rule: an unknown value is quoted
// only when it has the shape of a name (enumName), so that a typo
// ("onbording") is shown and a misplaced e-mail address or phone number is
// described by its length instead.
func oneOf[E ~string](v E, what string, valid ...E) error {
	if slices.Contains(valid, v) || enumName(string(v)) {
		return enum.OneOf(v, what, ErrInvalid, valid...)
	}
	var names []string
	for _, e := range valid {
		if e != "" {
			names = append(names, string(e))
		}
	}
	list := strings.Join(names, ", ")
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
	return fmt.Errorf("%w: unknown %s, a string of %d bytes that is not a name (want %s)", ErrInvalid, what, len(v), list)
}

// enumName reports whether s looks like an enumeration's name, typo
// included ("Week", "onbording"): at most 32 bytes of ASCII letters, digits
// and underscores, starting with a letter. An e-mail address (@, .), a phone
// number (+, spaces, a leading digit) or a full name (a space) does not.
func enumName(s string) bool {
	if s == "" || len(s) > 32 || !asciiLetter(s[0]) {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !(asciiLetter(c) || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func asciiLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
