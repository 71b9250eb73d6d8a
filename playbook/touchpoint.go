package playbook

import (
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// Channel is how a touchpoint reached the customer. The built-in channels
// are below; a host may use its own, of name shape.
type Channel string

const (
	ChannelEmail   Channel = "email"
	ChannelCall    Channel = "call"
	ChannelMeeting Channel = "meeting"
	ChannelInApp   Channel = "in_app"
	ChannelChat    Channel = "chat"
)

// Validate reports whether c is of name shape.
func (c Channel) Validate() error {
	if !isName(string(c)) {
		return fmt.Errorf("%w: channel must be a name (letters, digits, '_', '-', '.'; at most %d bytes)", ErrInvalid, maxName)
	}
	return nil
}

// Touchpoint is one interaction with a customer and the goal it had, so a
// team can later see which messages work. It holds no message text: the
// host keeps that, keyed by ID.
type Touchpoint struct {
	ID      string            `json:"id"`
	Account success.AccountID `json:"account"`
	At      time.Time         `json:"at"`
	Channel Channel           `json:"channel"`
	// Sender and Recipient are roles ("csm", "champion"), not people.
	Sender    string `json:"sender"`
	Recipient string `json:"recipient"`
	// PlayID, PlayVersion, StepID and RunID say which play step sent the
	// touchpoint; all are empty for one a person sent outside a play.
	PlayID      string    `json:"play_id,omitempty"`
	PlayVersion int       `json:"play_version,omitempty"`
	StepID      string    `json:"step_id,omitempty"`
	RunID       uuid.UUID `json:"run_id,omitzero"`
	Goal        Goal      `json:"goal"`
}

// Validate checks the touchpoint and returns every problem found, as
// success.FieldErrors wrapping ErrInvalid.
func (tp Touchpoint) Validate() error {
	var ps success.FieldErrors
	tp.problems(&ps, "")
	return ps.Err()
}

func (tp *Touchpoint) problems(ps *success.FieldErrors, path string) {
	at := func(f string) string { return strictjson.Nest(path, f) }
	if tp.ID == "" || len(tp.ID) > maxName {
		fielderr.Addf(ps, ErrInvalid, at("id"), "required, at most %d bytes", maxName)
	}
	if err := tp.Account.Validate(); err != nil {
		fielderr.AddErr(ps, ErrInvalid, at("account"), err)
	}
	if tp.At.IsZero() {
		fielderr.Addf(ps, ErrInvalid, at("at"), "required")
	}
	if err := tp.Channel.Validate(); err != nil {
		fielderr.AddErr(ps, ErrInvalid, at("channel"), err)
	}
	checkRole(ps, at("sender"), tp.Sender)
	checkRole(ps, at("recipient"), tp.Recipient)
	fromPlay := tp.PlayID != "" || tp.PlayVersion != 0 || tp.StepID != "" || tp.RunID != uuid.Nil
	if fromPlay && (!isName(tp.PlayID) || tp.PlayVersion < 1 || !isName(tp.StepID) || tp.RunID == uuid.Nil) {
		fielderr.Addf(ps, ErrInvalid, at("play_id"), "a touchpoint from a play needs play_id, play_version >= 1, step_id and run_id")
	}
	tp.Goal.problems(ps, at("goal"))
}

// Deadline is the last instant an observation meets the goal: the
// touchpoint's time plus the goal's WithinDays days.
func (tp Touchpoint) Deadline() time.Time {
	return tp.At.AddDate(0, 0, tp.Goal.WithinDays)
}

// Assess returns the touchpoint's goal as of asOf, from the observations
// the host saw. The goal is met by the earliest observation of the
// account, goal kind and subject strictly after the touchpoint, by the
// deadline (inclusive) and by asOf (a backfill sees only what was known
// then); otherwise it is pending before the deadline and missed from it
// on. Observations need not be sorted. Assess does not validate: Report
// does.
func (tp Touchpoint) Assess(obs []GoalObservation, asOf time.Time) GoalResult {
	r := GoalResult{Deadline: tp.Deadline()}
	for i := range obs {
		o := &obs[i]
		if tp.matches(o) && (r.MetAt.IsZero() || o.At.Before(r.MetAt)) {
			r.MetAt = o.At
		}
	}
	return tp.resultFrom(r, asOf)
}

func (tp *Touchpoint) matches(o *GoalObservation) bool {
	return o.Account == tp.Account && o.Kind == tp.Goal.Kind && o.Subject == tp.Goal.Subject &&
		o.At.After(tp.At)
}

// resultFrom turns the earliest matching observation (r.MetAt, zero if
// none) into the status as of asOf.
func (tp *Touchpoint) resultFrom(r GoalResult, asOf time.Time) GoalResult {
	switch {
	case !r.MetAt.IsZero() && !r.MetAt.After(r.Deadline) && !r.MetAt.After(asOf):
		r.Status = GoalMet
	case asOf.Before(r.Deadline):
		r.Status, r.MetAt = GoalPending, time.Time{}
	default:
		r.Status, r.MetAt = GoalMissed, time.Time{}
	}
	return r
}

// obsKey groups observations that can meet the same goals.
type obsKey struct {
	account success.AccountID
	kind    GoalKind
	subject string
}

// observationIndex holds each key's observation times sorted, so Report
// assesses n touchpoints against m observations in O((n+m) log m).
type observationIndex map[obsKey][]time.Time

func indexObservations(obs []GoalObservation) observationIndex {
	ix := observationIndex{}
	for _, o := range obs {
		k := obsKey{o.Account, o.Kind, o.Subject}
		ix[k] = append(ix[k], o.At)
	}
	for _, ts := range ix {
		sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	}
	return ix
}

// assess is Assess over an index.
func (ix observationIndex) assess(tp *Touchpoint, asOf time.Time) GoalResult {
	r := GoalResult{Deadline: tp.Deadline()}
	ts := ix[obsKey{tp.Account, tp.Goal.Kind, tp.Goal.Subject}]
	i := sort.Search(len(ts), func(i int) bool { return ts[i].After(tp.At) })
	if i < len(ts) {
		r.MetAt = ts[i]
	}
	return tp.resultFrom(r, asOf)
}

func checkRole(ps *success.FieldErrors, path, role string) {
	if !isName(role) {
		fielderr.Addf(ps, ErrInvalid, path, "must be a role name (letters, digits, '_', '-', '.'; at most %d bytes)", maxName)
	}
}
