package sim

import (
	"fmt"
	"time"
)

// DefaultAccounts is the size of the base when Options.Accounts is 0.
const DefaultAccounts = 5000

// MaxAccounts bounds Options.Accounts, so that a mistyped flag cannot ask for
// unbounded memory: an account of the default three years takes about 15 KB
// (its daily usage, tickets, surveys and touchpoints), so the cap is about
// 3 GB.
const MaxAccounts = 200_000

// MaxAccountYears bounds Accounts times the span from Start to AsOf in
// years, the measure of the base's size: as many as MaxAccounts over three
// years.
const MaxAccountYears = 3 * MaxAccounts

// DefaultAsOf is the last day of the simulation when Options.AsOf is zero.
var DefaultAsOf = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// Options are Generate's settings; the zero value means the defaults.
type Options struct {
	// Seed picks the base: the same seed gives the same data on every
	// machine, byte for byte.
	Seed uint64
	// Accounts is the number of accounts that sign up; 0 means
	// DefaultAccounts.
	Accounts int
	// Start and AsOf bound the simulation: accounts sign up from Start until
	// the day before AsOf, and everything is observed up to (not including)
	// AsOf. Both are read as calendar dates in UTC. A zero AsOf means
	// DefaultAsOf; a zero Start means three years before AsOf.
	Start, AsOf time.Time
}

// resolved returns the options with defaults filled in and dates truncated to
// UTC days, or an error naming the bad field.
func (o Options) resolved() (Options, error) {
	if o.Accounts == 0 {
		o.Accounts = DefaultAccounts
	}
	if o.Accounts < 0 || o.Accounts > MaxAccounts {
		return o, fmt.Errorf("sim: accounts: must be in 1..%d", MaxAccounts)
	}
	if o.AsOf.IsZero() {
		o.AsOf = DefaultAsOf
	}
	o.AsOf = utcDay(o.AsOf)
	if o.Start.IsZero() {
		o.Start = o.AsOf.AddDate(-3, 0, 0)
	}
	o.Start = utcDay(o.Start)
	if !o.Start.Before(o.AsOf) {
		return o, fmt.Errorf("sim: start: must be before as_of")
	}
	if o.AsOf.Sub(o.Start) > 20*365*24*time.Hour {
		return o, fmt.Errorf("sim: start: at most 20 years before as_of")
	}
	if years := o.AsOf.Sub(o.Start).Hours() / (24 * 365); float64(o.Accounts)*years > MaxAccountYears {
		return o, fmt.Errorf("sim: accounts: %d accounts over %.1f years is more than %d account-years", o.Accounts, years, MaxAccountYears)
	}
	return o, nil
}

// utcDay returns t's calendar date (in t's location) as midnight UTC.
func utcDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
