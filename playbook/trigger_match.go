package playbook

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// Number is one figure behind a clause: a fact or the threshold it was
// compared with. It is churn's figure type, so a signal's numbers and a
// clause's read alike.
type Number = churn.Number

// Clause is one trigger clause as evaluated: what a decision trace stores.
type Clause struct {
	// Path names the clause in its definition, as errors do: "trigger",
	// "trigger.clauses[1]", "exit.condition.clauses[0]",
	// "steps[2].wait.until".
	Path    string      `json:"path"`
	Kind    TriggerKind `json:"kind"`
	Matched bool        `json:"matched"`
	// Numbers are the facts and thresholds behind the result (score,
	// points, days to renewal, ...), never a personal value.
	Numbers []Number `json:"numbers,omitempty"`
	// Reason says in words what decided it: band names, signal kinds,
	// a milestone's ID, a host predicate's reason.
	Reason string `json:"reason,omitempty"`
	// Scored is set for a score clause (score_at_least, score_below,
	// health_band with a known distance): Distance is how far inside its
	// condition the score is, in points, for Exit.Margin.
	Scored   bool    `json:"scored,omitempty"`
	Distance float64 `json:"distance,omitempty"`
}

// Match is a trigger evaluated against facts.
type Match struct {
	Matched bool `json:"matched"`
	// Clauses are the clauses evaluated, parents before children; all and
	// any stop at the first clause that decides them, so clauses not
	// evaluated are not listed.
	Clauses []Clause `json:"clauses"`
	// Checkpoint names the renewal checkpoint reached when the trigger
	// matched through a renewal_within clause (the one with the fewest days among those
	// that held, not counting those under a not), for
	// Suppression.DedupKey; empty otherwise.
	Checkpoint string `json:"checkpoint,omitempty"`
}

// Env is what a clause may read beyond the facts.
type Env struct {
	// Predicates are the host predicates predicate clauses name.
	Predicates Predicates
	// Since is when the wait began (Play.WaitBegins), for active_since;
	// zero outside waits, where the wait-only kinds are errors.
	Since time.Time
	// Completed holds when each step of the run was completed or skipped,
	// by step ID, for step_completed.
	Completed map[string]time.Time
}

// Match evaluates the trigger against f and records every clause evaluated
// under the path "trigger". A predicate clause naming a predicate not in
// preds, a predicate's error, and a wait-only clause (active_since,
// step_completed) are errors wrapping ErrInvalid.
func (t Trigger) Match(f *Facts, preds Predicates) (Match, error) {
	return t.MatchIn(f, Env{Predicates: preds}, "trigger")
}

// MatchIn evaluates the trigger in env, naming its clauses under path (the
// engine evaluates a wait's condition as "steps[2].wait.until" with the
// wait's start and the run's completions).
func (t Trigger) MatchIn(f *Facts, env Env, path string) (Match, error) {
	if f == nil {
		return Match{}, fmt.Errorf("%w: %s: facts are nil", ErrInvalid, path)
	}
	e := evaluator{f: f, env: env, record: true}
	ok, err := e.eval(&t, path, false)
	if err != nil {
		return Match{}, err
	}
	m := Match{Matched: ok, Clauses: e.clauses}
	if ok {
		m.Checkpoint = e.checkpoint()
	}
	return m, nil
}

// Holds reports whether the trigger holds for f without recording clauses:
// the engine's fast path for the common case where nothing changes. It
// agrees with Match(f, preds).Matched.
func (t Trigger) Holds(f *Facts, preds Predicates) (bool, error) {
	held, _, err := t.Check(f, preds)
	return held, err
}

// Check is Holds that also returns the renewal checkpoint, as
// Match.Checkpoint, for the dedup key; it allocates only for a renewal
// checkpoint or a predicate's error.
func (t Trigger) Check(f *Facts, preds Predicates) (held bool, checkpoint string, err error) {
	if f == nil {
		return false, "", fmt.Errorf("%w: trigger: facts are nil", ErrInvalid)
	}
	e := evaluator{f: f, env: Env{Predicates: preds}}
	held, err = e.eval(&t, "trigger", false)
	if err != nil || !held {
		return false, "", err
	}
	return true, e.checkpoint(), nil
}

