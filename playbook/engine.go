package playbook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Clock tells the time of people's actions that do not say when they
// happened. Evaluations take their time from the facts' AsOf.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Accounts is the host's directory of accounts. An engine given one
// refuses facts for accounts it does not know (ErrUnknownAccount), so a
// typo in an account ID does not open runs nobody will see.
type Accounts interface {
	HasAccount(ctx context.Context, id success.AccountID) (bool, error)
}

// Options are an Engine's optional settings; the zero value means the
// defaults.
type Options struct {
	// Clock times people's actions without a time; nil means the system
	// clock.
	Clock Clock
	// Predicates are the host predicates triggers, exits and waits may
	// name.
	Predicates Predicates
	// Accounts, when set, is asked whether each evaluated account exists;
	// nil accepts every non-empty account ID.
	Accounts Accounts
	// Assign turns a play's or step's owner role into the owner of a run or
	// a task for the facts' account (the account's CSM, say); nil keeps
	// the role.
	Assign func(role string, f *Facts) string
}

// Engine decides, per account as of a time, which plays to open, which runs
// to close, which tasks to flag overdue and which runs to hold back, and
// records why in its store's trace. It is safe for concurrent use: several
// workers may evaluate the same accounts at once, and the store's
// conditional create and versioned writes (not a lock in the engine) keep
// them from opening a run twice or losing an update.
type Engine struct {
	plays      atomic.Pointer[playSet]
	store      Store
	predicates Predicates
	clock      Clock
	options    Options
	lifecycle  sync.Mutex // serialises changes to the play set, never evaluations
}

// playSet is an immutable snapshot of the engine's plays.
type playSet struct {
	order []*playEntry // by priority, higher first, then ID
	byID  map[string]*playEntry
}

type playEntry struct {
	play     Play
	disabled bool
}

// New returns an engine evaluating plays against store. Every play is
// validated (with opts.Predicates); two plays with one ID are an error
// (one version of a play runs at a time). All problems are reported at
// once, as success.FieldErrors wrapping ErrInvalid.
func New(plays []Play, store Store, opts *Options) (*Engine, error) {
	if store == nil {
		return nil, errNilStore
	}
	e := &Engine{store: store, clock: systemClock{}}
	if opts != nil {
		e.options = *opts
	}
	e.predicates = e.options.Predicates
	if e.options.Clock != nil {
		e.clock = e.options.Clock
	}
	set, err := newPlaySet(plays, e.predicates)
	if err != nil {
		return nil, err
	}
	e.plays.Store(set)
	return e, nil
}

