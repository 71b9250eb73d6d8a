package churn

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/success"
)

// Point is one entry of an activity series: the count of an activity (logins,
// active users, key actions, support tickets) on the day Date, or in the week
// starting Date for a weekly series.
type Point struct {
	Date  time.Time `json:"date"`
	Count float64   `json:"count"`
}

// Interval is the spacing of an activity series.
type Interval string

const (
	Daily  Interval = "day"  // one point per day (the default)
	Weekly Interval = "week" // one point per week, dated on its first day
)

// Usage is what an account did, as series in ascending date order. A day with
// no point counts as zero. Points dated after the as-of date are ignored, so a
// backfill sees only what was known then.
type Usage struct {
	Account success.AccountID `json:"account"`
	// Start is when the account became a customer. NeverActivated needs it and
	// is not evaluated when it is zero.
	Start    time.Time `json:"start,omitzero"`
	Interval Interval  `json:"interval,omitempty"` // empty means Daily
	// Activity counts engagement: logins, active users or key actions. It
	// feeds DropOff and Decline.
	Activity []Point `json:"activity,omitempty"`
	// KeyActions counts the action that marks activation (the first report
	// built, the first integration live). Nil means Activity is used.
	KeyActions []Point `json:"key_actions,omitempty"`
	// Tickets counts support tickets opened. It feeds SupportSpike.
	Tickets []Point `json:"tickets,omitempty"`
}

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
	//     account's usual tickets for a window that long); multiple,
	//     window_days, baseline_days, min_tickets
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
// WithinDays days have passed since Start.
type NeverActivatedRule struct {
	Disabled   bool `json:"disabled,omitempty"`
	WithinDays int  `json:"within_days,omitempty"` // 0 means 14
}

// SupportSpikeRule: tickets in the last WindowDays at least MinTickets and
// above Multiple times the account's baseline, its ticket rate over the
// BaselineDays before the window scaled to WindowDays.
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
			problems.Addf(ErrInvalid, path, "must be > 0, got %d", *v)
		}
	}
	positiveF := func(path string, v *float64, def float64) {
		switch {
		case *v == 0:
			*v = def
		case math.IsNaN(*v) || math.IsInf(*v, 0) || *v < 0:
			problems.Addf(ErrInvalid, path, "must be a finite number > 0, got %v", *v)
		}
	}
	positive("drop_off.min_active", &o.DropOff.MinActive, 3)
	positive("drop_off.silent_days", &o.DropOff.SilentDays, 14)
	if o.DropOff.FirstDays < 0 {
		problems.Addf(ErrInvalid, "drop_off.first_days", "must be >= 0, got %d", o.DropOff.FirstDays)
	}
	positive("decline.window_days", &o.Decline.WindowDays, 28)
	positiveF("decline.min_drop", &o.Decline.MinDrop, 0.5)
	if o.Decline.MinDrop > 1 {
		problems.Addf(ErrInvalid, "decline.min_drop", "is a share and must be <= 1, got %v", o.Decline.MinDrop)
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
	problems = append(problems, u.validate()...)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return detectSignals(u, asOf, opts, &cumulative{}), nil
}

// checkSignalArgs fills the options' defaults and reports problems with them
// and with asOf, which apply to every account alike.
func checkSignalArgs(asOf time.Time, opts SignalOptions) (SignalOptions, success.FieldErrors) {
	opts, err := opts.withDefaults()
	problems := success.AsFieldErrors(err).Prefix("options")
	if asOf.IsZero() {
		problems.Addf(ErrInvalid, "as_of", "must be set")
	}
	return opts, problems
}

