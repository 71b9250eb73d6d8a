package playbook

import (
	"fmt"
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Caps on a definition, so that loading and evaluating a play costs a
// bounded time whatever the input.
const (
	MaxPlays          = 1000  // plays in one document
	MaxSteps          = 50    // steps in one play
	MaxTriggerDepth   = 8     // nesting of all/any/not, the root counting 1
	MaxTriggerClauses = 64    // clauses in one trigger tree, all levels
	MaxDays           = 3660  // any count of days (due offsets, windows, waits, cooldowns)
	MaxTextLen        = 4096  // a name, title or description, in bytes
	maxName           = 64    // an ID, role, band or type name, in bytes
	maxPoints         = 100.0 // score thresholds are within 0..100
	maxListed         = 16    // signal kinds or statuses in one clause
)

// PlayType groups plays by what they are for. The built-in types are
// below; a host may use its own, of name shape (letters, digits, '_', '-',
// '.'; at most 64 bytes).
type PlayType string

const (
	Risk       PlayType = "risk"
	Onboarding PlayType = "onboarding"
	Adoption   PlayType = "adoption"
	Renewal    PlayType = "renewal"
	Expansion  PlayType = "expansion"
	Advocacy   PlayType = "advocacy"
)

// Validate reports whether t is a built-in type or a host type of name
// shape.
func (t PlayType) Validate() error {
	if !isName(string(t)) {
		return fmt.Errorf("%w: play type must be a name (letters, digits, '_', '-', '.'; at most %d bytes)", ErrInvalid, maxName)
	}
	return nil
}

// Play is a versioned definition of proactive work: when an account needs
// it (Trigger), what to do (Steps), when it is over (Exit) and when it must
// not open again (Suppression). Plays are values; the engine keys them by
// ID and Version.
type Play struct {
	// ID names the play across versions; Version (>= 1) tells versions apart.
	ID      string   `json:"id"`
	Version int      `json:"version"`
	Name    string   `json:"name"`
	Type    PlayType `json:"type"`
	// Priority orders plays, 0..100, higher first: when a limit lets only
	// some plays open, the higher-priority ones do.
	Priority int `json:"priority,omitempty"`
	// Description says which small win the play is for and why its trigger
	// and steps are what they are.
	Description string `json:"description,omitempty"`
	// Owner is the role that receives the tasks of steps without their own.
	Owner       string      `json:"owner"`
	Trigger     Trigger     `json:"trigger"`
	Steps       []Step      `json:"steps"`
	Exit        *Exit       `json:"exit,omitempty"`
	Suppression Suppression `json:"suppression,omitzero"`
}

// Validate checks the play and returns every problem found, as
// success.FieldErrors wrapping ErrInvalid with the path of each
// ("steps[1].due_days: must be >= 0"). Predicate names are not checked
// against a registry: ValidateWith does that.
func (p Play) Validate() error { return p.problems("", nil).Err() }

// ValidateWith is Validate, also checking that every predicate clause
// names a predicate in preds.
func (p Play) ValidateWith(preds Predicates) error {
	if preds == nil {
		preds = Predicates{}
	}
	return p.problems("", preds).Err()
}

// problems validates p under path; preds, when not nil, is the registry
// predicate names must be in.
func (p *Play) problems(path string, preds Predicates) success.FieldErrors {
	var ps success.FieldErrors
	if p == nil {
		fielderr.Addf(&ps, ErrInvalid, path, "play is nil")
		return ps
	}
	at := func(f string) string { return join(path, f) }
	add := func(f, format string, args ...any) { fielderr.Addf(&ps, ErrInvalid, at(f), format, args...) }
	if !isName(p.ID) {
		add("id", "must be a name (letters, digits, '_', '-', '.'; at most %d bytes)", maxName)
	}
	if p.Version < 1 {
		add("version", "must be >= 1")
	}
	checkText(&ps, at("name"), p.Name, true)
	checkText(&ps, at("description"), p.Description, false)
	if err := p.Type.Validate(); err != nil {
		fielderr.AddErr(&ps, ErrInvalid, at("type"), err)
	}
	if p.Priority < 0 || p.Priority > 100 {
		add("priority", "must be within 0..100")
	}
	if !isName(p.Owner) {
		add("owner", "must name a role (letters, digits, '_', '-', '.'; at most %d bytes)", maxName)
	}
	tv := triggerValidator{ps: &ps, preds: preds}
	tv.check(&p.Trigger, at("trigger"), triggerCtx{})
	switch {
	case len(p.Steps) == 0:
		add("steps", "a play needs at least one step")
	case len(p.Steps) > MaxSteps:
		add("steps", "at most %d steps, got %d", MaxSteps, len(p.Steps))
	default:
		p.stepProblems(&ps, path, &tv)
	}
	if p.Exit != nil {
		e := p.Exit
		tv.check(&e.Condition, at("exit.condition"), triggerCtx{})
		if e.HoldForDays < 0 || e.HoldForDays > MaxDays {
			add("exit.hold_for_days", "must be within 0..%d", MaxDays)
		}
		if math.IsNaN(e.Margin) || e.Margin < 0 || e.Margin > maxPoints {
			add("exit.margin", "must be within 0..100")
		}
	}
	ps = append(ps, p.Suppression.problems(at("suppression"))...)
	return ps
}

func (p *Play) stepProblems(ps *success.FieldErrors, path string, tv *triggerValidator) {
	ids := make(map[string]int, len(p.Steps))
	for i, s := range p.Steps {
		sp := join(path, fmt.Sprintf("steps[%d]", i))
		add := func(f, format string, args ...any) { fielderr.Addf(ps, ErrInvalid, join(sp, f), format, args...) }
		if !isName(s.ID) {
			add("id", "must be a name (letters, digits, '_', '-', '.'; at most %d bytes)", maxName)
		} else if j, dup := ids[s.ID]; dup {
			add("id", "%s is also the ID of steps[%d]", quoteKey(s.ID), j)
		} else {
			ids[s.ID] = i
		}
		checkText(ps, join(sp, "title"), s.Title, true)
		checkText(ps, join(sp, "description"), s.Description, false)
		if s.Owner != "" && !isName(s.Owner) {
			add("owner", "must name a role (letters, digits, '_', '-', '.'; at most %d bytes) or be empty for the play's", maxName)
		}
		if s.DueDays < 0 || s.DueDays > MaxDays {
			add("due_days", "must be within 0..%d", MaxDays)
		}
		if err := s.DueFrom.Validate(); err != nil {
			fielderr.AddErr(ps, ErrInvalid, join(sp, "due_from"), err)
		} else if s.DueFrom == PreviousStep && i == 0 {
			add("due_from", "the first step has no previous step")
		}
		if s.Wait != nil {
			if s.Wait.MaxDays < 1 || s.Wait.MaxDays > MaxDays {
				add("wait.max_days", "must be within 1..%d", MaxDays)
			}
			tv.check(&s.Wait.Until, join(sp, "wait.until"), triggerCtx{wait: true})
		}
	}
	// Step references: each must name a step of the play, and waiting on
	// steps must not go round in a circle, counting the implicit wait of a
	// PreviousStep step on the step before it.
	deps := make([][]int, len(p.Steps))
	for i, s := range p.Steps {
		if s.DueFrom == PreviousStep && i > 0 {
			deps[i] = append(deps[i], i-1)
		}
		if s.Wait == nil {
			continue
		}
		for _, ref := range stepRefs(&s.Wait.Until, join(path, fmt.Sprintf("steps[%d].wait.until", i)), nil) {
			j, ok := ids[ref.step]
			if !ok && !isName(ref.step) {
				continue // reported with the clause
			}
			if !ok {
				fielderr.Addf(ps, ErrInvalid, ref.path+".step", "no step %s in this play", quoteKey(ref.step))
				continue
			}
			deps[i] = append(deps[i], j)
		}
	}
	if cycle := findCycle(deps); cycle != nil {
		names := make([]string, len(cycle))
		for k, i := range cycle {
			names[k] = quoteKey(p.Steps[i].ID)
		}
		fielderr.Addf(ps, ErrInvalid, join(path, fmt.Sprintf("steps[%d].wait", cycle[0])),
			"wait conditions form a cycle: %s", joinArrow(names))
	}
}

type stepRef struct{ path, step string }

// stepRefs lists the step_completed clauses of t.
func stepRefs(t *Trigger, path string, out []stepRef) []stepRef {
	if t.Kind == StepCompleted {
		return append(out, stepRef{path, t.Step})
	}
	for i := range t.Clauses {
		out = stepRefs(&t.Clauses[i], fmt.Sprintf("%s.clauses[%d]", path, i), out)
	}
	return out
}

// findCycle returns the steps of a cycle in the graph (step -> steps it
// waits for), first step repeated at the end, or nil.
func findCycle(deps [][]int) []int {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(deps))
	var stack []int
	var found []int
	var visit func(i int) bool
	visit = func(i int) bool {
		color[i] = grey
		stack = append(stack, i)
		for _, j := range deps[i] {
			switch color[j] {
			case grey:
				k := slices.Index(stack, j)
				found = append(slices.Clone(stack[k:]), j)
				return true
			case white:
				if visit(j) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = black
		return false
	}
	for i := range deps {
		if color[i] == white && visit(i) {
			return found
		}
	}
	return nil
}

func joinArrow(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += " waits for "
		}
		s += n
	}
	return s
}

// checkText checks a free text field: required or not, at most MaxTextLen
// bytes. Its text is never quoted.
func checkText(ps *success.FieldErrors, path, s string, required bool) {
	switch {
	case required && s == "":
		fielderr.Addf(ps, ErrInvalid, path, "must not be empty")
	case len(s) > MaxTextLen:
		fielderr.Addf(ps, ErrInvalid, path, "at most %d bytes, got %d", MaxTextLen, len(s))
	}
}

// Clone returns a deep copy of p: changing the copy's steps, triggers,
// waits, exit or their lists leaves p as it was.
func (p Play) Clone() Play {
	p.Trigger = p.Trigger.Clone()
	p.Steps = slices.Clone(p.Steps)
	for i := range p.Steps {
		if w := p.Steps[i].Wait; w != nil {
			c := *w
			c.Until = c.Until.Clone()
			p.Steps[i].Wait = &c
		}
	}
	if p.Exit != nil {
		e := *p.Exit
		e.Condition = e.Condition.Clone()
		p.Exit = &e
	}
	return p
}
