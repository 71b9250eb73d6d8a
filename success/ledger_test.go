package success_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

func TestLedgerRowUnits(t *testing.T) {
	tests := []struct {
		name     string
		row      success.LedgerRow
		amount   string // the exact decimal, as decimal.String writes it
		currency success.Currency
		path     string // the field an error names; empty for no error
	}{
		{name: "money", row: success.LedgerRow{MRR: success.MustMoney("1200.50", "USD")}, amount: "1200.5", currency: "USD"},
		{name: "negative money (a discount)", row: success.LedgerRow{MRR: success.MustMoney("-83.33", "USD")}, amount: "-83.33", currency: "USD"},
		{name: "zero money with a currency", row: success.LedgerRow{MRR: success.ZeroMoney("EUR")}, amount: "0", currency: "EUR"},
		{name: "minor units in cents", row: success.LedgerRow{Minor: 120050, Currency: "USD"}, amount: "1200.5", currency: "USD"},
		{name: "minor units in yen", row: success.LedgerRow{Minor: 1234, Currency: "JPY"}, amount: "1234", currency: "JPY"},
		{name: "minor units in fils", row: success.LedgerRow{Minor: 1234, Currency: "KWD"}, amount: "1.234", currency: "KWD"},
		{name: "negative minor units", row: success.LedgerRow{Minor: -8333, Currency: "USD"}, amount: "-83.33", currency: "USD"},
		{name: "zero minor units with a currency", row: success.LedgerRow{Currency: "USD"}, amount: "0", currency: "USD"},
		{name: "zero without a currency", row: success.LedgerRow{}, amount: "0", currency: ""},
		{name: "both forms", row: success.LedgerRow{MRR: success.MustMoney("12", "USD"), Minor: 1200, Currency: "USD"}, path: "mrr"},
		{name: "money and a currency", row: success.LedgerRow{MRR: success.MustMoney("12", "USD"), Currency: "USD"}, path: "mrr"},
		{name: "zero money with a currency and minor units", row: success.LedgerRow{MRR: success.ZeroMoney("USD"), Minor: 1200, Currency: "USD"}, path: "mrr"},
		{name: "money in an unknown currency", row: success.LedgerRow{MRR: success.ZeroMoney("XYZ")}, path: "mrr"},
		{name: "minor units without a currency", row: success.LedgerRow{Minor: 1200}, path: "currency"},
		{name: "minor units in an unknown currency", row: success.LedgerRow{Minor: 1200, Currency: "XYZ"}, path: "currency"},
		{name: "lower-case currency", row: success.LedgerRow{Minor: 1200, Currency: "usd"}, path: "currency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, exp, currency, err := tc.row.Units()
			amount := decimal.New(c, exp)
			if tc.path != "" {
				require.ErrorIs(t, err, success.ErrInvalid)
				assert.NotContains(t, err.Error(), "success: invalid input", "the sentinel's words are not repeated")
				fes := success.AsFieldErrors(err)
				require.Len(t, fes, 1)
				assert.Equal(t, tc.path, fes[0].Path)
				assert.Empty(t, currency)
				assert.True(t, amount.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.amount, amount.String())
			assert.Equal(t, tc.currency, currency)
		})
	}
}

// The rows NormalizeSubscriptions writes read back through Units as the
// line's MRR.
func TestLedgerRowUnitsOfNormalizedRow(t *testing.T) {
	s := sub("acme", "y", date(2026, 1, 1), date(2026, 2, 1), "1000", success.Yearly, 0)
	for r, err := range success.NormalizeSubscriptions(func(yield func(success.Subscription) bool) { yield(s) }, date(2026, 1, 31), nil) {
		require.NoError(t, err)
		c, exp, currency, err := r.Units()
		require.NoError(t, err)
		amount := decimal.New(c, exp)
		assert.Equal(t, "83.33", amount.String())
		assert.Equal(t, success.Currency("USD"), currency)
	}
}

// An unknown currency keeps its cause: errors.Is finds ErrUnknownCurrency.
func TestLedgerRowUnknownCurrencyKeepsItsCause(t *testing.T) {
	_, _, _, err := (&success.LedgerRow{Minor: 1, Currency: "XYZ"}).Units()
	require.ErrorIs(t, err, success.ErrUnknownCurrency)
	assert.Equal(t, `currency: unknown currency "XYZ" (want an ISO 4217 code such as USD)`, err.Error())
}
