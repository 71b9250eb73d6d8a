package health

import (
	"context"
	"fmt"
	"time"

	"github.com/secondsale/secondsale/success"
)

// Outcome pairs an account's score as of a date with what happened next:
// whether it churned within the backtest horizon after Score.AsOf. ARR is the
// account's ARR at that date, the revenue at stake.
type Outcome struct {
	Score   Score         `json:"score"`
	Churned bool          `json:"churned"`
	ARR     success.Money `json:"arr"`
}

// UnmarshalJSON reads an outcome strictly: unknown fields, repeated keys
// and wrong types are errors with their paths.
func (o *Outcome) UnmarshalJSON(data []byte) error { return decodeRecord(data, o) }

// OutcomeAsOf builds a backtest outcome from score history: the account's
// latest score as of asOf, churned when churnedAt falls in (asOf,
// asOf+horizon]. A zero churnedAt means the account has not churned. An
// account that churned on or before asOf does not belong in a backtest as of
// that date and is ErrInvalid; no score as of asOf is ErrNotFound.
func OutcomeAsOf(ctx context.Context, st Store, account success.AccountID, asOf time.Time, horizon time.Duration, churnedAt time.Time, arr success.Money) (Outcome, error) {
	if st == nil {
		return Outcome{}, errNilStore
	}
	if horizon <= 0 {
		return Outcome{}, fmt.Errorf("%w: horizon must be > 0, got %s", ErrInvalid, horizon)
	}
	if !churnedAt.IsZero() && !churnedAt.After(asOf) {
		return Outcome{}, fmt.Errorf("%w: account %q churned %s, not after the backtest date %s", ErrInvalid, account,
			churnedAt.Format(time.DateOnly), asOf.Format(time.DateOnly))
	}
	s, err := st.Latest(ctx, account, asOf)
	if err != nil {
		return Outcome{}, err
	}
	churned := !churnedAt.IsZero() && !churnedAt.After(asOf.Add(horizon))
	return Outcome{Score: s, Churned: churned, ARR: arr}, nil
}
