package churn

import (
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// EventKind says how much of the account left: the logo (FullChurn) or part
// of its revenue (Downgrade).
type EventKind string

const (
	// FullChurn: every subscription ended; the logo is lost.
	FullChurn EventKind = "churn"
	// Downgrade: the account stays but pays less (contraction).
	Downgrade EventKind = "downgrade"
)

// Validate reports whether k is FullChurn or Downgrade.
func (k EventKind) Validate() error {
	return enum.OneOf(k, "churn kind", ErrInvalid, FullChurn, Downgrade)
}

// MarshalText implements encoding.TextMarshaler: the kind's name (nothing
// for the empty kind), or Validate's error.
func (k EventKind) MarshalText() ([]byte, error) { return enum.Encode(k) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *EventKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }

// Initiator says whether the customer chose to leave.
type Initiator string

const (
	// Voluntary: the customer decided to cancel or downgrade.
	Voluntary Initiator = "voluntary"
	// Involuntary: the revenue was lost without a decision, typically a failed
	// payment that dunning did not recover.
	Involuntary Initiator = "involuntary"
)

// Validate reports whether i is Voluntary or Involuntary.
func (i Initiator) Validate() error {
	return enum.OneOf(i, "initiator", ErrInvalid, Voluntary, Involuntary)
}

// MarshalText implements encoding.TextMarshaler: the initiator's name
// (nothing for the empty one), or Validate's error.
func (i Initiator) MarshalText() ([]byte, error) { return enum.Encode(i) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the initiator.
func (i *Initiator) UnmarshalText(b []byte) error { return enum.Decode(i, b) }

// Reason is one reason a customer gave or the team found for a churn event:
// a code the taxonomy defines, and optional detail.
type Reason struct {
	Code   ReasonCode `json:"code"`
	Detail string     `json:"detail,omitempty"` // free text, e.g. "needed SAML SSO"
}

// Event is one churn event: an account that left or downgraded on a date.
type Event struct {
	// ID is the host's identifier for the event, optional; errors name it.
	ID      string            `json:"id,omitempty"`
	Account success.AccountID `json:"account"`
	// AccountStart is when the account became a customer, optional. When set,
	// an effective date before it is rejected.
	AccountStart time.Time `json:"account_start,omitzero"`
	// Date is when the revenue stopped (the effective date, not the notice).
	Date time.Time `json:"date"`
	// NoticeDate is when the customer gave notice or the cancellation was
	// recorded, optional; it must not be after Date. When set, only at-risk
	// flags raised before it make the churn expected.
	NoticeDate time.Time `json:"notice_date,omitzero"`
	// Kind says whether the logo left (FullChurn) or only revenue (Downgrade).
	Kind EventKind `json:"kind"`
	// Initiator says whether the customer chose it (Voluntary) or a payment
	// failed (Involuntary).
	Initiator Initiator `json:"initiator"`
	// LostMRR is the monthly recurring revenue lost (for a downgrade, the
	// contraction). At least one of LostMRR and LostARR must be set.
	LostMRR success.Money `json:"lost_mrr"`
	// LostARR is the annual recurring revenue lost, for hosts that book ARR
	// (annual contracts): 1,000 a year is not 12 × any exact monthly amount.
	// Unset (no currency) means 12 × LostMRR. When both are set, both are
	// kept as given and reports use LostARR.
	LostARR success.Money `json:"lost_arr"`
	// Products names the products or plans affected, each once.
	Products []string `json:"products,omitempty"`
	// Note is free text from the CSM or the exit interview.
	Note string `json:"note,omitempty"`
	// Reasons lists why, most important first. Classification reads the first
	// (ReasonPrimary, the default) or all of them (ReasonAny).
	Reasons []Reason `json:"reasons"`
	// Fit is the account's Success Potential verdict, from the sale or the
	// latest fit assessment. Empty means unknown; ClassifyOptions.AssumeFit
	// then decides, and the classification says it was assumed.
	Fit success.Verdict `json:"fit,omitempty"`
}

var monthsPerYear = decimal.NewFromInt(12)

// ARR returns the annual recurring revenue the event lost, the amount
// reports total: LostARR when set, otherwise LostMRR × 12, exactly.
func (e Event) ARR() success.Money {
	if e.LostARR.Currency() != "" {
		return e.LostARR
	}
	return e.LostMRR.Mul(monthsPerYear)
}

// Validate checks the event against taxonomy (nil means DefaultTaxonomy) and
// returns every problem found as success.FieldErrors. Unknown reason codes
// unwrap to ErrUnknownReason.
func (e Event) Validate(taxonomy *Taxonomy) error {
	if taxonomy == nil {
		taxonomy = defaultTaxonomy
	}
	var problems success.FieldErrors
	if e.Account == "" {
		fielderr.Addf(&problems, ErrInvalid, "account", "must not be empty")
	}
	if e.Date.IsZero() {
		fielderr.Addf(&problems, ErrInvalid, "date", "must be set")
	} else if !e.AccountStart.IsZero() && e.Date.Before(e.AccountStart) {
		fielderr.Addf(&problems, ErrInvalid, "date", "%s is before account_start %s",
			e.Date.Format(time.DateOnly), e.AccountStart.Format(time.DateOnly))
	}
	if !e.NoticeDate.IsZero() && !e.Date.IsZero() && e.NoticeDate.After(e.Date) {
		fielderr.Addf(&problems, ErrInvalid, "notice_date", "%s is after the effective date %s",
			e.NoticeDate.Format(time.DateOnly), e.Date.Format(time.DateOnly))
	}
	if err := e.Kind.Validate(); err != nil {
		fielderr.AddErr(&problems, ErrInvalid, "kind", err)
	}
	if err := e.Initiator.Validate(); err != nil {
		fielderr.AddErr(&problems, ErrInvalid, "initiator", err)
	}
	e.validateLoss(&problems)
	for i, p := range e.Products {
		if p == "" {
			fielderr.Addf(&problems, ErrInvalid, fmt.Sprintf("products[%d]", i), "must not be empty")
		} else if j := slices.Index(e.Products[:i], p); j >= 0 {
			fielderr.Addf(&problems, ErrInvalid, fmt.Sprintf("products[%d]", i), "repeats products[%d]", j)
		}
	}
	if len(e.Reasons) == 0 {
		fielderr.Addf(&problems, ErrInvalid, "reasons", "at least one reason is required (use %q when unknown)", ReasonOther)
	}
	for i, r := range e.Reasons {
		if _, ok := taxonomy.Lookup(r.Code); !ok {
			fielderr.Addf(&problems, ErrUnknownReason, fmt.Sprintf("reasons[%d].code", i),
				"unknown reason code %s", strictjson.QuoteName(string(r.Code)))
		}
	}
	if e.Fit != "" {
		if err := e.Fit.Validate(); err != nil {
			fielderr.AddErr(&problems, ErrInvalid, "fit", err)
		}
	}
	return problems.Err()
}

// validateLoss checks LostMRR and LostARR: at least one set, neither
// negative, one currency.
func (e Event) validateLoss(problems *success.FieldErrors) {
	mrrSet, arrSet := e.LostMRR.Currency() != "", e.LostARR.Currency() != ""
	if !mrrSet && !arrSet {
		fielderr.Addf(problems, ErrInvalid, "lost_mrr", "must be set (or lost_arr): a loss needs an amount and a currency")
		return
	}
	for _, f := range []struct {
		path  string
		value success.Money
		set   bool
	}{{"lost_mrr", e.LostMRR, mrrSet}, {"lost_arr", e.LostARR, arrSet}} {
		switch {
		case !f.set:
		case f.value.Validate() != nil:
			fielderr.AddErr(problems, ErrInvalid, f.path, f.value.Validate())
		case f.value.IsNegative():
			fielderr.Addf(problems, ErrInvalid, f.path, "must be >= 0, got %s", f.value)
		}
	}
	if mrrSet && arrSet && e.LostMRR.Currency() != e.LostARR.Currency() {
		fielderr.Addf(problems, ErrCurrencyMismatch, "lost_arr", "currency %s differs from lost_mrr's %s",
			e.LostARR.Currency(), e.LostMRR.Currency())
	}
}

// lossField names the field ARR reads: lost_arr when set, else lost_mrr.
func (e Event) lossField() string {
	if e.LostARR.Currency() != "" {
		return "lost_arr"
	}
	return "lost_mrr"
}

// label names the event in error messages: its index, ID and account.
func (e Event) label(i int) string {
	if e.ID != "" {
		return fmt.Sprintf("events[%d] (id %q, account %q)", i, e.ID, string(e.Account))
	}
	return fmt.Sprintf("events[%d] (account %q)", i, string(e.Account))
}

// LogValue implements slog.LogValuer: the event's IDs and non-personal
// fields (dates, kind, initiator, amount, products count, reason codes, fit),
// never its Note or a reason's Detail, which are free text and may name
// people. The account ID is the host's and is logged.
func (e Event) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 10)
	if e.ID != "" {
		attrs = append(attrs, slog.String("id", e.ID))
	}
	attrs = append(attrs,
		slog.String("account", string(e.Account)),
		slog.String("date", e.Date.Format(time.DateOnly)),
		slog.String("kind", logEnum(e.Kind)),
		slog.String("initiator", logEnum(e.Initiator)),
		slog.String("lost_arr", e.ARR().String()),
	)
	if !e.NoticeDate.IsZero() {
		attrs = append(attrs, slog.String("notice_date", e.NoticeDate.Format(time.DateOnly)))
	}
	if len(e.Products) > 0 {
		attrs = append(attrs, slog.Int("products", len(e.Products)))
	}
	codes := make([]string, len(e.Reasons))
	for i, r := range e.Reasons {
		codes[i] = logCode(r.Code)
	}
	attrs = append(attrs, slog.Any("reasons", codes))
	if e.Fit != "" {
		attrs = append(attrs, slog.String("fit", logEnum(e.Fit)))
	}
	return slog.GroupValue(attrs...)
}

// logEnum is an enumeration's value for a log: its name when valid, and
// "invalid" otherwise (it may be anything the host put in the field).
func logEnum[E interface {
	~string
	Validate() error
}](v E) string {
	if v.Validate() != nil {
		return "invalid"
	}
	return string(v)
}

// logCode is a reason code for a log: the code when it is well-formed and
// starts with a letter (a code of digits alone could be a phone number),
// "invalid" otherwise.
func logCode(c ReasonCode) string {
	if validReasonCode(c) != nil || c[0] < 'a' || c[0] > 'z' {
		return "invalid"
	}
	return string(c)
}
