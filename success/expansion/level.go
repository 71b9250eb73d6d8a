package expansion

import (
	"github.com/secondsale/secondsale/internal/enum"
)

// Level is how ready an account is to be asked to buy more, as of a date.
// Levels are ordered: NotReady < Nurture < Ready.
type Level string

const (
	// NotReady: do not ask. The score is below Options.NurtureScore, or a
	// blocker (bad fit, red health, open risk) stands in the way.
	NotReady Level = "not_ready"
	// Nurture: build towards the ask (prove value, close the gap to the
	// Desired Outcome) but do not make it yet.
	Nurture Level = "nurture"
	// Ready: the customer has had value and shows it; propose the expansion.
	Ready Level = "ready"
)

// Rank returns 0 for NotReady, 1 for Nurture and 2 for Ready, so levels can
// be compared; -1 for anything else.
func (l Level) Rank() int {
	switch l {
	case NotReady:
		return 0
	case Nurture:
		return 1
	case Ready:
		return 2
	}
	return -1
}

// Levels returns the levels from least to most ready.
func Levels() []Level { return []Level{NotReady, Nurture, Ready} }

// Validate reports whether l is one of the defined levels.
func (l Level) Validate() error {
	return enum.OneOf(l, "readiness level", ErrInvalid, NotReady, Nurture, Ready)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (l Level) MarshalText() ([]byte, error) { return enum.Encode(l) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the level.
func (l *Level) UnmarshalText(b []byte) error { return enum.Decode(l, b) }

// lower returns the less ready of a and b.
func lower(a, b Level) Level {
	if b.Rank() < a.Rank() {
		return b
	}
	return a
}
