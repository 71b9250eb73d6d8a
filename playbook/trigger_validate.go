package playbook

import (
	"fmt"
	"math"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Validate checks a trigger on its own (as a play's trigger: wait-only
// kinds are errors) and returns every problem found, with paths under
// "trigger".
func (t Trigger) Validate() error {
	var ps success.FieldErrors
	tv := triggerValidator{ps: &ps}
	tv.check(&t, "trigger", triggerCtx{})
	return ps.Err()
}

type triggerCtx struct {
	wait  bool // inside a step's wait: active_since and step_completed allowed
	depth int
}

// triggerValidator checks one trigger tree after another, counting clauses
// per tree.
type triggerValidator struct {
	ps      *success.FieldErrors
	preds   Predicates // nil: predicate names not checked
	clauses int
}

func (v *triggerValidator) add(path, format string, args ...any) {
	fielderr.Addf(v.ps, ErrInvalid, path, format, args...)
}

// check validates the tree rooted at t.
func (v *triggerValidator) check(t *Trigger, path string, ctx triggerCtx) {
	v.clauses = 0
	v.node(t, path, ctx)
	if v.clauses > MaxTriggerClauses {
		v.add(path, "at most %d clauses in a trigger, got %d", MaxTriggerClauses, v.clauses)
	}
}

// fields lists which fields a clause sets, by JSON name.
func (t *Trigger) fields() []string {
	var f []string
	set := func(name string, ok bool) {
		if ok {
			f = append(f, name)
		}
	}
	set("clauses", len(t.Clauses) > 0)
	set("band", t.Band != "")
	set("points", t.Points != 0)
	set("window_days", t.WindowDays != 0)
	set("signals", len(t.Signals) > 0)
	set("days", t.Days != 0)
	set("milestone", t.Milestone != "")
	set("outcome", t.Outcome != "")
	set("statuses", len(t.Statuses) > 0)
	set("stage", t.Stage != "")
	set("verdict", t.Verdict != "")
	set("level", t.Level != "")
	set("nps", t.NPS != "")
	set("predicate", t.Predicate != "")
	set("step", t.Step != "")
	return f
}

// kindFields are the fields each kind reads; the rest must be unset.
var kindFields = map[TriggerKind][]string{
	All: {"clauses"}, Any: {"clauses"}, Not: {"clauses"},
	HealthBandEntered: {"band"}, HealthBand: {"band"},
	ScoreAtLeast: {"points"}, ScoreBelow: {"points"}, ScoreDropped: {"points", "window_days"},
	ChurnSignal: {"signals"}, RenewalWithin: {"days"},
	MilestoneAchieved: {"milestone", "days"}, MilestoneOverdue: {"milestone"},
	OutcomeStatus: {"outcome", "statuses"}, OutcomeAchieved: nil,
	StageEntered: {"stage"}, FitVerdict: {"verdict"}, ReadinessReached: {"level"},
	SecondPurchaseNudge: nil, NPS: {"nps"}, HostPredicate: {"predicate"},
	ActiveSince: nil, StepCompleted: {"step"},
}

func (v *triggerValidator) node(t *Trigger, path string, ctx triggerCtx) {
	v.clauses++
	ctx.depth++
	if err := t.Kind.Validate(); err != nil {
		fielderr.AddErr(v.ps, ErrInvalid, path+".kind", err)
		return
	}
	allowed := kindFields[t.Kind]
	for _, f := range t.fields() {
		if !contains(allowed, f) {
			v.add(path+"."+f, "is not used by a %s clause", t.Kind)
		}
	}
	switch t.Kind {
	case All, Any, Not:
		switch {
		case t.Kind == Not && len(t.Clauses) != 1:
			v.add(path+".clauses", "not takes exactly one clause, got %d", len(t.Clauses))
		case len(t.Clauses) == 0:
			v.add(path+".clauses", "%s needs at least one clause", t.Kind)
		}
		if ctx.depth >= MaxTriggerDepth && len(t.Clauses) > 0 {
			v.add(path+".clauses", "triggers nest at most %d deep", MaxTriggerDepth)
			return
		}
		for i := range t.Clauses {
			sub := fmt.Sprintf("%s.clauses[%d]", path, i)
			if v.clauses > MaxTriggerClauses {
				return // counted once at the root
			}
			v.node(&t.Clauses[i], sub, ctx)
		}
	case HealthBandEntered, HealthBand:
		if !isName(t.Band) {
			v.add(path+".band", "must name a band")
		}
	case ScoreAtLeast, ScoreBelow:
		v.points(t, path, 0)
	case ScoreDropped:
		v.points(t, path, math.SmallestNonzeroFloat64)
		v.days(t.WindowDays, path+".window_days", 1)
	case ChurnSignal:
		for i, k := range t.Signals {
			if err := k.Validate(); err != nil {
				fielderr.AddErr(v.ps, ErrInvalid, fmt.Sprintf("%s.signals[%d]", path, i), err)
			}
		}
		if len(t.Signals) > maxListed {
			v.add(path+".signals", "at most %d kinds", maxListed)
		}
	case RenewalWithin:
		v.days(t.Days, path+".days", 1)
	case MilestoneAchieved:
		v.days(t.Days, path+".days", 0)
		v.optionalName(t.Milestone, path+".milestone")
	case MilestoneOverdue:
		v.optionalName(t.Milestone, path+".milestone")
	case OutcomeStatus:
		v.optionalName(t.Outcome, path+".outcome")
		if len(t.Statuses) == 0 {
			v.add(path+".statuses", "must list at least one outcome status")
		}
		if len(t.Statuses) > maxListed {
			v.add(path+".statuses", "at most %d statuses", maxListed)
		}
		for i, s := range t.Statuses {
			if err := s.Validate(); err != nil {
				fielderr.AddErr(v.ps, ErrInvalid, fmt.Sprintf("%s.statuses[%d]", path, i), err)
			}
		}
	case StageEntered:
		v.enum(path+".stage", t.Stage == "", t.Stage.Validate)
	case FitVerdict:
		v.enum(path+".verdict", t.Verdict == "", t.Verdict.Validate)
	case ReadinessReached:
		v.enum(path+".level", t.Level == "", t.Level.Validate)
	case NPS:
		v.enum(path+".nps", t.NPS == "", t.NPS.Validate)
	case HostPredicate:
		if !isName(t.Predicate) {
			v.add(path+".predicate", "must name a host predicate")
		} else if v.preds != nil && v.preds[t.Predicate] == nil {
			v.add(path+".predicate", "no predicate %s registered", quoteKey(t.Predicate))
		}
	case ActiveSince, StepCompleted:
		if !ctx.wait {
			v.add(path+".kind", "%s is only valid in a step's wait", t.Kind)
		}
		if t.Kind == StepCompleted && !isName(t.Step) {
			v.add(path+".step", "must name a step of the play")
		}
	}
}

func (v *triggerValidator) points(t *Trigger, path string, min float64) {
	if math.IsNaN(t.Points) || t.Points < min || t.Points > maxPoints {
		if min > 0 {
			v.add(path+".points", "must be within 0..100 and above 0")
		} else {
			v.add(path+".points", "must be within 0..100")
		}
	}
}

func (v *triggerValidator) days(n int, path string, min int) {
	if n < min || n > MaxDays {
		v.add(path, "must be within %d..%d", min, MaxDays)
	}
}

func (v *triggerValidator) optionalName(s, path string) {
	if s != "" && !isName(s) {
		v.add(path, "must be an ID (letters, digits, '_', '-', '.'; at most %d bytes)", maxName)
	}
}

func (v *triggerValidator) enum(path string, empty bool, validate func() error) {
	if empty {
		v.add(path, "must be set")
		return
	}
	if err := validate(); err != nil {
		fielderr.AddErr(v.ps, ErrInvalid, path, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
