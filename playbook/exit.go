package playbook

import (
	"fmt"
	"time"
)

// Exit closes a run with hysteresis, so that a score hovering at a band
// boundary does not open and close runs every day: the run closes when
// Condition has held continuously for HoldForDays, or at once when it holds
// beyond Margin.
type Exit struct {
	Condition Trigger `json:"condition"`
	// HoldForDays is how long the condition must hold without a break
	// before the run closes (0: as soon as it holds).
	HoldForDays int `json:"hold_for_days,omitempty"`
	// Margin, when positive, closes the run at once when every score clause
	// that decided the condition (score_at_least, score_below, not under a
	// not) is at least Margin points inside it: a score_at_least 50 exit
	// with Margin 10 closes at once at 60. 0 disables it.
	Margin float64 `json:"margin,omitempty"`
}

// ExitCheck is an exit condition evaluated against facts.
type ExitCheck struct {
	// Held is whether the condition holds now: the engine starts (or keeps)
	// its "holding since" time when it does and clears it when it does not.
	Held bool `json:"held"`
	// Beyond is whether it holds beyond the margin: close now.
	Beyond bool `json:"beyond"`
	// Match records the clauses, under the path "exit.condition".
	Match Match `json:"match"`
}

// Evaluate checks the exit condition against f.
func (e *Exit) Evaluate(f *Facts, preds Predicates) (ExitCheck, error) {
	if e == nil {
		return ExitCheck{}, fmt.Errorf("%w: exit is nil", ErrInvalid)
	}
	m, err := e.Condition.MatchIn(f, Env{Predicates: preds}, "exit.condition")
	if err != nil {
		return ExitCheck{}, err
	}
	c := ExitCheck{Held: m.Matched, Match: m}
	if m.Matched && e.Margin > 0 {
		scored, beyond := false, true
		for _, cl := range m.Clauses {
			if cl.Scored && cl.Matched {
				scored = true
				if cl.Distance < e.Margin {
					beyond = false
				}
			}
		}
		c.Beyond = scored && beyond
	}
	return c, nil
}

// HeldLongEnough reports whether a condition holding since since has held
// for HoldForDays as of asOf. A zero since means it does not hold.
func (e *Exit) HeldLongEnough(since, asOf time.Time) bool {
	if e == nil || since.IsZero() || asOf.Before(since) {
		return false
	}
	return asOf.Sub(since) >= days(e.HoldForDays)
}

// Closes reports whether a run should close as of asOf given the check and
// the time its condition started holding (zero if it did not before):
// Beyond closes at once, otherwise it must have held for HoldForDays.
func (e *Exit) Closes(c ExitCheck, since, asOf time.Time) bool {
	if !c.Held {
		return false
	}
	if c.Beyond {
		return true
	}
	if since.IsZero() {
		since = asOf
	}
	return e.HeldLongEnough(since, asOf)
}
