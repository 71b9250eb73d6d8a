package success

import "github.com/secondsale/secondsale/internal/enum"

// Direction says which way a metric improves.
type Direction string

const (
	HigherIsBetter Direction = "higher_is_better" // e.g. weekly active users, NPS
	LowerIsBetter  Direction = "lower_is_better"  // e.g. time to close the books, ticket backlog
)

// Validate reports whether d is HigherIsBetter or LowerIsBetter.
func (d Direction) Validate() error {
	return oneOf(d, "direction", HigherIsBetter, LowerIsBetter)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (d Direction) MarshalText() ([]byte, error) { return enum.Encode(d) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the direction.
func (d *Direction) UnmarshalText(b []byte) error { return enum.Decode(d, b) }

// goodness maps a metric value onto a scale where larger is always better, so
// the rest of the code never branches on direction.
func (d Direction) goodness(v float64) float64 {
	if d == LowerIsBetter {
		return -v
	}
	return v
}
