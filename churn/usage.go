package churn

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Point is one entry of an activity series: the count of an activity (logins,
// active users, key actions, support tickets) on the day Date, or in the week
// starting Date for a weekly series.
type Point struct {
	Date  time.Time `json:"date"`
	Count float64   `json:"count"`
}

// Usage is what an account did, as series in ascending date order. A day with
// no point counts as zero. Points dated after the as-of date are ignored, so a
// backfill sees only what was known then.
type Usage struct {
	Account success.AccountID `json:"account"`
	// Start is when the account became a customer. NeverActivated needs it and
	// is not evaluated when it is zero.
	Start time.Time `json:"start,omitzero"`
	// Grain is the spacing of the series: success.Daily (one point per day,
	// the default when empty) or success.Weekly (one point per week, dated on
	// its first day).
	Grain success.Grain `json:"grain,omitempty"`
	// Activity counts engagement: logins, active users or key actions. It
	// feeds DropOff and Decline.
	Activity []Point `json:"activity,omitempty"`
	// KeyActions counts the action that marks activation (the first report
	// built, the first integration live). Nil (null or absent in JSON) means
	// Activity is used; empty ([]) means no key action was recorded, so it is
	// written even when empty.
	KeyActions []Point `json:"key_actions"`
	// Tickets counts support tickets opened. It feeds SupportSpike.
	Tickets []Point `json:"tickets,omitempty"`
}

// validate checks u and, as it goes, indexes its series into ix (storage
// reused across accounts), so that each point's date is turned into a day
// number once. ix is meaningful only when no problem is returned.
func (u Usage) validate(ix *usageIndex) success.FieldErrors {
	var problems success.FieldErrors
	if u.Account == "" {
		fielderr.Addf(&problems, ErrInvalid, "account", "must not be empty")
	}
	if u.Grain != "" {
		if err := u.Grain.OneOf(success.Daily, success.Weekly); err != nil {
			fielderr.AddErr(&problems, ErrInvalid, "grain", err)
		}
	}
	ix.activity.check("activity", u.Activity, &problems)
	ix.keyActions.check("key_actions", u.KeyActions, &problems)
	ix.tickets.check("tickets", u.Tickets, &problems)
	ix.keys = &ix.keyActions
	if u.KeyActions == nil {
		ix.keys = &ix.activity
	}
	return problems
}

// usageIndex holds the indexed series of one Usage. keys points at the series
// that marks activation: KeyActions, or Activity when KeyActions is nil.
type usageIndex struct {
	activity, keyActions, tickets series
	keys                          *series
}

// series indexes the points of one activity series for window sums in
// O(log n): days[i] is the day number of point i and total[i] the sum of the
// counts of points 0..i-1.
type series struct {
	days  []int
	total []float64
}

// check validates points (named name in paths) and rebuilds s over them,
// reusing its storage.
func (s *series) check(name string, points []Point, problems *success.FieldErrors) {
	s.days = slices.Grow(s.days[:0], len(points))[:len(points)]
	s.total = slices.Grow(s.total[:0], len(points)+1)[:len(points)+1]
	s.total[0] = 0
	for i, p := range points {
		path := func() string { return fmt.Sprintf("%s[%d]", name, i) } // built only for a problem
		day := dayOf(p.Date)
		if p.Date.IsZero() {
			fielderr.Addf(problems, ErrInvalid, path()+".date", "must be set")
		} else if i > 0 && day <= s.days[i-1] {
			fielderr.Addf(problems, ErrInvalid, path()+".date", "%s is not after %s[%d] (%s): points must be in strictly ascending date order",
				p.Date.Format(time.DateOnly), name, i-1, points[i-1].Date.Format(time.DateOnly))
		}
		s.days[i] = day
		s.total[i+1] = s.total[i] + p.Count
		switch {
		case !(p.Count >= 0 && p.Count <= math.MaxFloat64): // true for NaN too
			fielderr.Addf(problems, ErrInvalid, path()+".count", "must be a finite number >= 0, got %v", p.Count)
		case s.total[i+1] > math.MaxFloat64 && s.total[i] <= math.MaxFloat64:
			// Window sums subtract running totals: past this, Inf - Inf.
			fielderr.Addf(problems, ErrInvalid, path()+".count", "the counts up to here add up beyond the float64 range")
		}
	}
}

// upTo is the sum of the counts of points dated on or before day.
func (s *series) upTo(day int) float64 {
	n, _ := slices.BinarySearch(s.days, day+1) // points dated <= day
	return s.total[n]
}

const secondsPerDay = 24 * 60 * 60

// dayOf numbers t's calendar date (in t's location) as days since
// 1970-01-01, as the revenue ledger does.
func dayOf(t time.Time) int { return calendar.Day(t) }

func dateOf(day int) time.Time { return time.Unix(int64(day)*secondsPerDay, 0).UTC() }
