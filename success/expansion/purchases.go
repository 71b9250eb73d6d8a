package expansion

import (
	"time"

	"github.com/secondsale/secondsale/success"
)

// Purchases is an account's purchase history: the first sale and every
// purchase after it (expansions, add-ons, upgrades).
type Purchases struct {
	// FirstSale is when the account first bought; zero means the account's
	// StartDate.
	FirstSale time.Time `json:"first_sale,omitzero"`
	// Later are the purchases after the first sale, in any order; none may
	// be before it. Purchases after the as-of date are not read.
	Later []Purchase `json:"later,omitempty"`
}

// Purchase is one purchase after the first sale.
type Purchase struct {
	At time.Time `json:"at"`
	// Amount is the ARR the purchase added, >= 0, in the account's currency.
	Amount success.Money `json:"amount"`
}
