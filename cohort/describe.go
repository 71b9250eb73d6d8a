package cohort

import (
	"fmt"
	"math"

	"github.com/secondsale/secondsale/internal/enum"
)

// Errors describe a bad input by its field, its kind and its size, never by
// its value: errors reach logs, and a value may be personal (a customer's
// spend, a host's cohort key, a date in a customer's life) or huge (a 10 MB
// "currency"). Account IDs are the host's and do appear.

// numberKind names the kind of a number without its value.
func numberKind(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v < 0:
		return "a negative number"
	case v == 0:
		return "zero"
	}
	return "a positive number"
}

// countKind names the kind of a count outside 0..limit without its value.
func countKind(n, limit int) string {
	switch {
	case n < 0:
		return "a negative count"
	case n > limit:
		return fmt.Sprintf("a count above %d", limit)
	case n == 0:
		return "zero"
	}
	return "a count within range"
}

// textKind names the kind of a string without its content: its length.
func textKind(s string) string {
	if s == "" {
		return "an empty string"
	}
	return fmt.Sprintf("a string of %d bytes", len(s))
}

// oneOf is internal/enum.OneOf with this package's sentinel: an unknown
// value is quoted only when it has a name's shape.
func oneOf[E ~string](v E, what string, valid ...E) error {
	return enum.OneOf(v, what, ErrInvalid, valid...)
}
