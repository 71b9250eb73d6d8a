package cohort

import (
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
)

// cal is the calendar grain behind p.
func (p Period) cal() calendar.Grain {
	switch p {
	case PeriodQuarter:
		return calendar.Quarter
	case PeriodYear:
		return calendar.Year
	}
	return calendar.Month
}

// periodNumber counts calendar periods from year 0: a month is y·12+m−1, a
// quarter y·4+(m−1)/3, a year y. Differences of numbers are period offsets.
func periodNumber(p Period, y int, m time.Month) int { return calendar.Number(p.cal(), y, m, 1) }

// periodStart returns the first instant of period number n in loc.
func periodStart(p Period, n int, loc *time.Location) time.Time {
	return calendar.Start(p.cal(), n, loc)
}

// periodLabel names period number n: "2026-03", "2026-Q1", "2026".
func periodLabel(p Period, n int) string { return calendar.Label(p.cal(), n) }

// maxCachedPeriods bounds the boundary cache (400 years of months); times
// outside it are still numbered, only more slowly.
const maxCachedPeriods = 4800

// periodIndex numbers instants by calendar period in one location. Converting
// every fact's times with time.In and Date would dominate the cost of a cohort
// table, so it caches the Unix start of each period seen so far and numbers an
// instant by an estimate corrected against those boundaries. Memory is
// bounded by the span of periods, not by the number of facts.
type periodIndex struct {
	period Period
	loc    *time.Location
	first  int     // period number of bounds[0]
	bounds []int64 // bounds[i] is the Unix start of period first+i; the last entry ends the range
	invAvg float64 // 1 / average period length in seconds, for the estimate
}

func newPeriodIndex(p Period, loc *time.Location) *periodIndex {
	avg := int64(365.2425 * 86400 / 12)
	switch p {
	case PeriodQuarter:
		avg *= 3
	case PeriodYear:
		avg *= 12
	}
	return &periodIndex{period: p, loc: loc, invAvg: 1 / float64(avg)}
}

// periodHint remembers the last period one field of the facts fell in, and
// the next one: consecutive facts usually share a start period, and a
// customer's facts come period after period, so most lookups end here.
type periodHint struct {
	lo, hi int64 // Unix seconds [lo, hi) of period n
	next   int64 // [hi, next) is period n+1; next == hi when unknown
	n      int
}

// numberHinted is number with the two-period cache h; s is t.Unix(). The
// caller checks [lo, hi) inline, and [hi, next) with advance.
func (x *periodIndex) numberHinted(t time.Time, s int64, h *periodHint) int {
	if s >= h.lo && s < h.hi {
		return h.n
	}
	if s >= h.hi && s < h.next {
		x.advance(h)
		return h.n
	}
	n := x.number(t)
	*h = periodHint{n: n}
	if i := n - x.first; i >= 0 && i+1 < len(x.bounds) {
		h.lo, h.hi, h.next = x.bounds[i], x.bounds[i+1], x.bounds[i+1]
		if i+2 < len(x.bounds) {
			h.next = x.bounds[i+2]
		}
	}
	return n
}

// advance moves h to the next period, which it knows.
func (x *periodIndex) advance(h *periodHint) {
	h.lo, h.hi, h.n = h.hi, h.next, h.n+1
	if i := h.n + 2 - x.first; i >= 0 && i < len(x.bounds) {
		h.next = x.bounds[i]
	}
}

// number returns the period number of t.
func (x *periodIndex) number(t time.Time) int {
	s := t.Unix()
	b := x.bounds
	if n := len(b); n >= 2 && s >= b[0] && s < b[n-1] {
		// Period lengths vary by a few days at most, so the estimate is off
		// by at most one period in either direction.
		i := int(float64(s-b[0]) * x.invAvg) // a multiplication: integer division is slow
		if i > n-2 {
			i = n - 2
		}
		for s < b[i] {
			i--
		}
		for s >= b[i+1] {
			i++
		}
		return x.first + i
	}
	return x.slow(t)
}

// slow numbers t from its calendar date and widens the cache to include it.
func (x *periodIndex) slow(t time.Time) int {
	y, m, _ := t.In(x.loc).Date()
	n := periodNumber(x.period, y, m)
	lo, hi := n, n+1 // cover periods lo..hi-1
	if len(x.bounds) >= 2 {
		lo = min(lo, x.first)
		hi = max(hi, x.first+len(x.bounds)-1)
	}
	if hi-lo > maxCachedPeriods {
		return n
	}
	if len(x.bounds) >= 2 && lo == x.first && hi == x.first+len(x.bounds)-1 {
		return n
	}
	bounds := make([]int64, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		bounds = append(bounds, periodStart(x.period, k, x.loc).Unix())
	}
	x.first, x.bounds = lo, bounds
	return n
}