func newPlaySet(plays []Play, preds Predicates) (*playSet, error) {
	var ps success.FieldErrors
	set := &playSet{byID: make(map[string]*playEntry, len(plays))}
	seen := make(map[string]int, len(plays))
	for i := range plays {
		path := "plays[" + strconv.Itoa(i) + "]"
		if err := plays[i].ValidateWith(preds); err != nil {
			if fe := success.AsFieldErrors(err); fe != nil {
				ps = append(ps, fielderr.Prefix(fe, path)...)
			} else {
				fielderr.AddErr(&ps, ErrInvalid, path, err)
			}
			continue
		}
		if j, dup := seen[plays[i].ID]; dup {
			fielderr.Addf(&ps, ErrInvalid, path+".id", "plays[%d] has the same ID (one version of a play runs at a time)", j)
			continue
		}
		seen[plays[i].ID] = i
		ent := &playEntry{play: plays[i]}
		set.order = append(set.order, ent)
		set.byID[ent.play.ID] = ent
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	set.sort()
	return set, nil
}

func (s *playSet) sort() {
	slices.SortFunc(s.order, func(a, b *playEntry) int {
		if c := cmp.Compare(b.play.Priority, a.play.Priority); c != 0 {
			return c
		}
		return cmp.Compare(a.play.ID, b.play.ID)
	})
}

// playSet returns the engine's plays; none for a zero Engine.
func (e *Engine) playSet() *playSet {
	if set := e.plays.Load(); set != nil {
		return set
	}
	return &playSet{}
}

// play returns the play with the ID, or nil.
func (s *playSet) play(id string) *Play {
	if ent := s.byID[id]; ent != nil {
		return &ent.play
	}
	return nil
}

// Store returns the engine's store.
func (e *Engine) Store() Store { return e.store }

// maxRetries bounds the re-reads after a versioned write lost to another
// worker.
const maxRetries = 8

// Evaluate decides what to do for the account of f as of f.AsOf and does
// it: it opens runs of the plays whose trigger holds (unless their
// suppression policy holds them back), closes runs whose exit condition
// held long enough or beyond its margin, ends the waits of tasks, and flags
// tasks that are overdue. It returns every decision with its reason, in
// this order: for each active run of the account, its close, leave-alone
// and overdue decisions; then, for each enabled play by priority whose
// trigger holds, its open or suppression. Plays whose trigger does not
// hold and which have no active run give no decision.
//
// Bad facts (see Facts.Validate) are ErrInvalid, an account the Accounts
// directory does not know is ErrUnknownAccount; a play whose dedup key
// cannot be made from the facts (a contact play without a contact) is
// reported, joined, after the other plays were evaluated.
//
// When the store is Atomic, the evaluation's writes commit together: if
// the commit fails, Evaluate returns its error and no decisions, and none
// of the writes is stored, so evaluating the facts again decides as the
// first attempt would have.
func (e *Engine) Evaluate(ctx context.Context, f *Facts) ([]Decision, error) {
	if e == nil || e.store == nil {
		return nil, errNilStore // a zero Engine: use New
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a, ok := e.store.(Atomic)
	if !ok {
		return e.evaluate(ctx, f)
	}
	var out []Decision
	var evalErr error
	err := a.Atomically(ctx, func(s Store) error {
		// A view of e on the transaction's store: same plays and options.
		v := &Engine{store: s, predicates: e.predicates, clock: e.clock, options: e.options}
		v.plays.Store(e.playSet())
		out, evalErr = v.evaluate(ctx, f)
		return nil // a play's error does not hold back the others' writes
	})
	if err != nil {
		return nil, err
	}
	return out, evalErr
}

// evaluate is Evaluate of valid facts against e.store, one store call at
// a time.
func (e *Engine) evaluate(ctx context.Context, f *Facts) ([]Decision, error) {
	id := f.Account.ID
	if e.options.Accounts != nil {
		known, err := e.options.Accounts.HasAccount(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("playbook: account directory: %w", err)
		}
		if !known {
			return nil, fmt.Errorf("%w: %q", ErrUnknownAccount, string(id))
		}
	}
	now := f.AsOf
	runs, err := e.store.Runs(ctx, RunQuery{Account: id, HeldAt: now})
	if err != nil {
		return nil, err
	}
	set := e.playSet()
	var out []Decision
	var errs []error
	for i := range runs {
		// A run opened after these facts (a backfill evaluated late) is
		// not judged by older facts.
		if !runs[i].State.Active() || runs[i].Started.After(now) {
			continue
		}
		tasks, err := e.store.Tasks(ctx, TaskQuery{Run: runs[i].ID})
		if err != nil {
			return out, err
		}
		ds, err := e.tendRun(ctx, f, set, &runs[i], tasks)
		out = append(out, ds...)
		if err != nil {
			return out, err
		}
	}
	for _, ent := range set.order {
		if ent.disabled {
			continue
		}
		ds, err := e.evaluatePlay(ctx, f, &ent.play, &runs)
		out = append(out, ds...)
		if err != nil {
			if ctx.Err() != nil {
				return out, err
			}
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

// evaluatePlay decides for one play: open, or suppress and why.
func (e *Engine) evaluatePlay(ctx context.Context, f *Facts, p *Play, runs *[]Run) ([]Decision, error) {
	held, err := p.Trigger.Holds(f, e.predicates)
	if err != nil || !held {
		if err != nil {
			err = fmt.Errorf("play %s: %w", p.ID, err)
		}
		return nil, err
	}
	m, err := p.Trigger.Match(f, e.predicates)
	if err != nil {
		return nil, fmt.Errorf("play %s: %w", p.ID, err)
	}
	pol := p.Suppression.Effective()
	key, err := pol.DedupKey(p, f, m.Checkpoint)
	if err != nil {
		return nil, err
	}
	now := f.AsOf
	d := Decision{At: now, Account: f.Account.ID, PlayID: p.ID, PlayVersion: p.Version, DedupKey: key, Match: &m}
	for i := range *runs {
		if r := &(*runs)[i]; r.DedupKey == key && r.HoldsKey(now) {
			return e.suppressByRun(ctx, d, p, r)
		}
	}
	run := Run{
		ID: runID(key, p.ID, p.Version, now), Account: f.Account.ID, Contact: f.Contact,
		PlayID: p.ID, PlayVersion: p.Version, DedupKey: key, Owner: e.assign(p.Owner, f),
		Priority: p.Priority, State: RunOpen, Started: now, Match: m,
	}
	tasks := e.newTasks(p, &run, f)
	d.Kind, d.Run, d.Tasks, d.Reason = DecisionOpen, run.ID, tasks, "trigger matched"
	trace := make([]TraceEntry, 0, 1+len(tasks))
	open := d.trace()
	open.To = string(RunOpen)
	trace = append(trace, open)
	for i := range tasks {
		trace = append(trace, taskChange(&tasks[i], "", now, EngineActor, "opened with its run"))
	}
	err = e.store.Open(ctx, Opening{Run: run, Tasks: tasks, Trace: trace, Limits: limitsOf(pol.Limits)})
	var exists *ExistsError
	var limit *LimitError
	switch {
	case err == nil:
		run.Version = 1
		for i := range d.Tasks {
			d.Tasks[i].Version = 1 // as stored
		}
		*runs = append(*runs, run)
		return []Decision{d}, nil
	case errors.As(err, &exists):
		holder, rerr := e.store.Run(ctx, exists.Holder)
		if rerr != nil {
			return nil, rerr
		}
		d.Kind, d.Tasks = "", nil
		if !holder.HoldsKey(now) {
			// Run IDs derive from the facts: these facts already opened
			// this run, which has ended since (a re-evaluation at the same
			// instant).
			d.Kind, d.Run, d.Clause = DecisionSuppress, holder.ID, ClauseReEntry
			d.Reason = fmt.Sprintf("these facts already opened run %s, which ended %s", holder.ID, holder.State)
			return []Decision{d}, nil
		}
		*runs = append(*runs, holder)
		return e.suppressByRun(ctx, d, p, &(*runs)[len(*runs)-1])
	case errors.As(err, &limit):
		d.Kind, d.Run, d.Tasks, d.Clause = DecisionSuppress, [16]byte{}, nil, limit.Limit.clause()
		d.Reason = fmt.Sprintf("at most %d active runs %s; %d are active", limit.Limit.Max, limitWords[limit.Limit.Scope], limit.Open)
		if err := e.store.Apply(ctx, &Change{Trace: []TraceEntry{d.trace()}}); err != nil {
			return nil, err
		}
		return []Decision{d}, nil
	}
	return nil, err
}

var limitWords = map[LimitScope]string{PerPlay: "of this play", PerOwner: "of this play per owner", PerAccount: "per account"}

// limitsOf turns a play's limits into the store's.
func limitsOf(l Limits) []Limit {
	var out []Limit
	if l.MaxOpenPerPlay > 0 {
		out = append(out, Limit{PerPlay, l.MaxOpenPerPlay})
	}
	if l.MaxOpenPerOwner > 0 {
		out = append(out, Limit{PerOwner, l.MaxOpenPerOwner})
	}
	if l.MaxOpenPerAccount > 0 {
		out = append(out, Limit{PerAccount, l.MaxOpenPerAccount})
	}
	return out
}

// suppressByRun holds back d because run r holds its key. The first
// suppression of each clause by r is recorded in the trace (and on r); the
// same suppression repeated at later evaluations is returned only. A play
// whose policy refreshes an open run writes the new match to it.
func (e *Engine) suppressByRun(ctx context.Context, d Decision, p *Play, r *Run) ([]Decision, error) {
	d.Kind, d.Run = DecisionSuppress, r.ID
	refresh := false
	if r.State.Active() {
		d.Clause = ClauseWhenOpen
		d.Reason = fmt.Sprintf("run %s is %s with the same dedup key", r.ID, r.State)
		if p.Suppression.Effective().WhenOpen == Refresh {
			refresh = !reflect.DeepEqual(r.Match, *d.Match)
			d.Reason += "; its match is refreshed"
		}
	} else {
		d.Clause = ClauseReEntry
		if r.KeyHeldUntil.Equal(Forever) {
			d.Reason = fmt.Sprintf("run %s ended %s on %s and the play does not re-enter after it", r.ID, r.State, r.Ended.Format(time.DateOnly))
		} else {
			d.Reason = fmt.Sprintf("run %s ended %s on %s; re-entry after %s", r.ID, r.State, r.Ended.Format(time.DateOnly), r.KeyHeldUntil.Format(time.DateOnly))
		}
	}
	for range maxRetries {
		if r.Suppressed == d.Clause && !refresh {
			return []Decision{d}, nil
		}
		w := *r
		w.Suppressed = d.Clause
		if refresh {
			w.Match = cloneMatch(*d.Match)
		}
		c := Change{Runs: []Run{w}, Trace: []TraceEntry{d.trace()}}
		err := e.store.Apply(ctx, &c)
		if err == nil {
			*r = c.Runs[0]
			return []Decision{d}, nil
		}
		if !errors.Is(err, ErrConflict) {
			return nil, err
		}
		if *r, err = e.store.Run(ctx, r.ID); err != nil {
			return nil, err
		}
		refresh = refresh && !reflect.DeepEqual(r.Match, *d.Match)
	}
	return nil, fmt.Errorf("%w: run %s kept changing", ErrConflict, r.ID)
}

// assign resolves an owner role.
func (e *Engine) assign(role string, f *Facts) string {
	if e.options.Assign != nil {
		if who := e.options.Assign(role, f); who != "" {
			return who
		}
	}
	return role
}

// newTasks returns the tasks of a new run of p, one per step, due as the
// steps say; steps due after another's completion or a wait have no due
// date yet.
func (e *Engine) newTasks(p *Play, run *Run, f *Facts) []Task {
	due := p.DueDates(run.Started, Progress{})
	tasks := make([]Task, len(p.Steps))
	for i := range p.Steps {
		s := &p.Steps[i]
		role := s.Owner
		if role == "" {
			role = p.Owner
		}
		tasks[i] = Task{
			ID: taskID(run.ID, i), Run: run.ID, Account: run.Account, PlayID: p.ID, Step: i,
			Title: s.Title, Owner: e.assign(role, f), Required: s.Required, State: TaskOpen,
			Due: due[s.ID], Waiting: s.Wait != nil,
		}
	}
	return tasks
}

// taskChange is the trace entry of a task's change from a state.
func taskChange(t *Task, from TaskState, at time.Time, actor Actor, reason string) TraceEntry {
	return TraceEntry{At: at, Account: t.Account, PlayID: t.PlayID, Run: t.Run, Task: t.ID,
		From: string(from), To: string(t.State), Actor: actor, Reason: reason}
}

// runChange is the trace entry of a run's change from a state.
func runChange(r *Run, from RunState, at time.Time, actor Actor, reason string) TraceEntry {
	return TraceEntry{At: at, Account: r.Account, PlayID: r.PlayID, PlayVersion: r.PlayVersion, Run: r.ID,
		From: string(from), To: string(r.State), Actor: actor, Reason: reason}
}

// tendRun decides for one active run: close it when its exit condition
// held long enough or beyond its margin, else leave it alone (moving its
// hysteresis clock); end the waits of its tasks and flag the overdue ones.
// A write that loses to another worker is retried on fresh reads.
func (e *Engine) tendRun(ctx context.Context, f *Facts, set *playSet, run *Run, tasks []Task) ([]Decision, error) {
	for range maxRetries {
		ds, c, err := e.tendOnce(f, set.play(run.PlayID), *run, tasks)
		if err != nil || c == nil {
			return ds, err
		}
		err = e.store.Apply(ctx, c)
		if err == nil {
			for _, r := range c.Runs {
				*run = r
			}
			return ds, nil
		}
		if !errors.Is(err, ErrConflict) {
			return nil, err
		}
		if *run, err = e.store.Run(ctx, run.ID); err != nil {
			return nil, err
		}
		if !run.State.Active() {
			return nil, nil // another worker or a person ended it
		}
		if tasks, err = e.store.Tasks(ctx, TaskQuery{Run: run.ID}); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w: run %s kept changing", ErrConflict, run.ID)
}

// tendOnce computes tendRun's decisions and the change to write (nil when
// nothing changes). p is nil for a retired play: its kept runs are only
// flagged overdue.
func (e *Engine) tendOnce(f *Facts, p *Play, run Run, tasks []Task) ([]Decision, *Change, error) {
	now := f.AsOf
	d := Decision{Kind: DecisionLeaveAlone, At: now, Account: run.Account, PlayID: run.PlayID, PlayVersion: run.PlayVersion, DedupKey: run.DedupKey, Run: run.ID}
	var c Change
	runChanged := false
	switch {
	case p == nil:
		d.Reason = "the play is retired; the run was kept"
	case p.Exit == nil:
		d.Reason = "the play has no exit condition"
	default:
		chk, err := p.Exit.Evaluate(f, e.predicates)
		if err != nil {
			return nil, nil, fmt.Errorf("play %s: %w", p.ID, err)
		}
		if p.Exit.Closes(chk, run.ExitHoldingSince, now) {
			reason := "exit condition held beyond its margin"
			if !chk.Beyond {
				since := run.ExitHoldingSince
				if since.IsZero() {
					since = now
				}
				reason = fmt.Sprintf("exit condition held since %s (%d days required)", since.Format(time.DateOnly), p.Exit.HoldForDays)
			}
			d.Kind, d.Reason, d.Match = DecisionClose, reason, &chk.Match
			c = run.end(tasks, RunDone, now, EngineActor, reason, p, true)
			entry := d.trace()
			c.Trace = append([]TraceEntry{entry}, c.Trace...)
			return []Decision{d}, &c, nil
		}
		switch {
		case chk.Held && run.ExitHoldingSince.IsZero():
			run.ExitHoldingSince, runChanged = now, true
		case !chk.Held && !run.ExitHoldingSince.IsZero():
			run.ExitHoldingSince, runChanged = time.Time{}, true
		}
		if chk.Held {
			d.Reason = fmt.Sprintf("exit condition holding since %s; closes after %d days", run.ExitHoldingSince.Format(time.DateOnly), p.Exit.HoldForDays)
		} else {
			d.Reason = "exit condition does not hold"
		}
	}
	out := []Decision{d}
	if p != nil {
		changed, trace, err := e.settle(f, p, &run, tasks, now)
		if err != nil {
			return nil, nil, err
		}
		for _, i := range changed {
			c.Tasks = append(c.Tasks, tasks[i])
		}
		c.Trace = append(c.Trace, trace...)
	}
	for i := range tasks {
		t := &tasks[i]
		if !t.overdueAt(now) {
			continue
		}
		t.Overdue = now
		fd := Decision{Kind: DecisionFlagOverdue, At: now, Account: run.Account, PlayID: run.PlayID, PlayVersion: run.PlayVersion,
			DedupKey: run.DedupKey, Run: run.ID, Tasks: []Task{*t}, Reason: "due " + t.Due.Format(time.DateOnly) + " and not done"}
		entry := fd.trace()
		entry.Task = t.ID
		out = append(out, fd)
		c.Trace = append(c.Trace, entry)
		if !slices.ContainsFunc(c.Tasks, func(x Task) bool { return x.ID == t.ID }) {
			c.Tasks = append(c.Tasks, *t)
		} else {
			for j := range c.Tasks {
				if c.Tasks[j].ID == t.ID {
					c.Tasks[j] = *t
				}
			}
		}
	}
	if runChanged {
		c.Runs = []Run{run}
	}
	if len(c.Runs) == 0 && len(c.Tasks) == 0 && len(c.Trace) == 0 {
		return out, nil, nil
	}
	// The flagged tasks in the decisions carry the version they will have.
	for i := range out {
		for j := range out[i].Tasks {
			out[i].Tasks[j].Version++
		}
	}
	return out, &c, nil
}

// settle ends the waits of run's tasks that are over (the condition held,
// or the longest wait ran out) and gives due dates to the tasks whose base
// (the previous step's completion, the end of the wait) is now known. It
// returns the indexes of the tasks it changed and their trace entries.
func (e *Engine) settle(f *Facts, p *Play, run *Run, tasks []Task, now time.Time) ([]int, []TraceEntry, error) {
	var changed []int
	var trace []TraceEntry
	pr := progressOf(p, tasks)
	for i := range tasks {
		t := &tasks[i]
		if !t.Waiting || !t.State.Active() || t.Step >= len(p.Steps) || p.Steps[t.Step].Wait == nil {
			continue
		}
		w := p.Steps[t.Step].Wait
		base, ok := p.WaitBegins(t.Step, run.Started, pr)
		if !ok {
			continue
		}
		if f == nil {
			continue // a person's action: waits end at evaluations, against facts
		}
		chk, err := w.Evaluate(f, Env{Predicates: e.predicates, Since: base, Completed: pr.Completed}, "steps["+strconv.Itoa(t.Step)+"].wait.until")
		if err != nil {
			return nil, nil, fmt.Errorf("play %s: %w", p.ID, err)
		}
		var reason string
		switch {
		case chk.Held:
			t.WaitEnded, reason = now, "wait condition held"
		case chk.Expired:
			// Ended when it ran out, whenever the account is evaluated.
			t.WaitEnded = base.Add(time.Duration(w.MaxDays) * 24 * time.Hour)
			reason = fmt.Sprintf("longest wait of %d days ran out", w.MaxDays)
		}
		if reason == "" {
			continue
		}
		t.Waiting = false
		pr.WaitEnded[p.Steps[t.Step].ID] = t.WaitEnded
		changed = append(changed, i)
		trace = append(trace, taskChange(t, t.State, now, EngineActor, reason))
	}
	due := p.DueDates(run.Started, pr)
	for i := range tasks {
		t := &tasks[i]
		if !t.Due.IsZero() || !t.State.Active() || t.Waiting || t.Step >= len(p.Steps) {
			continue
		}
		if d, ok := due[p.Steps[t.Step].ID]; ok {
			t.Due = d
			if !slices.Contains(changed, i) {
				changed = append(changed, i)
			}
		}
	}
	return changed, trace, nil
}

// progressOf returns the completions (done or skipped) and ended waits of
// a run's tasks, keyed by step ID.
func progressOf(p *Play, tasks []Task) Progress {
	pr := Progress{Completed: map[string]time.Time{}, WaitEnded: map[string]time.Time{}}
	for i := range tasks {
		t := &tasks[i]
		if t.Step >= len(p.Steps) {
			continue
		}
		id := p.Steps[t.Step].ID
		if t.State == TaskDone || t.State == TaskSkipped {
			pr.Completed[id] = t.Ended
		}
		if !t.WaitEnded.IsZero() {
			pr.WaitEnded[id] = t.WaitEnded
		}
	}
	return pr
}
