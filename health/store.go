package health

import (
	"context"
	"fmt"
	"time"

	"github.com/secondsale/secondsale/success"
)

// Store keeps the history of accounts' scores. Implementations must be safe
// for concurrent use, keep every field of a snapshot, return an error
// matching ctx.Err() when the context is done, and return errors that match
// ErrInvalid, ErrNotFound and ErrDuplicate with errors.Is. healthtest.TestStore checks an implementation
// against this contract; MemoryStore is the embedded default.
type Store interface {
	// Append stores a copy of s and returns it as stored. A uuid.Nil s.ID is
	// replaced by NewScoreID(s.AsOf). A second score for the same account at
	// the same AsOf, or with an ID already stored, is ErrDuplicate; an
	// invalid score (see Score.Validate) is ErrInvalid. Scores may be
	// appended in any time order, so backfills are ordinary appends.
	Append(ctx context.Context, s Score) (Score, error)
	// Range returns the account's scores with from <= AsOf < to, oldest
	// first; none is an empty result, not an error.
	Range(ctx context.Context, account success.AccountID, from, to time.Time) ([]Score, error)
	// Latest returns the account's most recent score with AsOf <= asOf, or
	// ErrNotFound.
	Latest(ctx context.Context, account success.AccountID, asOf time.Time) (Score, error)
}

// errNilStore is returned by the functions that read history from a nil Store.
var errNilStore = fmt.Errorf("%w: the Store is nil", ErrInvalid)

func validateRange(account success.AccountID, from, to time.Time) error {
	if account == "" {
		return fmt.Errorf("%w: account must not be empty", ErrInvalid)
	}
	if to.Before(from) {
		return fmt.Errorf("%w: range end %s is before its start %s", ErrInvalid, to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	return nil
}
