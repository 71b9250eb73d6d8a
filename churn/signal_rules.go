package churn

import (
	"fmt"
	"math"
	"time"
)

// detector evaluates the rules for one account as of one day.
type detector struct {
	u     Usage
	asOf  time.Time
	today int
	ix    *usageIndex // u's series, indexed by day
	step  int         // days a point covers
}

// sum adds the counts of points dated in the days (from, to], ignoring points
// after today.
func (d detector) sum(s *series, from, to int) float64 {
	to = min(to, d.today)
	if to <= from {
		return 0
	}
	return s.upTo(to) - s.upTo(from)
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
		from := d.ix.activity.days[0]
		if !d.u.Start.IsZero() {
			from = dayOf(d.u.Start)
		}
		early = from + r.FirstDays - 1
	}
	active, lastActive, seen := 0, 0, false
	for i, p := range d.u.Activity {
		if day := d.ix.activity.days[i]; day <= d.today && p.Count > 0 {
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
	activity := &d.ix.activity
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
	// Points dated in (start-step, today]: a weekly point dated before a
	// mid-week start still covers the days after it.
	if d.sum(d.ix.keys, start-d.step, d.today) > 0 {
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
	w := r.WindowDays
	tickets := &d.ix.tickets
	// The baseline covers the BaselineDays before the window, but not days
	// before the account started: a new account's onboarding tickets are not
	// a spike over the zero tickets it filed before it existed.
	beforeStart := math.MinInt // the day before the account started
	if !d.u.Start.IsZero() {
		beforeStart = dayOf(d.u.Start) - 1
	}
	eval := func(day int) (recent, baseline float64, baseDays int, ok bool) {
		recent = d.sum(tickets, day-w, day)
		baseFrom := max(day-w-r.BaselineDays, beforeStart) // sums cover (from, to]
		baseDays = day - w - baseFrom
		if baseDays < w {
			return recent, 0, baseDays, false // too young for a baseline
		}
		baseline = d.sum(tickets, baseFrom, day-w) * float64(w) / float64(baseDays)
		return recent, baseline, baseDays, recent >= r.MinTickets && recent > r.Multiple*baseline
	}
	recent, baseline, baseDays, ok := eval(d.today)
	if !ok {
		return Signal{}, false
	}
	since := d.runStart(func(day int) bool { _, _, _, ok := eval(day); return ok }, maxRunDays)
	return Signal{
		Kind:  SupportSpike,
		Since: dateOf(since),
		Numbers: []Number{{"recent", recent}, {"baseline", baseline}, {"multiple", r.Multiple},
			{"window_days", float64(w)}, {"baseline_days", float64(baseDays)}, {"min_tickets", r.MinTickets}},
		Summary: fmt.Sprintf("%g tickets in the last %d days against a baseline of %.1f (more than %gx)",
			recent, w, baseline, r.Multiple),
	}, true
}
