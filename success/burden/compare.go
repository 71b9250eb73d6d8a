package burden

import (
	"fmt"
	"iter"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Assignment is where an account belongs for the roll-ups: its segment and
// its owner (the CSM or team assigned to it).
type Assignment struct {
	Segment string `json:"segment"`
	Owner   string `json:"owner"`
}

// Options are Compare's settings; the zero value needs only Weights filled.
type Options struct {
	Weights    Weights
	HourlyCost success.Money                    // zero Money: no cost saved reported
	Directory  map[success.AccountID]Assignment // missing accounts roll up under ""
}

// Report is Reduction of Burden from one baseline period to one current
// period, per account, segment and owner, and in total.
type Report struct {
	Grain    success.Grain                   `json:"grain"`
	Baseline time.Time                       `json:"baseline"` // first instant of the period
	Current  time.Time                       `json:"current"`
	Accounts map[success.AccountID]Reduction `json:"accounts"`
	Segments map[string]Reduction            `json:"segments"`
	Owners   map[string]Reduction            `json:"owners"`
	Total    Reduction                       `json:"total"`
}

type pair struct{ base, cur Figure }

// Compare measures burden in the periods of grain g containing baseline and
// current, for every account with a ticket or usage in either. Records in
// other periods are validated and otherwise ignored. The first bad record
// is an error wrapping ErrInvalid that names it. A nil sequence is empty.
func Compare(g success.Grain, baseline, current time.Time, tickets iter.Seq[Ticket], usage iter.Seq[Usage], opts Options) (Report, error) {
	if err := g.Validate(); err != nil || g == "" {
		return Report{}, fmt.Errorf("%w: grain must be one of day, week, month, quarter, year", ErrInvalid)
	}
	if !calendar.InRange(baseline) || !calendar.InRange(current) {
		return Report{}, fmt.Errorf("%w: baseline and current must be within the supported years", ErrInvalid)
	}
	if err := opts.Weights.Validate(); err != nil {
		return Report{}, err
	}
	if opts.HourlyCost.IsNegative() {
		return Report{}, fmt.Errorf("%w: hourly cost must be >= 0", ErrInvalid)
	}
	bp, cp := periodOf(g, baseline), periodOf(g, current)
	acc := map[success.AccountID]*pair{}
	slot := func(a success.AccountID, t time.Time) *Figure {
		p := periodOf(g, t)
		if p != bp && p != cp {
			return nil
		}
		x := acc[a]
		if x == nil {
			x = &pair{}
			acc[a] = x
		}
		if p == cp {
			return &x.cur // a baseline equal to current counts once, as current
		}
		return &x.base
	}
	if tickets == nil {
		tickets = func(func(Ticket) bool) {}
	}
	if usage == nil {
		usage = func(func(Usage) bool) {}
	}
	i := 0
	for t := range tickets {
		tw, x, err := t.check(i, opts.Weights)
		if err != nil {
			return Report{}, err
		}
		i++
		if f := slot(t.Account, t.At); f != nil {
			f.addTicket(t, tw, x)
		}
	}
	i = 0
	for u := range usage {
		if err := u.check(i); err != nil {
			return Report{}, err
		}
		i++
		if f := slot(u.Account, u.At); f != nil {
			f.Usage += u.Amount
		}
	}
	if bp == cp {
		for _, x := range acc {
			x.base = x.cur
		}
	}
	r := Report{
		Grain: g, Baseline: periodStart(g, baseline), Current: periodStart(g, current),
		Accounts: map[success.AccountID]Reduction{}, Segments: map[string]Reduction{}, Owners: map[string]Reduction{},
	}
	segs, owners, total := map[string]*pair{}, map[string]*pair{}, pair{}
	for a, x := range acc {
		r.Accounts[a] = newReduction(x.base, x.cur, opts.HourlyCost)
		as := opts.Directory[a]
		for _, grp := range []struct {
			m   map[string]*pair
			key string
		}{{segs, as.Segment}, {owners, as.Owner}} {
			y := grp.m[grp.key]
			if y == nil {
				y = &pair{}
				grp.m[grp.key] = y
			}
			y.base.add(x.base)
			y.cur.add(x.cur)
		}
		total.base.add(x.base)
		total.cur.add(x.cur)
	}
	for k, y := range segs {
		r.Segments[k] = newReduction(y.base, y.cur, opts.HourlyCost)
	}
	for k, y := range owners {
		r.Owners[k] = newReduction(y.base, y.cur, opts.HourlyCost)
	}
	r.Total = newReduction(total.base, total.cur, opts.HourlyCost)
	return r, nil
}

// periodOf numbers t's period of grain g (consecutive periods, consecutive numbers).
func periodOf(g success.Grain, t time.Time) int {
	switch g {
	case success.Daily:
		return calendar.Day(t)
	case success.Weekly:
		return calendar.Of(calendar.Week, t)
	case success.Quarterly:
		return calendar.Of(calendar.Quarter, t)
	case success.Yearly:
		return calendar.Of(calendar.Year, t)
	}
	return calendar.Of(calendar.Month, t)
}

func periodStart(g success.Grain, t time.Time) time.Time {
	switch g {
	case success.Daily:
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	case success.Weekly:
		return calendar.Start(calendar.Week, periodOf(g, t), t.Location())
	case success.Quarterly:
		return calendar.Start(calendar.Quarter, periodOf(g, t), t.Location())
	case success.Yearly:
		return calendar.Start(calendar.Year, periodOf(g, t), t.Location())
	}
	return calendar.Start(calendar.Month, periodOf(g, t), t.Location())
}
