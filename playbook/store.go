package playbook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/success"
)

// Store errors, tested with errors.Is.
var (
	// ErrNotFound reports a run or a task the store does not hold.
	ErrNotFound = errors.New("playbook: not found")
	// ErrConflict reports a versioned write that lost: the run or task was
	// written by someone else since it was read. Read it again and retry.
	ErrConflict = errors.New("playbook: conflict")
	// ErrExists reports a run whose dedup key is held by another run (open,
	// or cooling down after it ended), or whose ID is taken. The error is an
	// *ExistsError naming the holder.
	ErrExists = errors.New("playbook: exists")
	// ErrLimit reports a run that would exceed a limit on open runs per
	// play, per owner or per account. The error is a *LimitError.
	ErrLimit = errors.New("playbook: limit reached")
	// ErrUnknownAccount reports facts for an account the engine's
	// Options.Accounts directory does not know.
	ErrUnknownAccount = errors.New("playbook: unknown account")
)

// ExistsError is the ErrExists of Store.Open: Holder is the run that holds
// the dedup key.
type ExistsError struct {
	DedupKey string
	Holder   uuid.UUID
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%v: run %s holds the dedup key", ErrExists, e.Holder)
}

// Unwrap returns ErrExists.
func (e *ExistsError) Unwrap() error { return ErrExists }

// LimitScope is what a Limit counts open runs of.
type LimitScope string

// Limit scopes.
const (
	PerPlay    LimitScope = "play"
	PerOwner   LimitScope = "owner"
	PerAccount LimitScope = "account"
)

// Limit caps active runs at Max (0 or less: no cap), as the play's
// Suppression.Limits do: PerPlay
// counts the active runs of the new run's play (all accounts), PerOwner
// those of its play with its owner, PerAccount those of its account (any
// play).
type Limit struct {
	Scope LimitScope `json:"scope"`
	Max   int        `json:"max"`
}

// clause is the suppression clause a reached limit records.
func (l Limit) clause() SuppressionClause {
	switch l.Scope {
	case PerOwner:
		return ClauseLimitOwner
	case PerAccount:
		return ClauseLimitAccount
	}
	return ClauseLimitPlay
}

// LimitError is the ErrLimit of Store.Open.
type LimitError struct {
	Limit Limit
	Open  int // active runs counted
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%v: %d active runs per %s, at most %d", ErrLimit, e.Open, e.Limit.Scope, e.Limit.Max)
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// Opening is a new run with its tasks and the trace entries that record
// it, written by Store.Open all or nothing.
type Opening struct {
	Run    Run
	Tasks  []Task
	Trace  []TraceEntry
	Limits []Limit
}

// Change is a set of versioned writes of runs and tasks and trace entries
// to append, written by Store.Apply all or nothing.
type Change struct {
	Runs  []Run
	Tasks []Task
	Trace []TraceEntry
}

// RunQuery selects runs; zero fields select everything. Results are in
// start order (then ID).
type RunQuery struct {
	Account  success.AccountID
	PlayID   string
	DedupKey string
	Owner    string
	// Active keeps only open and in-progress runs.
	Active bool
	// HeldAt, when set, keeps only the runs that hold their dedup key at
	// that time (Run.HoldsKey): what the engine reads per account.
	HeldAt time.Time
}

// TaskQuery selects tasks; zero fields select everything. Results are in
// run order, then step order.
type TaskQuery struct {
	Account success.AccountID
	Run     uuid.UUID
	Owner   string
	Active  bool
}

// TraceQuery selects trace entries; zero fields select everything; at
// least one of Account, PlayID and Run should be set to bound the result.
// Results are in the order they were written.
type TraceQuery struct {
	Account success.AccountID
	PlayID  string
	Run     uuid.UUID
}

// Store keeps runs, tasks and the decision trace. Implementations must be
// safe for concurrent use, keep every field, return copies, return an error
// matching ctx.Err() when the context is done, and guarantee on their own
// (a unique constraint, a transaction; never a lock held by the caller):
//
//   - Open is a conditional create: of several Opens of runs with one dedup
//     key, at most one succeeds while a run holds that key; the others get
//     ErrExists. Limits are checked in the same atomic step.
//   - Apply is a versioned write: a run or task whose Version is not the
//     stored one makes the whole change fail with ErrConflict, so no update
//     is lost.
//
// playbooktest.TestStore checks an implementation against this contract;
// MemoryStore is the embedded default.
type Store interface {
	// Open stores o.Run (with Version 1), its tasks (Version 1) and trace
	// entries, unless a stored run holds o.Run.DedupKey at o.Run.Started
	// or has its ID (ErrExists, an *ExistsError), or a limit in o.Limits is
	// reached counting o.Run (ErrLimit, a *LimitError).
	Open(ctx context.Context, o Opening) error
	// Apply writes c's runs and tasks, each of which must be stored with
	// the Version it carries (ErrConflict otherwise, ErrNotFound for an
	// unknown ID), and appends c's trace entries, all or nothing. A run's
	// account, play and dedup key never change, and a run that ended
	// never becomes active again (ErrInvalid): its key may be taken. On
	// success the Version of each run and task in c is one more than
	// before, in c as in the store.
	Apply(ctx context.Context, c *Change) error
	// Run returns the run with the ID, or ErrNotFound.
	Run(ctx context.Context, id uuid.UUID) (Run, error)
	// Task returns the task with the ID, or ErrNotFound.
	Task(ctx context.Context, id uuid.UUID) (Task, error)
	// Runs returns the runs q selects; none is an empty result.
	Runs(ctx context.Context, q RunQuery) ([]Run, error)
	// Tasks returns the tasks q selects; none is an empty result.
	Tasks(ctx context.Context, q TaskQuery) ([]Task, error)
	// Trace returns the trace entries q selects; none is an empty result.
	Trace(ctx context.Context, q TraceQuery) ([]TraceEntry, error)
}

// Atomic is an optional ability of a Store, found by type assertion: a
// store that can group writes into one transaction (a database). The
// Engine evaluates each account through it, so an evaluation's opens,
// closes, flags and trace entries are stored together or not at all: a
// connection lost in the middle leaves no part of an evaluation behind,
// and a retry decides as the first attempt would have.
type Atomic interface {
	Store
	// Atomically runs fn with a Store whose writes take effect together
	// when fn returns nil; when fn returns an error, or the writes cannot
	// be committed, none of them is stored and the error is returned.
	// Inside fn, an Open or Apply that fails (ErrExists, ErrConflict, ...)
	// discards only its own writes, and the store keeps Open's and Apply's
	// guarantees against other callers. The Store given to fn is valid
	// only until fn returns and only in fn's goroutine.
	Atomically(ctx context.Context, fn func(Store) error) error
}

// errNilStore is returned by an engine without a store.
var errNilStore = fmt.Errorf("%w: the Store is nil", ErrInvalid)
