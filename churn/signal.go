package churn

import (
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// SignalKind names an early-warning signal.
type SignalKind string

const (
	// DropOff: the account was active, then went silent ("logged in three
	// times in a row, then stopped").
	DropOff SignalKind = "drop_off"
	// Decline: activity in the recent window fell by a large share against
	// the window before it.
	Decline SignalKind = "decline"
	// NeverActivated: no key action since the start, well after the start.
	NeverActivated SignalKind = "never_activated"
	// SupportSpike: support tickets in the recent window far above the
	// account's own baseline.
	SupportSpike SignalKind = "support_spike"
)

// Number is one figure behind a signal.
type Number struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Signal is one early-warning signal raised as of a date.
type Signal struct {
	Kind    SignalKind        `json:"kind"`
	Account success.AccountID `json:"account"`
	AsOf    time.Time         `json:"as_of"`
	// Since is when the behaviour began: the first silent day for DropOff;
	// the deadline that passed for NeverActivated; for Decline and
	// SupportSpike, the first day of the unbroken run of days on which the
	// rule held, ending on AsOf.
	Since time.Time `json:"since"`
	// Numbers are the figures behind the signal, by kind, with the rule's
	// thresholds beside them:
	//   - DropOff: active_periods (active before the silence), silent_days;
	//     min_active, silent_days_threshold
	//   - Decline: recent and previous (activity in the two windows), drop
	//     (the share lost, 0..1); window_days, min_drop, min_base
	//   - NeverActivated: days_since_start; within_days (the deadline)
	//   - SupportSpike: recent (tickets in the window), baseline (the
	//     account's usual tickets for a window that long), baseline_days
	//     (the days the baseline covers: the rule's, or fewer for a young
	//     account); multiple, window_days, min_tickets
	Numbers []Number `json:"numbers"`
	Summary string   `json:"summary"` // the signal in one sentence
}

// Number returns the figure named name.
func (s Signal) Number(name string) (float64, bool) {
	for _, n := range s.Numbers {
		if n.Name == name {
			return n.Value, true
		}
	}
	return 0, false
}

// DropOffRule: at least MinActive active periods, then no activity for at
// least SilentDays days up to the as-of date. With FirstDays set, only
// activity in the first FirstDays days (from Start, or from the first point
// when Start is zero) counts toward MinActive: "active on 3 of the first 7
// days, then silent for 14".
type DropOffRule struct {
	Disabled   bool `json:"disabled,omitempty"`
	MinActive  int  `json:"min_active,omitempty"`  // 0 means 3
	SilentDays int  `json:"silent_days,omitempty"` // 0 means 14
	FirstDays  int  `json:"first_days,omitempty"`  // 0 means all history
}

// DeclineRule: activity in the last WindowDays down by at least MinDrop (a
// share: 0.5 = 50%) against the WindowDays before, which must hold at least
// MinBase so that tiny accounts do not flap.
type DeclineRule struct {
	Disabled   bool    `json:"disabled,omitempty"`
	WindowDays int     `json:"window_days,omitempty"` // 0 means 28
	MinDrop    float64 `json:"min_drop,omitempty"`    // 0 means 0.5
	MinBase    float64 `json:"min_base,omitempty"`    // 0 means 20
}

// NeverActivatedRule: no key action from Start through the as-of date, once
// WithinDays days have passed since Start. In a weekly series the week that
// contains Start counts, though its point is dated before a mid-week Start.
type NeverActivatedRule struct {
	Disabled   bool `json:"disabled,omitempty"`
	WithinDays int  `json:"within_days,omitempty"` // 0 means 14
}

// SupportSpikeRule: tickets in the last WindowDays at least MinTickets and
// above Multiple times the account's baseline, its ticket rate over the
// BaselineDays before the window scaled to WindowDays. When the usage has a
// Start, the baseline counts only days since it, and an account with fewer
// than WindowDays of history before the window has no baseline and raises
// no spike. Without a Start, days before the first ticket count as zero.
type SupportSpikeRule struct {
	Disabled     bool    `json:"disabled,omitempty"`
	WindowDays   int     `json:"window_days,omitempty"`   // 0 means 14
	BaselineDays int     `json:"baseline_days,omitempty"` // 0 means 90
	Multiple     float64 `json:"multiple,omitempty"`      // 0 means 2
	MinTickets   float64 `json:"min_tickets,omitempty"`   // 0 means 3
}

// SignalOptions holds the rules. The zero value means every rule enabled with
// its defaults.
type SignalOptions struct {
	DropOff        DropOffRule        `json:"drop_off"`
	Decline        DeclineRule        `json:"decline"`
	NeverActivated NeverActivatedRule `json:"never_activated"`
	SupportSpike   SupportSpikeRule   `json:"support_spike"`
}

// withDefaults fills zero thresholds and validates the rest.
func (o SignalOptions) withDefaults() (SignalOptions, error) {
	var problems success.FieldErrors
	positive := func(path string, v *int, def int) {
		switch {
		case *v == 0:
			*v = def
		case *v < 0:
			fielderr.Addf(&problems, ErrInvalid, path, "must be > 0, got %d", *v)
		}
	}
	positiveF := func(path string, v *float64, def float64) {
		switch {
		case *v == 0:
			*v = def
		case math.IsNaN(*v) || math.IsInf(*v, 0) || *v < 0:
			fielderr.Addf(&problems, ErrInvalid, path, "must be a finite number > 0, got %v", *v)
		}
	}
	positive("drop_off.min_active", &o.DropOff.MinActive, 3)
	positive("drop_off.silent_days", &o.DropOff.SilentDays, 14)
	if o.DropOff.FirstDays < 0 {
		fielderr.Addf(&problems, ErrInvalid, "drop_off.first_days", "must be >= 0, got %d", o.DropOff.FirstDays)
	}
	positive("decline.window_days", &o.Decline.WindowDays, 28)
	positiveF("decline.min_drop", &o.Decline.MinDrop, 0.5)
	if o.Decline.MinDrop > 1 {
		fielderr.Addf(&problems, ErrInvalid, "decline.min_drop", "is a share and must be <= 1, got %v", o.Decline.MinDrop)
	}
	positiveF("decline.min_base", &o.Decline.MinBase, 20)
	positive("never_activated.within_days", &o.NeverActivated.WithinDays, 14)
	positive("support_spike.window_days", &o.SupportSpike.WindowDays, 14)
	positive("support_spike.baseline_days", &o.SupportSpike.BaselineDays, 90)
	positiveF("support_spike.multiple", &o.SupportSpike.Multiple, 2)
	positiveF("support_spike.min_tickets", &o.SupportSpike.MinTickets, 3)
	return o, problems.Err()
}

// DetectSignals evaluates every enabled rule on u as of asOf and returns the
// signals raised, in the order DropOff, Decline, NeverActivated,
// SupportSpike. Invalid input (an empty account, a NaN, infinite or negative
// count, dates not strictly ascending) is reported all at once with the path
// of each bad point ("tickets[4].date").
func DetectSignals(u Usage, asOf time.Time, opts SignalOptions) ([]Signal, error) {
	opts, problems := checkSignalArgs(asOf, opts)
	var ix usageIndex
	problems = append(problems, u.validate(&ix)...)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return detectSignals(u, &ix, asOf, opts), nil
}

// checkSignalArgs fills the options' defaults and reports problems with them
// and with asOf, which apply to every account alike.
func checkSignalArgs(asOf time.Time, opts SignalOptions) (SignalOptions, success.FieldErrors) {
	opts, err := opts.withDefaults()
	problems := fielderr.Prefix(success.AsFieldErrors(err), "options")
	if asOf.IsZero() {
		fielderr.Addf(&problems, ErrInvalid, "as_of", "must be set")
	}
	return opts, problems
}

// detectSignals evaluates the rules on valid usage, indexed in ix, with
// defaulted options. DetectAll reuses ix across accounts, so that an account
// raising no signal allocates nothing.
func detectSignals(u Usage, ix *usageIndex, asOf time.Time, opts SignalOptions) []Signal {
	step := 1
	if u.Grain == success.Weekly {
		step = 7
	}
	d := detector{u: u, ix: ix, asOf: asOf, today: dayOf(asOf), step: step}
	var out []Signal
	for rule := range 4 {
		var s Signal
		var ok bool
		switch rule {
		case 0:
			s, ok = d.dropOff(opts)
		case 1:
			s, ok = d.decline(opts)
		case 2:
			s, ok = d.neverActivated(opts)
		case 3:
			s, ok = d.supportSpike(opts)
		}
		if ok {
			s.Account, s.AsOf = u.Account, asOf
			out = append(out, s)
		}
	}
	return out
}

// DetectAll runs DetectSignals on every account's usage and returns all
// signals in input order. Bad options or asOf are reported once, before any
// usage is read. Invalid usage, including a second Usage for the same account, is reported all at once, each path prefixed
// with the position and account ("usage[3] (account \"acme\").tickets[0].count"),
// and then no signals are returned.
func DetectAll(usage iter.Seq[Usage], asOf time.Time, opts SignalOptions) ([]Signal, error) {
	return DetectAllFrom(accum.Values(usage), asOf, opts)
}

// DetectAllFrom is DetectAll over a sequence that can fail, such as usage
// decoded from a file: the first read error stops it, nothing after it is
// read, and the error is returned wrapped with the position of the usage it
// replaced ("reading usage[7]: unexpected EOF"), so no signals are returned
// for part of the input.
func DetectAllFrom(usage iter.Seq2[Usage, error], asOf time.Time, opts SignalOptions) ([]Signal, error) {
	opts, problems := checkSignalArgs(asOf, opts)
	if usage == nil {
		fielderr.Addf(&problems, ErrInvalid, "usage", "nil sequence")
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var (
		out []Signal
		ix  usageIndex
	)
	first := make(map[success.AccountID]int) // account → its first position
	i := 0
	for u, err := range usage {
		if err != nil {
			return nil, accum.ReadError("usage", i, err)
		}
		bad := u.validate(&ix)
		if j, dup := first[u.Account]; dup && u.Account != "" {
			fielderr.Addf(&bad, ErrInvalid, "account", "duplicate: usage[%d] already holds this account's usage", j)
		} else {
			first[u.Account] = i
		}
		if len(bad) > 0 {
			problems = append(problems, fielderr.Prefix(bad, fmt.Sprintf("usage[%d] (account %q)", i, string(u.Account)))...)
		} else if len(problems) == 0 {
			out = append(out, detectSignals(u, &ix, asOf, opts)...)
		}
		i++
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Validate reports whether k is one of the defined values.
func (k SignalKind) Validate() error {
	return enum.OneOf(k, "signal kind", ErrInvalid, DropOff, Decline, NeverActivated, SupportSpike)
}

// MarshalText implements encoding.TextMarshaler: the kind's name (nothing
// for the empty kind), or Validate's error.
func (k SignalKind) MarshalText() ([]byte, error) { return enum.Encode(k) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (k *SignalKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }
