package impact

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// Input is what Measure reads: the play's runs and decision trace (from a
// playbook.Store with Load, or plain slices; records of other plays are
// ignored) and the accounts' outcomes.
type Input struct {
	PlayID   string
	Runs     []playbook.Run
	Trace    []playbook.TraceEntry
	Accounts []Account
	// AsOf is when the outcomes were read: accounts not churned by then are
	// censored there.
	AsOf time.Time
}

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

func (o Options) withDefaults() (Options, error) {
	if err := o.Outcome.Validate(); err != nil {
		return o, err
	}
	if o.Comparison == "" {
		o.Comparison = CompareSuppressed
	}
	if err := o.Comparison.Validate(); err != nil {
		return o, err
	}
	if o.Outcome != OutcomeRetention && o.Window <= 0 {
		return o, invalid("options.window", "must be positive for %s", o.Outcome)
	}
	if o.Comparison == CompareNotRun && o.NotRunStart.IsZero() {
		return o, invalid("options.not_run_start", "required for %s", o.Comparison)
	}
	if o.Unit == 0 {
		o.Unit = 24 * time.Hour
	}
	if o.Unit < 0 {
		return o, invalid("options.unit", "must not be negative")
	}
	if !(o.Horizon >= 0) || math.IsInf(o.Horizon, 0) {
		return o, invalid("options.horizon", "must be finite and not negative")
	}
	if o.ConfLevel == 0 {
		o.ConfLevel = 0.95
	}
	if !(o.ConfLevel > 0 && o.ConfLevel < 1) {
		return o, invalid("options.conf_level", "must be in (0, 1)")
	}
	if o.Bands == nil {
		o.Bands = health.DefaultBands()
	}
	return o, nil
}

