package success

import (
	"fmt"
	"time"
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
	// own records (NormalizeSubscriptions writes the subscription's ID). The
	// ledger readers do not use it: lines on one date add up whatever their
	// names.
	Line     string   `json:"line,omitempty"`
	MRR      Money    `json:"mrr,omitzero"`
	Minor    int64    `json:"minor,omitempty"`
	Currency Currency `json:"currency,omitempty"`
}

// UnmarshalJSON decodes a row strictly: unknown fields (a misspelt "mmr"
// would otherwise read as a row of MRR 0, which ends the account's revenue
// in its period), repeated keys and wrongly typed values are errors with
// their path, wrapping ErrInvalid. Whether the amount is complete (MRR or
// Minor with Currency) is for Units to say.
func (r *LedgerRow) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// Units returns the row's MRR as c × 10^exp in currency cur, without
// allocating: the minor-unit form gives Minor and the currency's minor-unit
// exponent, the Money form its decimal's coefficient and exponent. cur is
// empty for a zero amount given without a currency. The error names the
// field that is wrong: both forms set, a minor-unit amount without a
// currency, an unknown currency, an amount of more than 18 significant
// digits.
func (r *LedgerRow) Units() (c int64, exp int32, cur Currency, err error) {
	if r.MRR.Currency() != "" || !r.MRR.IsZero() {
		if r.Minor != 0 || r.Currency != "" {
			return 0, 0, "", rowProblem("mrr", "set either mrr or minor and currency, not both")
		}
		if err := r.MRR.Validate(); err != nil {
			return 0, 0, "", rowCause("mrr", err)
		}
		d := r.MRR.Amount()
		if d.NumDigits() > 18 {
			return 0, 0, "", rowProblem("mrr", "has more than 18 significant digits")
		}
		return d.CoefficientInt64(), d.Exponent(), r.MRR.Currency(), nil
	}
	switch {
	case r.Currency == "" && r.Minor != 0:
		return 0, 0, "", rowProblem("currency", "is required with minor")
	case r.Currency == "":
		return 0, 0, "", nil
	}
	if err := r.Currency.Validate(); err != nil {
		return 0, 0, "", rowCause("currency", err)
	}
	return r.Minor, -r.Currency.MinorUnits(), r.Currency, nil
}

func rowProblem(path, format string, args ...any) error {
	return &FieldError{Path: path, Problem: fmt.Sprintf(format, args...), Err: ErrInvalid}
}

// rowCause reports err, a validation error of this package, at path,
// keeping it as the cause (errors.Is finds ErrUnknownCurrency) without
// repeating its sentinel's words.
func rowCause(path string, err error) error {
	var es FieldErrors
	es.addErr(ErrInvalid, path, err)
	return es[0]
}