type evaluator struct {
	f       *Facts
	env     Env
	record  bool
	clauses []Clause
	cpDate  time.Time // the renewal date of the checkpoint reached, zero for none
	cpDays  int
}

// checkpoint names the renewal checkpoint reached, formatted only when
// asked, so that the fast path does not allocate for it.
func (e *evaluator) checkpoint() string {
	if e.cpDate.IsZero() {
		return ""
	}
	return "renewal " + e.cpDate.UTC().Format(time.DateOnly) + " within " + strconv.Itoa(e.cpDays) + "d"
}

// eval evaluates t at path; negated is set under a not, where score
// distances do not count towards an exit's margin.
func (e *evaluator) eval(t *Trigger, path string, negated bool) (bool, error) {
	if t == nil {
		return false, fmt.Errorf("%w: %s: trigger is nil", ErrInvalid, path)
	}
	at := -1
	if e.record {
		at = len(e.clauses)
		e.clauses = append(e.clauses, Clause{Path: path, Kind: t.Kind})
	}
	var (
		ok  bool
		err error
		c   Clause
	)
	switch t.Kind {
	case All, Any:
		if len(t.Clauses) == 0 {
			return false, fmt.Errorf("%w: %s.clauses: must not be empty", ErrInvalid, path)
		}
		want := t.Kind == Any
		ok = !want
		for i := range t.Clauses {
			var sub string
			if e.record {
				sub = path + ".clauses[" + strconv.Itoa(i) + "]"
			}
			got, err := e.eval(&t.Clauses[i], sub, negated)
			if err != nil {
				return false, err
			}
			if got == want {
				ok = want
				break
			}
		}
	case Not:
		if len(t.Clauses) != 1 {
			return false, fmt.Errorf("%w: %s.clauses: not takes exactly one clause", ErrInvalid, path)
		}
		var sub string
		if e.record {
			sub = path + ".clauses[0]"
		}
		got, err := e.eval(&t.Clauses[0], sub, !negated)
		if err != nil {
			return false, err
		}
		ok = !got
	default:
		ok, c, err = e.leaf(t, path, negated)
		if err != nil {
			return false, err
		}
		if c.Scored && negated {
			c.Scored, c.Distance = false, 0
		}
	}
	if e.record {
		c.Path, c.Kind, c.Matched = path, t.Kind, ok
		e.clauses[at] = c
	}
	return ok, nil
}

// days converts a count of days to a duration.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func num(name string, v float64) Number { return Number{Name: name, Value: v} }

