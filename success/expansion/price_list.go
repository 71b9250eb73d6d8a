package expansion

import (
	"strconv"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// PriceList is the host's prices, in one currency, that opportunities are
// valued with. Every price is annual (ARR).
type PriceList struct {
	Currency success.Currency `json:"currency"`
	// Units price one more unit of an entitlement, per year.
	Units []UnitPrice `json:"units,omitempty"`
	// Ladders are the tiers of tiered entitlements.
	Ladders []Ladder `json:"ladders,omitempty"`
	// Products are what can be cross-sold.
	Products []Product `json:"products,omitempty"`
}

// UnitPrice is the annual price of one unit of an entitlement.
type UnitPrice struct {
	Entitlement string        `json:"entitlement"`
	Price       success.Money `json:"price"`
}

// Ladder is the tiers of one entitlement, lowest first, each dearer than
// the one before.
type Ladder struct {
	Entitlement string `json:"entitlement"`
	Tiers       []Tier `json:"tiers"`
}

// Tier is one rung of a ladder and its ARR.
type Tier struct {
	Name string        `json:"name"`
	ARR  success.Money `json:"arr"`
}

// Product is a product that can be cross-sold, at its ARR.
type Product struct {
	ID  string        `json:"id"`
	ARR success.Money `json:"arr"`
}

// MaxPriceListItems bounds the units, ladders, tiers of a ladder and
// products of a price list: each opportunity looks its prices up by a scan.
const MaxPriceListItems = 10000

// UnmarshalJSON decodes a price list strictly: unknown fields, repeated keys
// and wrongly typed values are errors with their path, wrapping ErrInvalid.
// The rules beyond the shape are Validate's.
func (p *PriceList) UnmarshalJSON(b []byte) error { return fielderr.DecodeRecord(b, p, ErrInvalid) }

// Validate checks the price list and returns every problem as
// success.FieldErrors wrapping ErrInvalid (ErrCurrencyMismatch for a price in
// another currency): a known currency, every price >= 0 in it (a product's
// and a tier's > 0 above the first), keys present and unique, tiers dearer
// as they rise.
func (p *PriceList) Validate() error {
	var ps success.FieldErrors
	if err := p.Currency.Validate(); err != nil {
		fielderr.AddErr(&ps, ErrInvalid, "currency", err)
	}
	price := func(path string, m success.Money) {
		switch {
		case m.Currency() == "":
			fielderr.Addf(&ps, ErrInvalid, path, "is required")
		case m.Currency() != p.Currency:
			fielderr.AddErr(&ps, ErrInvalid, path, errMismatch(m.Currency(), p.Currency))
		case m.IsNegative():
			fielderr.Addf(&ps, ErrInvalid, path, "must be >= 0")
		default:
			if _, err := success.NewMoney(m.Amount(), m.Currency()); err != nil { // a host-built amount grown by Mul
				fielderr.AddErr(&ps, ErrInvalid, path, err)
			}
		}
	}
	key := func(path, k string, seen func(j int) string, i int) {
		if k == "" {
			fielderr.Addf(&ps, ErrInvalid, path, "must not be empty")
			return
		}
		for j := range i {
			if seen(j) == k {
				fielderr.Addf(&ps, ErrInvalid, path, "repeats [%d]", j)
				return
			}
		}
	}
	for _, n := range []struct {
		name string
		len  int
	}{{"units", len(p.Units)}, {"ladders", len(p.Ladders)}, {"products", len(p.Products)}} {
		if n.len > MaxPriceListItems {
			fielderr.Addf(&ps, ErrInvalid, n.name, "has %d items, more than the maximum of %d", n.len, MaxPriceListItems)
			return ps.Err()
		}
	}
	for i, u := range p.Units {
		path := "units[" + strconv.Itoa(i) + "]"
		key(path+".entitlement", u.Entitlement, func(j int) string { return p.Units[j].Entitlement }, i)
		price(path+".price", u.Price)
	}
	for i, l := range p.Ladders {
		path := "ladders[" + strconv.Itoa(i) + "]"
		key(path+".entitlement", l.Entitlement, func(j int) string { return p.Ladders[j].Entitlement }, i)
		if len(l.Tiers) == 0 {
			fielderr.Addf(&ps, ErrInvalid, path+".tiers", "must hold at least one tier")
		}
		if len(l.Tiers) > MaxPriceListItems {
			fielderr.Addf(&ps, ErrInvalid, path+".tiers", "has %d tiers, more than the maximum of %d", len(l.Tiers), MaxPriceListItems)
			continue
		}
		for k, t := range l.Tiers {
			tpath := path + ".tiers[" + strconv.Itoa(k) + "]"
			key(tpath+".name", t.Name, func(j int) string { return l.Tiers[j].Name }, k)
			price(tpath+".arr", t.ARR)
			if k > 0 && t.ARR.Currency() == p.Currency && l.Tiers[k-1].ARR.Currency() == p.Currency {
				if c, err := t.ARR.Cmp(l.Tiers[k-1].ARR); err == nil && c <= 0 {
					fielderr.Addf(&ps, ErrInvalid, tpath+".arr", "must be more than the tier below it")
				}
			}
		}
	}
	for i, pr := range p.Products {
		path := "products[" + strconv.Itoa(i) + "]"
		key(path+".id", pr.ID, func(j int) string { return p.Products[j].ID }, i)
		price(path+".arr", pr.ARR)
		if pr.ARR.Currency() == p.Currency && !pr.ARR.IsPositive() {
			fielderr.Addf(&ps, ErrInvalid, path+".arr", "must be > 0")
		}
	}
	return ps.Err()
}

func (p *PriceList) unitPrice(entitlement string) (success.Money, bool) {
	for _, u := range p.Units {
		if u.Entitlement == entitlement {
			return u.Price, true
		}
	}
	return success.Money{}, false
}

func (p *PriceList) ladder(entitlement string) (Ladder, bool) {
	for _, l := range p.Ladders {
		if l.Entitlement == entitlement {
			return l, true
		}
	}
	return Ladder{}, false
}