// detectSignals evaluates the rules on valid usage with defaulted options.
// buf is scratch space for the series index, reused across accounts by
// DetectAll so that an account raising no signal allocates nothing.
func detectSignals(u Usage, asOf time.Time, opts SignalOptions, buf *cumulative) []Signal {
	step := 1
	if u.Interval == Weekly {
		step = 7
	}
	d := detector{u: u, asOf: asOf, today: dayOf(asOf), step: step, buf: buf}
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
	opts, problems := checkSignalArgs(asOf, opts)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var (
		out []Signal
		buf cumulative
	)
	first := make(map[success.AccountID]int) // account → its first position
	i := 0
	for u := range usage {
		bad := u.validate()
		if j, dup := first[u.Account]; dup && u.Account != "" {
			bad.Addf(ErrInvalid, "account", "duplicate: usage[%d] already holds this account's usage", j)
		} else {
			first[u.Account] = i
		}
		if len(bad) > 0 {
			problems = append(problems, bad.Prefix(fmt.Sprintf("usage[%d] (account %q)", i, string(u.Account)))...)
		} else if len(problems) == 0 {
			out = append(out, detectSignals(u, asOf, opts, &buf)...)
		}
		i++
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func (u Usage) validate() success.FieldErrors {
	var problems success.FieldErrors
	if u.Account == "" {
		problems.Addf(ErrInvalid, "account", "must not be empty")
	}
	if u.Interval != "" {
		if err := u.Interval.Validate(); err != nil {
			problems.AddErr(ErrInvalid, "interval", err)
		}
	}
	for _, s := range []struct {
		name   string
		points []Point
	}{{"activity", u.Activity}, {"key_actions", u.KeyActions}, {"tickets", u.Tickets}} {
		prevDay := 0
		for i, p := range s.points {
			path := func() string { return fmt.Sprintf("%s[%d]", s.name, i) } // built only for a problem
			day := dayOf(p.Date)
			if p.Date.IsZero() {
				problems.Addf(ErrInvalid, path()+".date", "must be set")
			} else if i > 0 && day <= prevDay {
				problems.Addf(ErrInvalid, path()+".date", "%s is not after %s[%d] (%s): points must be in strictly ascending date order",
					p.Date.Format(time.DateOnly), s.name, i-1, s.points[i-1].Date.Format(time.DateOnly))
			}
			prevDay = day
			if math.IsNaN(p.Count) || math.IsInf(p.Count, 0) || p.Count < 0 {
				problems.Addf(ErrInvalid, path()+".count", "must be a finite number >= 0, got %v", p.Count)
			}
		}
	}
	return problems
}

// dayOf numbers t's calendar date (in t's location) as days since 1970-01-01,
// by the proleptic Gregorian days-from-civil formula (H. Hinnant), which is
// several times cheaper than building a time.Time for the date.
func dayOf(t time.Time) int {
	y, m, d := t.Date()
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (int(m) + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func dateOf(day int) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

// detector evaluates the rules for one account as of one day.
type detector struct {
	u     Usage
	asOf  time.Time
	today int
	step  int         // days a point covers
	buf   *cumulative // scratch index, rebuilt by each rule that needs one
}

// cumulative indexes a series for window sums in O(log n): days[i] is the
// day of point i and total[i] the sum of the counts of points 0..i-1.
type cumulative struct {
	days  []int
	total []float64
}

// index rebuilds the scratch index over points, reusing its storage.
func (d detector) index(points []Point) cumulative {
	c := d.buf
	c.days = slices.Grow(c.days[:0], len(points))[:len(points)]
	c.total = slices.Grow(c.total[:0], len(points)+1)[:len(points)+1]
	c.total[0] = 0
	for i, p := range points {
		c.days[i] = dayOf(p.Date)
		c.total[i+1] = c.total[i] + p.Count
	}
	return *c
}

// upTo is the sum of the counts of points dated on or before day.
func (c cumulative) upTo(day int) float64 {
	n, _ := slices.BinarySearch(c.days, day+1) // points dated <= day
	return c.total[n]
}

// sum adds the counts of points dated in the days (from, to], ignoring points
// after today.
func (d detector) sum(c cumulative, from, to int) float64 {
	to = min(to, d.today)
	if to <= from {
		return 0
	}
	return c.upTo(to) - c.upTo(from)
}

// maxRunDays bounds how far back Since is searched: a signal that has held for
// longer than a year reports a Since one year back.
const maxRunDays = 366

// runStart steps back from today while holds(day) stays true, at most limit
// days, and returns the first day of the run.
func (d detector) runStart(holds func(day int) bool, limit int) int {
	first := d.today
	for day := d.today - 1; day > d.today-limit && holds(day); day-- {
		first = day
	}
	return first
}

func (d detector) dropOff(o SignalOptions) (Signal, bool) {
	r := o.DropOff
	if r.Disabled {
		return Signal{}, false
	}
	early := math.MaxInt // the last day whose activity counts toward MinActive
	if r.FirstDays > 0 && len(d.u.Activity) > 0 {
		from := dayOf(d.u.Activity[0].Date)
		if !d.u.Start.IsZero() {
			from = dayOf(d.u.Start)
		}
		early = from + r.FirstDays - 1
	}
	active, lastActive, seen := 0, 0, false
	for _, p := range d.u.Activity {
		if day := dayOf(p.Date); day <= d.today && p.Count > 0 {
			if day <= early {
				active++
			}
			lastActive, seen = day+d.step-1, true // the last day the point covers
		}
	}
	if !seen {
		return Signal{}, false
	}
	silent := d.today - lastActive
	if active < r.MinActive || silent < r.SilentDays {
		return Signal{}, false
	}
	return Signal{
		Kind:  DropOff,
		Since: dateOf(lastActive + 1),
		Numbers: []Number{{"active_periods", float64(active)}, {"silent_days", float64(silent)},
			{"min_active", float64(r.MinActive)}, {"silent_days_threshold", float64(r.SilentDays)}},
		Summary: fmt.Sprintf("active in %d periods%s, then silent for %d days since %s",
			active, firstDaysNote(r.FirstDays), silent, dateOf(lastActive+1).Format(time.DateOnly)),
	}, true
}

func firstDaysNote(firstDays int) string {
	if firstDays == 0 {
		return ""
	}
	return fmt.Sprintf(" of the first %d days", firstDays)
}

func (d detector) decline(o SignalOptions) (Signal, bool) {
	r := o.Decline
	if r.Disabled {
		return Signal{}, false
	}
	w := r.WindowDays
	activity := d.index(d.u.Activity)
	eval := func(day int) (recent, before float64, ok bool) {
		recent = d.sum(activity, day-w, day)
		before = d.sum(activity, day-2*w, day-w)
		return recent, before, before >= r.MinBase && recent <= before*(1-r.MinDrop)
	}
	recent, before, ok := eval(d.today)
	if !ok {
		return Signal{}, false
	}
	since := d.runStart(func(day int) bool { _, _, ok := eval(day); return ok }, maxRunDays)
	drop := 1 - recent/before
	return Signal{
		Kind:  Decline,
		Since: dateOf(since),
		Numbers: []Number{{"recent", recent}, {"previous", before}, {"drop", drop},
			{"window_days", float64(w)}, {"min_drop", r.MinDrop}, {"min_base", r.MinBase}},
		Summary: fmt.Sprintf("activity down %.0f%% (%g in the last %d days against %g in the %d days before)",
			drop*100, recent, w, before, w),
	}, true
}

func (d detector) neverActivated(o SignalOptions) (Signal, bool) {
	r := o.NeverActivated
	if r.Disabled || d.u.Start.IsZero() {
		return Signal{}, false
	}
	start := dayOf(d.u.Start)
	deadline := start + r.WithinDays
	if d.today < deadline {
		return Signal{}, false
	}
	keys := d.u.KeyActions
	if keys == nil {
		keys = d.u.Activity
	}
	if d.sum(d.index(keys), start-1, d.today) > 0 {
		return Signal{}, false
	}
	return Signal{
		Kind:    NeverActivated,
		Since:   dateOf(deadline),
		Numbers: []Number{{"days_since_start", float64(d.today - start)}, {"within_days", float64(r.WithinDays)}},
		Summary: fmt.Sprintf("no key action in the %d days since the start on %s (expected within %d days)",
			d.today-start, d.u.Start.Format(time.DateOnly), r.WithinDays),
	}, true
}

func (d detector) supportSpike(o SignalOptions) (Signal, bool) {
	r := o.SupportSpike
	if r.Disabled {
		return Signal{}, false
	}
	w, b := r.WindowDays, r.BaselineDays
	tickets := d.index(d.u.Tickets)
	eval := func(day int) (recent, baseline float64, ok bool) {
		recent = d.sum(tickets, day-w, day)
		baseline = d.sum(tickets, day-w-b, day-w) * float64(w) / float64(b)
		return recent, baseline, recent >= r.MinTickets && recent > r.Multiple*baseline
	}
	recent, baseline, ok := eval(d.today)
	if !ok {
		return Signal{}, false
	}
	since := d.runStart(func(day int) bool { _, _, ok := eval(day); return ok }, maxRunDays)
	return Signal{
		Kind:  SupportSpike,
		Since: dateOf(since),
		Numbers: []Number{{"recent", recent}, {"baseline", baseline}, {"multiple", r.Multiple},
			{"window_days", float64(w)}, {"baseline_days", float64(b)}, {"min_tickets", r.MinTickets}},
		Summary: fmt.Sprintf("%g tickets in the last %d days against a baseline of %.1f (more than %gx)",
			recent, w, baseline, r.Multiple),
	}, true
}
