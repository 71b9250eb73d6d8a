package success

import (
	"fmt"
	"slices"

	"github.com/secondsale/secondsale/internal/enum"
)

// Grain is a calendar granularity: the period of a revenue ledger or a
// cohort table, the spacing of an activity series, the unit of a survival
// duration. It is the one name for that idea across the SDK; each function
// that takes a Grain says which grains it accepts (an activity series is
// daily or weekly, a cohort table monthly, quarterly or yearly).
//
// A period is identified by the calendar date of any instant in it, in that
// instant's location. Weeks are ISO weeks, Monday to Sunday; quarters start
// in January, April, July and October.
type Grain string

// The grains.
const (
	Daily     Grain = "day"
	Weekly    Grain = "week"
	Monthly   Grain = "month"
	Quarterly Grain = "quarter"
	Yearly    Grain = "year"
)

// Validate reports whether g is one of the defined grains.
func (g Grain) Validate() error {
	return oneOf(g, "grain", Daily, Weekly, Monthly, Quarterly, Yearly)
}

// OneOf reports whether g is one of the grains valid here. A grain that
// exists but is not accepted here ("day" for a revenue ledger) says so; an
// unknown one is worded as Validate words it.
func (g Grain) OneOf(valid ...Grain) error {
	if slices.Contains(valid, g) {
		return nil
	}
	if g.Validate() != nil || g == "" {
		return oneOf(g, "grain", valid...)
	}
	return fmt.Errorf("%w: grain %q is not accepted here (want %s)", ErrInvalid, string(g), enum.List(valid...))
}

// PeriodsPerYear is the number of periods in twelve months: 365 days, 52
// weeks, 12 months, 4 quarters, 1 year. Trailing-twelve-month metrics use it
// as their window. It is 0 for an invalid grain.
func (g Grain) PeriodsPerYear() int {
	switch g {
	case Daily:
		return 365
	case Weekly:
		return 52
	case Monthly:
		return 12
	case Quarterly:
		return 4
	case Yearly:
		return 1
	}
	return 0
}

// MarshalText writes the grain's name (nothing for the empty grain); an
// invalid grain is an error.
func (g Grain) MarshalText() ([]byte, error) { return enum.Encode(g) }

// UnmarshalText reads a grain's name, rejecting unknown ones.
func (g *Grain) UnmarshalText(b []byte) error { return enum.Decode(g, b) }
