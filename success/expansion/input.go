package expansion

import (
	"fmt"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Input is everything readiness reads about one account as of a date. The
// results of other packages come in as plain values, so this package needs
// none of them: health's score and band, churn's early-warning signals, a
// repeat-purchase model's probability.
//
// A nil pointer or an empty value means "not known", and the signal leaves
// the score (see Assess): a host without an NPS programme is not penalised
// for it. The Desired Outcome is the exception: without one, the account
// cannot be Ready.
type Input struct {
	Account success.Account `json:"account"`
	// DesiredOutcome is the account's Desired Outcome assessed as of a date no
	// later than the assessment's (DesiredOutcome.Assess); nil when none is
	// recorded, which counts as off track and keeps the account from Ready.
	DesiredOutcome *success.DesiredOutcomeAssessment `json:"desired_outcome,omitempty"`
	// Fit is the Success Potential verdict (FitAssessment.Verdict); empty
	// when it was never judged. A bad fit blocks.
	Fit success.Verdict `json:"fit,omitempty"`
	// Health is the account's current health score; nil when there is none.
	Health *Health `json:"health,omitempty"`
	// Entitlements are what the account bought and how much of it it uses.
	Entitlements []Entitlement `json:"entitlements,omitempty"`
	// Products lists the IDs of the price list's products the account owns
	// (for cross-sell opportunities).
	Products  []string  `json:"products,omitempty"`
	Advocacy  Advocacy  `json:"advocacy"`
	Purchases Purchases `json:"purchases"`
	Risk      Risk      `json:"risk"`
	// SecondPurchase is the probability, from a repeat-purchase model (such
	// as cohort's BG/NBD), that the account buys again; nil when there is no
	// model. A pointer rather than NaN-means-absent, because JSON cannot
	// write a NaN and a NaN that slipped in by mistake should be an error.
	SecondPurchase *float64 `json:"second_purchase,omitempty"`
}

// UnmarshalJSON decodes an input strictly: unknown fields, repeated keys
// and wrongly typed values are errors with their path, wrapping ErrInvalid.
func (in *Input) UnmarshalJSON(b []byte) error { return fielderr.DecodeRecord(b, in, ErrInvalid) }

// Bounds on an input, so its cost and its arithmetic stay bounded.
const (
	// MaxQuantity bounds an entitlement's purchased and used quantities:
	// every whole quantity below it is exact in a float64 and an int64.
	MaxQuantity = 1e15
	// MinPurchased is the least quantity an entitlement may be bought in,
	// so that a utilisation is always a finite number (at most 1e21).
	MinPurchased = 1e-6
	// MaxEntitlements bounds the entitlements of one input.
	MaxEntitlements = 1000
	// MaxPurchases bounds the later purchases of one input.
	MaxPurchases = 10000
)

// Validate checks the input as of asOf and returns every problem as
// success.FieldErrors wrapping ErrInvalid, each at its path. Only the
// account fields readiness reads are checked: its ID, its ARR's currency
// (which purchases must share) and its start date (the first sale when
// Purchases.FirstSale is unset).
func (in *Input) Validate(asOf time.Time) error {
	var ps success.FieldErrors
	if in.Account.ID == "" {
		fielderr.Addf(&ps, ErrInvalid, "account.id", "must not be empty")
	}
	if asOf.IsZero() || !inRange(asOf) {
		fielderr.Addf(&ps, ErrInvalid, "", "the as-of date must be set, within the years %d to %d", calendar.MinYear, calendar.MaxYear)
	}
	if in.DesiredOutcome != nil {
		in.validateOutcome(&ps, asOf)
	}
	if in.Fit != "" && in.Fit != success.GoodFit && in.Fit != success.BadFit {
		if err := in.Fit.Validate(); err != nil {
			fielderr.AddErr(&ps, ErrInvalid, "fit", err)
		}
	}
	if in.Health != nil {
		in.Health.validate(&ps)
	}
	validateEntitlements(&ps, in.Entitlements)
	if len(in.Products) > MaxPriceListItems {
		fielderr.Addf(&ps, ErrInvalid, "products", "has %d products, more than the maximum of %d", len(in.Products), MaxPriceListItems)
	}
	for i, p := range in.Products {
		if p == "" {
			fielderr.Addf(&ps, ErrInvalid, "products["+strconv.Itoa(i)+"]", "must not be empty")
		}
	}
	in.Advocacy.validate(&ps)
	in.validatePurchases(&ps, asOf)
	if p := in.SecondPurchase; p != nil && !(*p >= 0 && *p <= 1) { // NaN fails both
		fielderr.Addf(&ps, ErrInvalid, "second_purchase", "must be a probability within [0, 1], got %v", *p)
	}
	return ps.Err()
}

func (in *Input) validateOutcome(ps *success.FieldErrors, asOf time.Time) {
	o := in.DesiredOutcome
	if o.Account != "" && o.Account != in.Account.ID {
		fielderr.Addf(ps, ErrInvalid, "desired_outcome.account", "is %q, not the input's account", o.Account)
	}
	if o.AsOf.After(asOf) {
		fielderr.Addf(ps, ErrInvalid, "desired_outcome.as_of", "%s is after the as-of date %s: a readiness assessment may not look ahead",
			o.AsOf.Format(time.DateOnly), asOf.Format(time.DateOnly))
	}
	for i := range o.Outcomes {
		switch st := o.Outcomes[i].Status; st { // the valid statuses without a call, for the fast path
		case success.NotStarted, success.OnTrack, success.Behind, success.Stale, success.Stuck, success.Achieved, success.Missed:
		default:
			fielderr.AddErr(ps, ErrInvalid, "desired_outcome.outcomes["+strconv.Itoa(i)+"].status", st.Validate())
		}
	}
}

// firstSale returns the date of the first sale: Purchases.FirstSale, or the
// account's start date when it is unset.
func (in *Input) firstSale() time.Time {
	if !in.Purchases.FirstSale.IsZero() {
		return in.Purchases.FirstSale
	}
	return in.Account.StartDate
}

func (in *Input) validatePurchases(ps *success.FieldErrors, asOf time.Time) {
	first := in.firstSale()
	switch {
	case first.IsZero():
		fielderr.Addf(ps, ErrInvalid, "purchases.first_sale", "must be set (or account.start_date)")
		return
	case !inRange(first):
		fielderr.Addf(ps, ErrInvalid, "purchases.first_sale", "is outside the years %d to %d", calendar.MinYear, calendar.MaxYear)
		return
	case asOf.Before(first):
		fielderr.Addf(ps, ErrInvalid, "purchases.first_sale", "%s is after the as-of date %s: the account is not a customer yet",
			first.Format(time.DateOnly), asOf.Format(time.DateOnly))
	}
	later := in.Purchases.Later
	if len(later) > MaxPurchases {
		fielderr.Addf(ps, ErrInvalid, "purchases.later", "has %d purchases, more than the maximum of %d", len(later), MaxPurchases)
		return
	}
	currency := in.Account.ARR.Currency()
	checked := success.Currency("") // the last currency found valid
	for i, p := range later {
		path := func() string { return "purchases.later[" + strconv.Itoa(i) + "]" } // built only for a problem
		switch {
		case p.At.IsZero():
			fielderr.Addf(ps, ErrInvalid, path()+".at", "must be set")
		case !inRange(p.At):
			fielderr.Addf(ps, ErrInvalid, path()+".at", "is outside the years %d to %d", calendar.MinYear, calendar.MaxYear)
		case p.At.Before(first):
			fielderr.Addf(ps, ErrInvalid, path()+".at", "%s is before the first sale %s", p.At.Format(time.DateOnly), first.Format(time.DateOnly))
		}
		c := p.Amount.Currency()
		if c != checked || c == "" {
			if err := p.Amount.Validate(); err != nil {
				fielderr.AddErr(ps, ErrInvalid, path()+".amount", err)
				continue
			}
			checked = c
		}
		if p.Amount.IsNegative() {
			fielderr.Addf(ps, ErrInvalid, path()+".amount", "must be >= 0 (a refund is not a purchase)")
		}
		switch {
		case currency == "":
			currency = c
		case c != currency:
			fielderr.AddErr(ps, ErrInvalid, path()+".amount", fmt.Errorf("%w: %s, not %s as the account's ARR and earlier purchases", ErrCurrencyMismatch, c, codeOf(currency)))
		}
	}
}

// Unix seconds of 0002-01-01 and 9998-12-31 UTC: a date between them is
// within calendar.MinYear to MaxYear in any location.
const (
	safeMinUnix = -62104060800
	safeMaxUnix = 253370678400
)

// inRange is calendar.InRange with a fast path for the dates well inside
// it, which is every realistic one: it saves the calendar conversion.
func inRange(t time.Time) bool {
	if u := t.Unix(); u > safeMinUnix && u < safeMaxUnix {
		return true
	}
	return calendar.InRange(t)
}
