package success

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// LedgerRow is one line of a revenue ledger: the monthly recurring revenue
// of one of an account's subscription or product lines on one date, as a
// billing system's MRR snapshot or the normalised subscriptions
// (NormalizeSubscriptions) produce it. churn.Movements and cohort tables read
// the same rows, so a host with one MRR table feeds both.
//
// An account's MRR in a period (a month, quarter, ...) is the sum of its
// lines on its last observed date in that period: a snapshot taken later in
// the period supersedes an earlier one, and several lines (or a repeated
// row) on that date add up. An account with no row in a period has MRR 0
// there; an explicit 0 row means the same. The account counts once, however
// many rows it has.
//
// The amount is given either as MRR or, without allocating, as Minor, an
// integer count of Currency's minor units (cents for USD, yen for JPY):
// Minor and Currency are read when MRR is the zero Money. A zero amount may
// have no currency.
type LedgerRow struct {
	Account AccountID `json:"account"`
	// Date is the day of the snapshot, a calendar date in its own location:
	// the period is the one containing that date.
	Date time.Time `json:"date"`
	// Line optionally names the subscription or product line, for the host's
	// own records and for error messages.
	Line     string   `json:"line,omitempty"`
	MRR      Money    `json:"mrr,omitzero"`
	Minor    int64    `json:"minor,omitempty"`
	Currency Currency `json:"currency,omitempty"`
}

// Amount returns the row's MRR as an exact decimal and its currency (empty
// for a zero amount given without one), or an error naming the field that
// is wrong: both forms set, a minor-unit amount without a currency, an
// unknown currency.
func (r *LedgerRow) Amount() (decimal.Decimal, Currency, error) {
	if r.MRR.Currency() != "" || !r.MRR.IsZero() {
		if r.Minor != 0 || r.Currency != "" {
			return decimal.Decimal{}, "", rowProblem("mrr", "set either mrr or minor and currency, not both")
		}
		if err := r.MRR.Validate(); err != nil {
			return decimal.Decimal{}, "", rowProblem("mrr", "%v", err)
		}
		return r.MRR.Amount(), r.MRR.Currency(), nil
	}
	switch {
	case r.Currency == "" && r.Minor != 0:
		return decimal.Decimal{}, "", rowProblem("currency", "is required with minor")
	case r.Currency == "":
		return decimal.Decimal{}, "", nil
	}
	if err := r.Currency.Validate(); err != nil {
		return decimal.Decimal{}, "", rowProblem("currency", "%v", err)
	}
	return decimal.New(r.Minor, -r.Currency.MinorUnits()), r.Currency, nil
}

func rowProblem(path, format string, args ...any) error {
	return &FieldError{Path: path, Problem: fmt.Sprintf(format, args...), Err: ErrInvalid}
}
