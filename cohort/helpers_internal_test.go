package cohort

import (
	"time"

	"github.com/secondsale/secondsale/success"
)

// Helpers of the package's internal tests.

func usd(s string) success.Money { return success.MustMoney(s, "USD") }

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
