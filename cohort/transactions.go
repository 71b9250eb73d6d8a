package cohort

import (
	"time"

	"github.com/secondsale/secondsale/success"
)

// Transaction is one purchase. Amount is what was paid (refunds netted by the
// host; never negative); hosts that only model purchase counts may leave it
// zero (the zero Money, which sets no currency) or pass a zero amount in any
// currency.
type Transaction struct {
	Account success.AccountID `json:"account"`
	At      time.Time         `json:"at"`
	Amount  success.Money     `json:"amount"` // the zero Money is JSON null
}
