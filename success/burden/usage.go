package burden

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Usage is an amount of use by an account (active users, key actions) at a
// time; records in one period add up.
type Usage struct {
	Account success.AccountID
	At      time.Time // any instant in the period
	Amount  float64   // >= 0
}

func (u Usage) check(i int) error {
	problem := ""
	switch {
	case u.Account.Validate() != nil:
		problem = "account must be a valid account ID"
	case !calendar.InRange(u.At):
		problem = "at is outside the supported years"
	case !(u.Amount >= 0 && u.Amount <= success.MaxMetricMagnitude):
		problem = fmt.Sprintf("amount must be a number within 0 to %g", success.MaxMetricMagnitude)
	}
	if problem == "" {
		return nil
	}
	return fmt.Errorf("%w: usage[%d] (account %q): %s", ErrInvalid, i, string(u.Account), problem)
}
