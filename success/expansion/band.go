package expansion

import "github.com/secondsale/secondsale/internal/enum"

// Band is the health band of an account's score, as a plain value: this
// package does not import health. Hosts whose scorecards name other bands
// map them onto these three (health.DefaultBands uses the same names).
type Band string

const (
	Green  Band = "green"
	Yellow Band = "yellow"
	Red    Band = "red" // blocks readiness
)

// Validate reports whether b is Green, Yellow or Red.
func (b Band) Validate() error {
	return enum.OneOf(b, "health band", ErrInvalid, Green, Yellow, Red)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (b Band) MarshalText() ([]byte, error) { return enum.Encode(b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the band.
func (b *Band) UnmarshalText(b2 []byte) error { return enum.Decode(b, b2) }
