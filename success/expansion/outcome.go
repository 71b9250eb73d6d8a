package expansion

import (
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Outcome pairs an account's readiness assessment as of a date with what
// happened next: whether it expanded within the backtest horizon after
// Assessment.AsOf, and the ARR it gained. The host decides the horizon and
// what counts as an expansion (churn's MRR movements, say).
type Outcome struct {
	Assessment Assessment `json:"assessment"`
	Expanded   bool       `json:"expanded"`
	// Gained is the ARR the expansion added, >= 0; the zero Money (or a
	// zero amount) when the account did not expand.
	Gained success.Money `json:"gained"`
}

// UnmarshalJSON reads an outcome strictly: unknown fields, repeated keys
// and wrong types are errors with their paths, wrapping ErrInvalid.
func (o *Outcome) UnmarshalJSON(b []byte) error { return fielderr.DecodeRecord(b, o, ErrInvalid) }
