package cohort

import (
	"time"

	"github.com/secondsale/secondsale/success"
)

// Helpers of the package's internal tests.

func usd(s string) success.Money { return success.MustMoney(s, "USD") }

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }

// fataler is what the helpers need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func noErr(t fataler, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}