// leaf evaluates a clause that is not all, any or not. The Clause it
// returns is only filled when recording.
func (e *evaluator) leaf(t *Trigger, path string, negated bool) (bool, Clause, error) {
	f := e.f
	var c Clause
	rec := e.record
	switch t.Kind {
	case HealthBandEntered, HealthBand:
		value, band, ok := score(f.Health)
		if !ok {
			if rec {
				c.Reason = "no available health score"
			}
			return false, c, nil
		}
		prev, prevValue, had := "", 0.0, false
		if t.Kind == HealthBandEntered {
			for i := len(f.HealthHistory) - 1; i >= 0; i-- {
				if v, b, ok := score(&f.HealthHistory[i]); ok {
					prev, prevValue, had = b, v, true
					break
				}
			}
		}
		held := band == t.Band && (t.Kind == HealthBand || !had || prev != t.Band)
		if rec {
			c.Numbers = []Number{num("score", value)}
			if had {
				c.Numbers = append(c.Numbers, num("previous_score", prevValue))
			}
			switch {
			case t.Kind == HealthBand:
				c.Reason = "band " + band + ", want " + t.Band
			case !had:
				c.Reason = "band " + band + " (no previous score), want to enter " + t.Band
			default:
				c.Reason = "band " + prev + " -> " + band + ", want to enter " + t.Band
			}
		}
		return held, c, nil
	case ScoreAtLeast, ScoreBelow:
		value, _, ok := score(f.Health)
		if !ok {
			if rec {
				c.Reason = "no available health score"
			}
			return false, c, nil
		}
		dist := value - t.Points
		held := dist >= 0
		if t.Kind == ScoreBelow {
			dist = t.Points - value
			held = dist > 0
		}
		if rec {
			c.Numbers = []Number{num("score", value), num("points", t.Points)}
		}
		if held {
			c.Scored, c.Distance = true, dist
		}
		return held, c, nil
	case ScoreDropped:
		value, _, ok := score(f.Health)
		if !ok {
			if rec {
				c.Reason = "no available health score"
			}
			return false, c, nil
		}
		from := f.AsOf.Add(-days(t.WindowDays))
		high, found := 0.0, false
		for i := range f.HealthHistory {
			s := &f.HealthHistory[i]
			if s.AsOf.Before(from) || !s.AsOf.Before(f.Health.AsOf) {
				continue
			}
			if v, _, ok := score(s); ok && (!found || v > high) {
				high, found = v, true
			}
		}
		if !found {
			if rec {
				c.Numbers = []Number{num("score", value), num("points", t.Points), num("window_days", float64(t.WindowDays))}
				c.Reason = "no earlier score in the window"
			}
			return false, c, nil
		}
		drop := high - value
		if rec {
			c.Numbers = []Number{num("score", value), num("highest", high), num("drop", drop),
				num("points", t.Points), num("window_days", float64(t.WindowDays))}
		}
		return drop >= t.Points, c, nil
	case ChurnSignal:
		n := 0
		var kinds []churn.SignalKind
		for _, s := range f.Signals {
			if len(t.Signals) == 0 || slices.Contains(t.Signals, s.Kind) {
				n++
				if !rec {
					break
				}
				if !slices.Contains(kinds, s.Kind) {
					kinds = append(kinds, s.Kind)
				}
			}
		}
		if rec {
			c.Numbers = []Number{num("signals", float64(n))}
			if n > 0 {
				c.Reason = "signals " + joinKinds(kinds)
			}
		}
		return n > 0, c, nil
	case RenewalWithin:
		r := f.Account.RenewalDate
		if r.IsZero() {
			if rec {
				c.Reason = "no renewal date"
			}
			return false, c, nil
		}
		left := r.Sub(f.AsOf)
		held := left >= 0 && left <= days(t.Days)
		if rec {
			c.Numbers = []Number{num("days_to_renewal", left.Hours()/24), num("days", float64(t.Days))}
		}
		if held && !negated && (e.cpDate.IsZero() || t.Days < e.cpDays) {
			e.cpDate, e.cpDays = r, t.Days
		}
		return held, c, nil
	case MilestoneAchieved, MilestoneOverdue:
		if f.Milestones == nil {
			if rec {
				c.Reason = "no milestone assessment"
			}
			return false, c, nil
		}
		for _, m := range f.Milestones.Milestones {
			if t.Milestone != "" && m.ID != t.Milestone {
				continue
			}
			var held bool
			if t.Kind == MilestoneAchieved {
				held = m.Status == success.MilestoneDone || m.Status == success.MilestoneDoneLate
				if held && t.Days > 0 {
					held = !m.CompletedAt.Before(f.AsOf.Add(-days(t.Days)))
				}
			} else {
				held = m.Status == success.MilestoneOverdue && (t.Milestone != "" || m.Required)
			}
			if held {
				if rec {
					c.Reason = "milestone " + m.ID + " " + string(m.Status)
					if t.Kind == MilestoneOverdue {
						c.Numbers = []Number{num("days_overdue", f.AsOf.Sub(m.Due).Hours()/24)}
					}
				}
				return true, c, nil
			}
		}
		if rec {
			c.Reason = "no milestone matched"
		}
		return false, c, nil
	case OutcomeStatus, OutcomeAchieved:
		if f.DesiredOutcome == nil {
			if rec {
				c.Reason = "no Desired Outcome assessment"
			}
			return false, c, nil
		}
		if t.Kind == OutcomeAchieved {
			if rec {
				c.Numbers = []Number{num("missing", float64(len(f.DesiredOutcome.Missing)))}
				c.Reason = "Desired Outcome achieved"
				if !f.DesiredOutcome.Achieved {
					c.Reason = "Desired Outcome not achieved"
				}
			}
			return f.DesiredOutcome.Achieved, c, nil
		}
		for _, o := range f.DesiredOutcome.Outcomes {
			if (t.Outcome == "" || o.ID == t.Outcome) && slices.Contains(t.Statuses, o.Status) {
				if rec {
					c.Numbers = []Number{num("progress", o.Progress), num("expected", o.Expected)}
					c.Reason = "outcome " + o.ID + " " + string(o.Status)
				}
				return true, c, nil
			}
		}
		if rec {
			c.Reason = "no outcome with those statuses"
		}
		return false, c, nil
	case StageEntered:
		if rec {
			c.Reason = "stage " + string(f.Account.Stage)
		}
		return f.Account.Stage == t.Stage, c, nil
	case FitVerdict:
		if rec {
			c.Reason = "fit " + string(f.Fit)
		}
		return f.Fit != "" && f.Fit == t.Verdict, c, nil
	case ReadinessReached, SecondPurchaseNudge:
		r := f.Readiness
		if r == nil {
			if rec {
				c.Reason = "no readiness assessment"
			}
			return false, c, nil
		}
		if t.Kind == ReadinessReached {
			if rec {
				c.Numbers = []Number{num("readiness_score", r.Score)}
				c.Reason = "level " + string(r.Level)
			}
			return r.Level.Validate() == nil && r.Level != "" && r.Level.Rank() >= t.Level.Rank(), c, nil
		}
		for _, fl := range r.Flags {
			if fl.Code == expansion.SecondPurchaseNudge {
				if rec {
					c.Numbers = []Number{num("days_since_first_sale", fl.Value), num("due_within_days", fl.Threshold)}
					c.Reason = "no second purchase yet, though one was due"
				}
				return true, c, nil
			}
		}
		return false, c, nil
	case NPS:
		if f.NPS == nil {
			if rec {
				c.Reason = "no NPS response"
			}
			return false, c, nil
		}
		got := category(*f.NPS)
		if rec {
			c.Numbers = []Number{num("nps", float64(*f.NPS))}
			c.Reason = string(got)
		}
		return got == t.NPS, c, nil
	case HostPredicate:
		p, ok := e.env.Predicates[t.Predicate]
		if !ok || p == nil {
			return false, c, fmt.Errorf("%w: %s.predicate: no predicate %s registered", ErrInvalid, path, quoteKey(t.Predicate))
		}
		held, reason, err := p(f)
		if err != nil {
			return false, c, fmt.Errorf("%w: %s: predicate %s: %w", ErrInvalid, path, quoteKey(t.Predicate), err)
		}
		if rec {
			c.Reason = reason
		}
		return held, c, nil
	case ActiveSince:
		if e.env.Since.IsZero() {
			return false, c, fmt.Errorf("%w: %s: active_since is only valid in a step's wait", ErrInvalid, path)
		}
		held := !f.LastActive.IsZero() && f.LastActive.After(e.env.Since)
		if rec && !f.LastActive.IsZero() {
			c.Numbers = []Number{num("days_active_after_wait", f.LastActive.Sub(e.env.Since).Hours()/24)}
		}
		return held, c, nil
	case StepCompleted:
		if e.env.Since.IsZero() {
			return false, c, fmt.Errorf("%w: %s: step_completed is only valid in a step's wait", ErrInvalid, path)
		}
		_, done := e.env.Completed[t.Step]
		if rec {
			c.Reason = "step " + t.Step
		}
		return done, c, nil
	}
	return false, c, fmt.Errorf("%w: %s.kind: %s", ErrInvalid, path, strictjson.WithoutSentinel(t.Kind.Validate()))
}

func joinKinds(ks []churn.SignalKind) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += ", "
		}
		s += string(k)
	}
	return s
}
