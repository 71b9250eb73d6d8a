package records

import (
	"github.com/secondsale/secondsale/success"
)

// LedgerMapping names the columns (CSV) or keys (JSON Lines) of an MRR
// ledger. Its zero value means the defaults: account, date, amount,
// currency, no key column.
type LedgerMapping struct {
	Account, Date, Amount, Currency string
	// Key is an optional column grouping accounts into cohorts by key.
	Key string
	// DefaultCurrency is the currency of amounts when the file has no
	// currency column (or a line leaves it empty).
	DefaultCurrency success.Currency
	// DateLayout is a Go time layout for dates; empty means YYYY-MM-DD or
	// RFC 3339, whose date part is read as written.
	DateLayout string
}

func (m LedgerMapping) withDefaults() LedgerMapping {
	m.Account = or(m.Account, "account")
	m.Date = or(m.Date, "date")
	m.Amount = or(m.Amount, "amount")
	m.Currency = or(m.Currency, "currency")
	return m
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// LedgerFields is one ledger line read but not yet a success.LedgerRow:
// the account as bytes (aliasing the line, so nothing is allocated), the
// date as an epoch day and the amount as minor units of Currency when Exact,
// as Money otherwise (more places than the currency's minor unit).
type LedgerFields struct {
	Account  []byte
	Day      int32
	Minor    int64
	Money    success.Money
	Exact    bool
	Currency success.Currency
	Key      []byte // the key column's value; nil without one
}

// Row is the success.LedgerRow of the fields (it copies the account).
func (f *LedgerFields) Row() success.LedgerRow {
	r := success.LedgerRow{Account: success.AccountID(f.Account), Date: DayTime(f.Day), Currency: f.Currency}
	if f.Exact {
		r.Minor = f.Minor
	} else {
		r.MRR = f.Money
	}
	return r
}

// ledgerValues checks and converts the raw account, date, amount and
// currency of a line: the one rule behind LedgerCSV and LedgerJSON.
// names are the mapped field names, for rejects.
func ledgerValues(dst *LedgerFields, m *LedgerMapping, cs *currencies, acct, date, amount, cur []byte) (field, reason string) {
	if len(acct) == 0 {
		return m.Account, "empty account"
	}
	day, ok := cs.days.parse(date, m.DateLayout)
	if !ok {
		return m.Date, "not a date (YYYY-MM-DD, years 1 to 9999)"
	}
	dst.Account, dst.Day = acct, day
	if len(cur) == 0 {
		dst.Currency = m.DefaultCurrency
	} else if dst.Currency, ok = cs.parse(cur); !ok {
		return m.Currency, "not an ISO 4217 currency code"
	}
	exp := int32(2)
	if dst.Currency != "" {
		exp = cs.minorUnits(dst.Currency)
	}
	minor, exact, ok := ParseMinor(amount, exp)
	if !ok {
		return m.Amount, "not a number"
	}
	dst.Minor, dst.Exact, dst.Money = minor, exact, success.Money{}
	if dst.Currency == "" && (!exact || minor != 0) {
		return m.Currency, "an amount needs a currency (a currency column, or -currency-code)"
	}
	if !exact {
		money, err := success.ParseMoney(string(amount), string(dst.Currency))
		if err != nil {
			return m.Amount, "amount out of range (at most 18 significant digits and 12 places)"
		}
		dst.Money = money
	}
	return "", ""
}
