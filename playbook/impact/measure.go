package impact

import (
	"fmt"
	"math"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// unit is one account of a group with its time zero.
type unit struct {
	acc     *Account
	zero    time.Time
	stratum string
	weight  float64
}

// Measure compares the accounts where in.PlayID ran and completed with the
// comparison group opts chooses, on opts.Outcome. The result is an
// observational comparison (Report.Observational): see the package
// documentation.
func Measure(in Input, opts Options) (Report, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Report{}, err
	}
	byID, err := indexAccounts(in)
	if err != nil {
		return Report{}, err
	}
	treated, control, err := groups(in, opts, byID)
	if err != nil {
		return Report{}, err
	}
	r := Report{PlayID: in.PlayID, Outcome: opts.Outcome, Comparison: opts.Comparison,
		Observational: true, Note: ObservationalNote, Matched: opts.Match}
	treated, r.MissingTreated = observed(treated, in.AsOf, opts)
	control, r.MissingComparison = observed(control, in.AsOf, opts)
	if opts.Match {
		treated, control = match(treated, control, opts.Bands, &r)
	}
	r.Treated, r.Compared = len(treated), len(control)
	if len(treated) == 0 || len(control) == 0 {
		return r, fmt.Errorf("%w: no treated or no comparison account with an observed outcome", ErrInvalid)
	}
	z := math.Sqrt2 * math.Erfinv(opts.ConfLevel)
	switch opts.Outcome {
	case OutcomeRetention:
		err = retention(&r, treated, control, in.AsOf, opts, z)
	case OutcomeHealthChange:
		r.Difference = difference(treated, control, true, z, func(u unit) float64 {
			a, _ := u.acc.scoreAt(u.zero)
			b, _ := u.acc.scoreAt(u.zero.Add(opts.Window))
			return b - a
		})
	case OutcomeExpansion:
		r.Difference = difference(treated, control, false, z, func(u unit) float64 {
			if u.acc.expandedWithin(u.zero, u.zero.Add(opts.Window)) {
				return 1
			}
			return 0
		})
	}
	r.Difference.ConfLevel = opts.ConfLevel
	return r, err
}

// groups assigns accounts to the treated and the comparison group with
// their time zero: the first completed run's start for the treated.
func groups(in Input, opts Options, byID map[success.AccountID]*Account) (treated, control []unit, err error) {
	type seen struct {
		done, cancelled, suppressed time.Time
		anyRun, anyDone, anyActive  bool
		suppressedOnce              bool
		rec                         string
	}
	state := map[success.AccountID]*seen{}
	var order []success.AccountID
	get := func(id success.AccountID, rec string) *seen {
		s := state[id]
		if s == nil {
			s = &seen{rec: rec}
			state[id] = s
			order = append(order, id)
		}
		return s
	}
	earliest := func(t *time.Time, at time.Time) {
		if t.IsZero() || at.Before(*t) {
			*t = at
		}
	}
	for i, run := range in.Runs {
		if run.PlayID != in.PlayID {
			continue
		}
		rec := fmt.Sprintf("runs[%d]", i)
		if run.Account == "" {
			return nil, nil, invalid(fmt.Sprintf("%s.account", rec), "required")
		}
		if run.Started.IsZero() {
			return nil, nil, invalid(fmt.Sprintf("%s.started", rec), "required")
		}
		if err := run.State.Validate(); err != nil {
			return nil, nil, invalid(fmt.Sprintf("%s.state", rec), "unknown run state")
		}
		s := get(run.Account, rec)
		s.anyRun = true
		switch run.State {
		case playbook.RunDone:
			s.anyDone = true
			earliest(&s.done, run.Started)
		case playbook.RunCancelled:
			earliest(&s.cancelled, run.Started)
		default:
			s.anyActive = true
		}
	}
	for i, e := range in.Trace {
		if e.PlayID != in.PlayID || e.Kind != playbook.DecisionSuppress {
			continue
		}
		rec := fmt.Sprintf("trace[%d]", i)
		if e.Account == "" {
			return nil, nil, invalid(fmt.Sprintf("%s.account", rec), "required")
		}
		if e.At.IsZero() {
			return nil, nil, invalid(fmt.Sprintf("%s.at", rec), "required")
		}
		s := get(e.Account, rec)
		s.suppressedOnce = true
		earliest(&s.suppressed, e.At)
	}
	add := func(list *[]unit, id success.AccountID, zero time.Time, rec string) error {
		a := byID[id]
		if a == nil {
			return invalid("accounts", "no outcome for the account of %s", rec)
		}
		*list = append(*list, unit{acc: a, zero: zero, weight: 1})
		return nil
	}
	for _, id := range order {
		s := state[id]
		var err error
		switch {
		case s.anyDone:
			err = add(&treated, id, s.done, s.rec)
		case opts.Comparison == CompareSuppressed && s.suppressedOnce && !s.anyRun:
			err = add(&control, id, s.suppressed, s.rec)
		case opts.Comparison == CompareCancelled && s.anyRun && !s.anyActive:
			err = add(&control, id, s.cancelled, s.rec)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if opts.Comparison == CompareNotRun {
		for i := range in.Accounts {
			if state[in.Accounts[i].ID] == nil {
				control = append(control, unit{acc: &in.Accounts[i], zero: opts.NotRunStart, weight: 1})
			}
		}
	}
	return treated, control, nil
}

// observed keeps the units whose outcome is observed and counts the others.
func observed(us []unit, asOf time.Time, opts Options) (kept []unit, missing int) {
	for _, u := range us {
		ok := !u.zero.After(asOf) && (u.acc.ChurnedAt.IsZero() || !u.acc.ChurnedAt.Before(u.zero))
		if opts.Outcome != OutcomeRetention && u.zero.Add(opts.Window).After(asOf) {
			ok = false
		}
		if opts.Outcome == OutcomeHealthChange {
			_, has := u.acc.scoreAt(u.zero)
			ok = ok && has
		}
		if ok {
			kept = append(kept, u)
		} else {
			missing++
		}
	}
	return kept, missing
}
