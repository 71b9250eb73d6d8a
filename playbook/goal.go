package playbook

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// GoalKind is the outcome a touchpoint aims at, checked later against what
// the account did. The built-in kinds are below; a host may use its own, of
// name shape (letters, digits, '_', '-', '.'; at most 64 bytes).
type GoalKind string

const (
	GoalAttendedTraining GoalKind = "attended_training"
	GoalLoggedIn         GoalKind = "logged_in"
	// GoalAdoptedFeature names the feature in Goal.Subject.
	GoalAdoptedFeature GoalKind = "adopted_feature"
	GoalReplied        GoalKind = "replied"
	GoalRenewed        GoalKind = "renewed"
)

// Validate reports whether k is of name shape.
func (k GoalKind) Validate() error {
	if !isName(string(k)) {
		return fmt.Errorf("%w: goal kind must be a name (letters, digits, '_', '-', '.'; at most %d bytes)", ErrInvalid, maxName)
	}
	return nil
}

// Goal is what a touchpoint should achieve, and by when: "logged in within
// 7 days" is {Kind: GoalLoggedIn, WithinDays: 7}; "adopted the reports
// feature within 30 days" adds Subject "reports". The goal is met by an
// observation of the same kind and subject after the touchpoint and by its
// deadline (the touchpoint's time plus WithinDays days).
type Goal struct {
	Kind GoalKind `json:"kind"`
	// Subject narrows the kind (the feature, the training); empty matches
	// observations without a subject only.
	Subject    string `json:"subject,omitempty"`
	WithinDays int    `json:"within_days"`
}

// maxWithinDays bounds a goal's window (ten years), so a deadline never
// overflows time.Time arithmetic.
const maxWithinDays = 3660

func (g *Goal) problems(ps *success.FieldErrors, path string) {
	if err := g.Kind.Validate(); err != nil {
		fielderr.AddErr(ps, ErrInvalid, strictjson.Nest(path, "kind"), err)
	}
	if g.Subject != "" && !isName(g.Subject) {
		fielderr.Addf(ps, ErrInvalid, strictjson.Nest(path, "subject"), "must be a name (letters, digits, '_', '-', '.'; at most %d bytes)", maxName)
	}
	if g.WithinDays < 1 || g.WithinDays > maxWithinDays {
		fielderr.Addf(ps, ErrInvalid, strictjson.Nest(path, "within_days"), "must be within 1..%d", maxWithinDays)
	}
}

// GoalObservation is an event the host saw for an account (a login, a
// training attended, a feature adopted, a reply): the facts a goal is
// assessed against.
type GoalObservation struct {
	Account success.AccountID `json:"account"`
	Kind    GoalKind          `json:"kind"`
	Subject string            `json:"subject,omitempty"`
	At      time.Time         `json:"at"`
}

func (o *GoalObservation) problems(ps *success.FieldErrors, path string) {
	if err := o.Account.Validate(); err != nil {
		fielderr.AddErr(ps, ErrInvalid, strictjson.Nest(path, "account"), err)
	}
	if err := o.Kind.Validate(); err != nil {
		fielderr.AddErr(ps, ErrInvalid, strictjson.Nest(path, "kind"), err)
	}
	if o.Subject != "" && !isName(o.Subject) {
		fielderr.Addf(ps, ErrInvalid, strictjson.Nest(path, "subject"), "must be a name (letters, digits, '_', '-', '.'; at most %d bytes)", maxName)
	}
	if o.At.IsZero() {
		fielderr.Addf(ps, ErrInvalid, strictjson.Nest(path, "at"), "required")
	}
}