// indexAccounts validates the accounts and indexes them by ID.
func indexAccounts(in Input) (map[success.AccountID]*Account, error) {
	if in.PlayID == "" {
		return nil, invalid("play_id", "required")
	}
	if in.AsOf.IsZero() {
		return nil, invalid("as_of", "required")
	}
	byID := make(map[success.AccountID]*Account, len(in.Accounts))
	for i := range in.Accounts {
		a := &in.Accounts[i]
		if a.ID == "" {
			return nil, invalid(fmt.Sprintf("accounts[%d].id", i), "required")
		}
		if _, dup := byID[a.ID]; dup {
			return nil, invalid(fmt.Sprintf("accounts[%d].id", i), "listed twice")
		}
		if a.ChurnedAt.After(in.AsOf) {
			return nil, invalid(fmt.Sprintf("accounts[%d].churned_at", i), "after as_of")
		}
		for j, p := range a.Health {
			if math.IsNaN(p.Score) || math.IsInf(p.Score, 0) {
				return nil, invalid(fmt.Sprintf("accounts[%d].health[%d].score", i, j), "not finite")
			}
			if j > 0 && p.At.Before(a.Health[j-1].At) {
				return nil, invalid(fmt.Sprintf("accounts[%d].health[%d].at", i, j), "out of time order")
			}
		}
		byID[a.ID] = a
	}
	return byID, nil
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

// match keeps the strata holding both groups and weights the comparison
// accounts by treated/comparison per stratum.
func match(treated, control []unit, bands []health.Band, r *Report) ([]unit, []unit) {
	cells := map[string]*Stratum{}
	count := func(us []unit, isTreated bool) {
		for i := range us {
			u := &us[i]
			band := ""
			if s, ok := u.acc.scoreAt(u.zero); ok {
				band = bandOf(bands, s)
			}
			u.stratum = band + "\x00" + u.acc.Segment
			c := cells[u.stratum]
			if c == nil {
				c = &Stratum{Band: band, Segment: u.acc.Segment}
				cells[u.stratum] = c
			}
			if isTreated {
				c.Treated++
			} else {
				c.Comparison++
			}
		}
	}
	count(treated, true)
	count(control, false)
	keep := func(us []unit, isTreated bool, dropped *int) []unit {
		var out []unit
		for _, u := range us {
			c := cells[u.stratum]
			if c.Treated == 0 || c.Comparison == 0 {
				*dropped++
				continue
			}
			if !isTreated {
				u.weight = float64(c.Treated) / float64(c.Comparison)
			}
			out = append(out, u)
		}
		return out
	}
	treated = keep(treated, true, &r.Unmatched)
	control = keep(control, false, &r.UnmatchedComparison)
	for _, c := range cells {
		r.Strata = append(r.Strata, *c)
	}
	slices.SortFunc(r.Strata, func(a, b Stratum) int {
		return cmp.Or(cmp.Compare(a.Band, b.Band), cmp.Compare(a.Segment, b.Segment))
	})
	return treated, control
}

// bandOf names the band holding s (the last band also holds its Max).
func bandOf(bands []health.Band, s float64) string {
	for i, b := range bands {
		if s >= b.Min && (s < b.Max || i == len(bands)-1 && s == b.Max) {
			return b.Name
		}
	}
	return ""
}

// difference is the (weighted) mean of y over treated minus that over
// control, with Welch's unpooled standard error (sample variances when
// sample is set, the Wald p(1−p)/n form otherwise).
func difference(treated, control []unit, sample bool, z float64, y func(unit) float64) Difference {
	m1, v1 := weightedMean(treated, sample, y)
	m0, v0 := weightedMean(control, sample, y)
	d := Difference{Treated: m1, Comparison: m0, Estimate: m1 - m0, SE: math.Sqrt(v1 + v0)}
	d.Lower, d.Upper = d.Estimate-z*d.SE, d.Estimate+z*d.SE
	return d
}

// weightedMean returns the weighted mean and the variance of it:
// Σw²(y−m)²/(Σw)², times n/(n−1) for a sample variance, which is s²/n when
// the weights are equal.
func weightedMean(us []unit, sample bool, y func(unit) float64) (mean, variance float64) {
	var sw, swy float64
	for _, u := range us {
		sw += u.weight
		swy += u.weight * y(u)
	}
	mean = swy / sw
	for _, u := range us {
		d := y(u) - mean
		variance += u.weight * u.weight * d * d
	}
	variance /= sw * sw
	if n := float64(len(us)); sample {
		if n < 2 {
			return mean, math.NaN()
		}
		variance *= n / (n - 1)
	}
	return mean, variance
}

// retention fills the curves, the log-rank test and the RMST difference.
func retention(r *Report, treated, control []unit, asOf time.Time, opts Options, z float64) error {
	obs := func(us []unit, name string) []cohort.Observation {
		out := make([]cohort.Observation, len(us))
		for i, u := range us {
			end, churned := asOf, !u.acc.ChurnedAt.IsZero()
			if churned {
				end = u.acc.ChurnedAt
			}
			out[i] = cohort.Observation{Duration: float64(end.Sub(u.zero)) / float64(opts.Unit), Churned: churned, Stratum: name}
		}
		return out
	}
	t, c := obs(treated, "treated"), obs(control, "comparison")
	horizon := opts.Horizon
	if horizon == 0 {
		horizon = min(maxDuration(t), maxDuration(c))
	}
	so := cohort.SurvivalOptions{ConfLevel: opts.ConfLevel, Horizon: horizon}
	var ret Retention
	var err error
	if ret.Treated, err = cohort.KaplanMeier(slices.Values(t), so); err != nil {
		return fmt.Errorf("%w: treated curve: %w", ErrInvalid, err)
	}
	if ret.Comparison, err = cohort.KaplanMeier(slices.Values(c), so); err != nil {
		return fmt.Errorf("%w: comparison curve: %w", ErrInvalid, err)
	}
	if ret.LogRank, err = cohort.LogRank(slices.Values(append(t, c...))); err != nil {
		return fmt.Errorf("%w: log-rank test: %w", ErrInvalid, err)
	}
	r.Retention = &ret
	d := Difference{Treated: ret.Treated.RMST.Mean, Comparison: ret.Comparison.RMST.Mean}
	d.Estimate = d.Treated - d.Comparison
	d.SE = math.Hypot(ret.Treated.RMST.SE, ret.Comparison.RMST.SE)
	d.Lower, d.Upper = d.Estimate-z*d.SE, d.Estimate+z*d.SE
	r.Difference = d
	return nil
}

func maxDuration(obs []cohort.Observation) float64 {
	m := 0.0
	for _, o := range obs {
		m = max(m, o.Duration)
	}
	return m
}

// Load reads a play's runs and decision trace from a store, for Input.
func Load(ctx context.Context, s playbook.Store, playID string) (runs []playbook.Run, trace []playbook.TraceEntry, err error) {
	if runs, err = s.Runs(ctx, playbook.RunQuery{PlayID: playID}); err != nil {
		return nil, nil, err
	}
	if trace, err = s.Trace(ctx, playbook.TraceQuery{PlayID: playID}); err != nil {
		return nil, nil, err
	}
	return runs, trace, nil
}
