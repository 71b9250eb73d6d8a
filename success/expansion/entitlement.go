package expansion

import (
	"strconv"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Entitlement is one thing an account bought by quantity (seats, API calls,
// projects) and how much of it is used as of the date.
type Entitlement struct {
	// ID names the entitlement ("seats"); the price list's units and
	// ladders are keyed by it.
	ID        string  `json:"id"`
	Purchased float64 `json:"purchased"` // within [MinPurchased, MaxQuantity]
	Used      float64 `json:"used"`      // >= 0; above Purchased is overage
	// Tier is the account's tier on the price list's ladder for this
	// entitlement ("team"); empty when the entitlement is not tiered.
	Tier string `json:"tier,omitempty"`
}

// Utilisation returns Used / Purchased.
func (e Entitlement) Utilisation() float64 { return e.Used / e.Purchased }

func validateEntitlements(ps *success.FieldErrors, es []Entitlement) {
	if len(es) > MaxEntitlements {
		fielderr.Addf(ps, ErrInvalid, "entitlements", "has %d entitlements, more than the maximum of %d", len(es), MaxEntitlements)
		return
	}
	for i, e := range es {
		path := func() string { return "entitlements[" + strconv.Itoa(i) + "]" } // built only for a problem
		if e.ID == "" {
			fielderr.Addf(ps, ErrInvalid, path()+".id", "must not be empty")
		} else {
			for j := range i { // quadratic, but within MaxEntitlements and allocation-free for the usual handful
				if es[j].ID == e.ID {
					fielderr.Addf(ps, ErrInvalid, path()+".id", "repeats entitlements[%d]", j)
					break
				}
			}
		}
		if !(e.Purchased >= MinPurchased && e.Purchased <= MaxQuantity) {
			fielderr.Addf(ps, ErrInvalid, path()+".purchased", "must be within [%g, %g], got %v", MinPurchased, MaxQuantity, e.Purchased)
		}
		if !(e.Used >= 0 && e.Used <= MaxQuantity) {
			fielderr.Addf(ps, ErrInvalid, path()+".used", "must be >= 0 and at most %g, got %v", MaxQuantity, e.Used)
		}
	}
}
