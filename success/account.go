package success

import (
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/shopspring/decimal"
)

// AccountID is the host's own key for a customer account. secondsale never
// invents account IDs; it carries the host's. The empty ID is invalid.
//
// Account IDs appear in errors, explanations and log values, where they
// name the record at fault; nothing else about an account does. So an ID
// should be an opaque key (a CRM or billing ID, a UUID), never an e-mail
// address, a person's name or anything else personal.
type AccountID string

// Validate reports whether id is usable (non-empty).
func (id AccountID) Validate() error {
	if id == "" {
		return fmt.Errorf("%w: account ID is empty", ErrInvalid)
	}
	return nil
}

// Account is what secondsale knows of a customer: who they are, what they pay,
// where they are in their lifecycle, and free-form attributes for fit profiles
// and scorecards to read.
type Account struct {
	ID          AccountID      `json:"id"`
	Name        string         `json:"name,omitempty"`
	Segment     string         `json:"segment,omitempty"` // e.g. "enterprise", "smb"
	Plan        string         `json:"plan,omitempty"`
	ARR         Money          `json:"arr"`
	StartDate   time.Time      `json:"start_date"`
	RenewalDate time.Time      `json:"renewal_date,omitzero"` // zero when not contracted
	Stage       LifecycleStage `json:"stage"`
	Attributes  Attributes     `json:"attributes,omitempty"`
}

// UnmarshalJSON decodes an account strictly: unknown fields, repeated keys and
// wrongly typed values are errors with their path, wrapping ErrInvalid.
func (a *Account) UnmarshalJSON(b []byte) error { return decodeRecord(b, a) }

// Validate checks the account and returns every problem found, as FieldErrors.
func (a Account) Validate() error {
	var problems FieldErrors
	if a.ID == "" {
		problems.addf(nil, "id", "must not be empty")
	}
	if err := a.ARR.Validate(); err != nil {
		problems.addErr(nil, "arr", err)
	} else if _, err := checkAmount(a.ARR.Amount()); err != nil {
		problems.addErr(nil, "arr", err) // grown by Mul beyond what NewMoney accepts
	} else if a.ARR.IsNegative() {
		problems.addf(nil, "arr", "must be >= 0, got %s", a.ARR)
	}
	if a.StartDate.IsZero() {
		problems.addf(nil, "start_date", "must be set")
	}
	checkDate(&problems, "start_date", a.StartDate)
	checkDate(&problems, "renewal_date", a.RenewalDate)
	if !a.RenewalDate.IsZero() && a.RenewalDate.Before(a.StartDate) {
		problems.addf(nil, "renewal_date", "%s is before start_date %s",
			a.RenewalDate.Format(time.DateOnly), a.StartDate.Format(time.DateOnly))
	}
	if err := a.Stage.Validate(); err != nil {
		problems.addErr(nil, "stage", err)
	}
	problems = append(problems, a.Attributes.validate().prefix("attributes")...)
	return problems.Err()
}

// Attribute returns the account fact named name: a free-form attribute, or,
// when no attribute has that name, one of the built-in fields "segment",
// "plan", "stage", "arr_currency" (strings) and "arr" (its amount as a
// number, in the account's own currency: pair a range on "arr" with a
// criterion on "arr_currency"). Empty fields count as absent. The number for
// "arr" is the nearest float64 (Profile.Assess compares the exact decimal),
// and NaN for an amount beyond the bound NewMoney checks, which every check
// of attribute values refuses.
func (a Account) Attribute(name string) (Value, bool) {
	if v, ok := a.Attributes.Get(name); ok {
		return v, true
	}
	var s string
	switch name {
	case "segment":
		s = a.Segment
	case "plan":
		s = a.Plan
	case "stage":
		s = string(a.Stage)
	case "arr_currency":
		s = string(a.ARR.Currency())
	case "arr":
		if a.ARR.Currency() == "" {
			return Value{}, false
		}
		amount, err := checkAmount(a.ARR.Amount()) // a zero comes back with exponent 0
		if err != nil {
			// Beyond the bound on amounts (grown by Mul, say), converting it
			// could take minutes; NaN is refused wherever values are checked.
			return NumberValue(math.NaN()), true
		}
		return NumberValue(amount.InexactFloat64()), true
	}
	if s == "" {
		return Value{}, false
	}
	return StringValue(s), true
}

// LogValue implements slog.LogValuer: an account logs as its ID and the
// fields that say nothing about a person: segment, plan, stage, ARR, start
// and renewal dates, and its attributes' names and kinds. Its Name and its
// attribute values never appear, as they may be personal.
func (a Account) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("id", string(a.ID))}
	if a.Segment != "" {
		attrs = append(attrs, slog.String("segment", a.Segment))
	}
	if a.Plan != "" {
		attrs = append(attrs, slog.String("plan", a.Plan))
	}
	// An invalid stage or currency may be a misplaced personal value: it
	// logs as "invalid".
	switch {
	case a.Stage == "":
	case a.Stage.Validate() != nil:
		attrs = append(attrs, slog.String("stage", "invalid"))
	default:
		attrs = append(attrs, slog.String("stage", string(a.Stage)))
	}
	switch {
	case a.ARR.Currency() == "":
	case a.ARR.Validate() != nil:
		attrs = append(attrs, slog.String("arr", "invalid"))
	case !amountWithinBound(a.ARR.Amount()):
		attrs = append(attrs, slog.String("arr", "beyond bound"))
	default:
		attrs = append(attrs, slog.String("arr", a.ARR.String()))
	}
	if !a.StartDate.IsZero() {
		attrs = append(attrs, slog.String("start_date", a.StartDate.Format(time.DateOnly)))
	}
	if !a.RenewalDate.IsZero() {
		attrs = append(attrs, slog.String("renewal_date", a.RenewalDate.Format(time.DateOnly)))
	}
	if len(a.Attributes) > 0 {
		attrs = append(attrs, slog.Any("attributes", a.Attributes))
	}
	return slog.GroupValue(attrs...)
}

// exactAmount returns the ARR amount when name reads the built-in "arr" (no
// free-form attribute of that name), so that fit rules compare the decimal
// exactly rather than the float64 Attribute returns: 50000.000000000001
// is above 50000, though as a float64 it is not.
func (a Account) exactAmount(name string) (decimal.Decimal, bool) {
	if name != "arr" || a.ARR.Currency() == "" {
		return decimal.Decimal{}, false
	}
	if _, ok := a.Attributes.Get(name); ok {
		return decimal.Decimal{}, false
	}
	amount, err := checkAmount(a.ARR.Amount()) // a zero comes back with exponent 0
	if err != nil {
		return decimal.Decimal{}, false // Attribute's NaN is refused first
	}
	return amount, true
}
