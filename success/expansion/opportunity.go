package expansion

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/success"
)

// OpportunityKind is the kind of expansion proposed.
type OpportunityKind string

const (
	// MoreUnits: more of an entitlement used at or above StrongUtilisation.
	MoreUnits OpportunityKind = "more_units"
	// Upgrade: the next tier of a tiered entitlement near its limit.
	Upgrade OpportunityKind = "upgrade"
	// CrossSell: a product of the price list the account does not own.
	CrossSell OpportunityKind = "cross_sell"
)

// Opportunity is one expansion to offer an account, with its ARR uplift.
type Opportunity struct {
	Account success.AccountID `json:"account"`
	Kind    OpportunityKind   `json:"kind"`
	// Subject is the entitlement (MoreUnits, Upgrade) or product (CrossSell).
	Subject string `json:"subject"`
	// From and To are the tiers of an upgrade.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Quantity is the units to add (MoreUnits): enough to bring the
	// entitlement back to StrongUtilisation, at least one.
	Quantity float64 `json:"quantity,omitempty"`
	// Utilisation is the entitlement's utilisation that opened it (MoreUnits, Upgrade).
	Utilisation float64 `json:"utilisation,omitempty"`
	// Uplift is the ARR the expansion adds, in the price list's currency.
	Uplift success.Money `json:"uplift"`
	// Proposable is whether to put it to the customer now: the account is
	// Ready and nothing blocks it. An unblocked account in Nurture has
	// opportunities to prepare, not to propose.
	Proposable bool `json:"proposable"`
	// Blockers are the assessment's blockers, every one of which stops it
	// (one copy, shared by the opportunities of one call).
	Blockers []Blocker `json:"blockers,omitempty"`
}

// Opportunities proposes the expansions of the account assessed in a, whose
// input was in: more units of every entitlement used at or above
// StrongUtilisation that has a unit price; the next tier instead for a
// tiered one (more units once it is at the top tier); and every product not
// in in.Products. Each carries its ARR uplift, exactly in decimal, and the
// blockers that stop it; none is Proposable unless a is Ready and unblocked.
// They come largest uplift first (then by kind and subject).
//
// The price list is validated (ErrInvalid); the account's ARR must be in
// its currency (ErrCurrencyMismatch); in must be valid as of a.AsOf, and
// a must be in's assessment (same account), else ErrInvalid. opts are the
// options a was made with.
func (p *PriceList) Opportunities(in Input, a Assessment, opts Options) ([]Opportunity, error) {
	var buf settings
	o, err := opts.resolved(&buf)
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("price list: %w", err)
	}
	if err := in.Validate(a.AsOf); err != nil {
		return nil, fmt.Errorf("account %q: %w", in.Account.ID, err)
	}
	if a.Account != in.Account.ID {
		return nil, fmt.Errorf("%w: the assessment is of account %q, the input of %q", ErrInvalid, a.Account, in.Account.ID)
	}
	if c := in.Account.ARR.Currency(); c != "" && c != p.Currency {
		return nil, fmt.Errorf("account %q: arr: %w", in.Account.ID, errMismatch(c, p.Currency))
	}
	proposable := a.Level == Ready && len(a.Blockers) == 0
	var blockers []Blocker
	if len(a.Blockers) > 0 {
		// A copy, shared by this call's opportunities: a's slice is reused
		// by the next AssessInto into the same Assessment.
		blockers = slices.Clone(a.Blockers)
	}
	out := []Opportunity{}
	add := func(op Opportunity) {
		op.Account, op.Proposable, op.Blockers = in.Account.ID, proposable, blockers
		out = append(out, op)
	}
	for i, e := range in.Entitlements {
		u := e.Utilisation()
		if u < o.StrongUtilisation {
			continue
		}
		if l, ok := p.ladder(e.ID); ok && e.Tier != "" {
			k := slices.IndexFunc(l.Tiers, func(t Tier) bool { return t.Name == e.Tier })
			if k < 0 {
				return nil, fmt.Errorf("%w: account %q: entitlements[%d].tier: is not a tier of the price list's ladder for %q",
					ErrInvalid, in.Account.ID, i, e.ID)
			}
			if k+1 < len(l.Tiers) {
				uplift, err := l.Tiers[k+1].ARR.Sub(l.Tiers[k].ARR)
				if err != nil {
					return nil, fmt.Errorf("%w: price list ladder for %q: %v", ErrInvalid, e.ID, err)
				}
				add(Opportunity{Kind: Upgrade, Subject: e.ID, From: e.Tier, To: l.Tiers[k+1].Name, Utilisation: u, Uplift: uplift})
				continue
			}
		}
		price, ok := p.unitPrice(e.ID)
		if !ok {
			continue
		}
		extra := max(math.Ceil(wholeIfNear(e.Used/o.StrongUtilisation)-e.Purchased), 1)
		uplift, err := success.NewMoney(price.Amount().Mul(decimal.NewFromFloat(extra)), p.Currency)
		if err != nil {
			return nil, fmt.Errorf("%w: account %q: entitlements[%d]: the uplift of %v more units is beyond what an amount may hold",
				ErrInvalid, in.Account.ID, i, extra)
		}
		add(Opportunity{Kind: MoreUnits, Subject: e.ID, Quantity: extra, Utilisation: u, Uplift: uplift})
	}
	for _, pr := range p.Products {
		if !slices.Contains(in.Products, pr.ID) {
			add(Opportunity{Kind: CrossSell, Subject: pr.ID, Uplift: pr.ARR})
		}
	}
	slices.SortStableFunc(out, func(x, y Opportunity) int {
		if c := y.Uplift.Amount().Cmp(x.Uplift.Amount()); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		return cmp.Compare(x.Subject, y.Subject)
	})
	return out, nil
}

// Validate reports whether k is one of the defined kinds.
func (k OpportunityKind) Validate() error {
	return enum.OneOf(k, "opportunity kind", ErrInvalid, MoreUnits, Upgrade, CrossSell)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (k OpportunityKind) MarshalText() ([]byte, error) { return enum.Encode(k) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *OpportunityKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }

// wholeIfNear returns the whole number nearest q when q is within rounding
// error of it (160/0.8 is 200.00000000000003 in float64, which would
// otherwise buy one unit too many), q otherwise.
func wholeIfNear(q float64) float64 {
	if r := math.Round(q); math.Abs(q-r) <= 1e-9*max(1, math.Abs(q)) {
		return r
	}
	return q
}
