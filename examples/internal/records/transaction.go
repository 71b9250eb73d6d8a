package records

import (
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// TransactionMapping names the columns of transactions (purchases) for
// lifetime value. Its zero value means account, date, amount and currency;
// DefaultCurrency and DateLayout mean what they mean in LedgerMapping.
type TransactionMapping struct {
	Account, Date, Amount, Currency string
	DefaultCurrency                 success.Currency
	DateLayout                      string
}

// TransactionCSV reads transactions of one CSV file.
type TransactionCSV struct {
	h                       *Header
	m                       TransactionMapping
	acct, date, amount, cur int
	cs                      currencies
}

// NewTransactionCSV resolves the mapping against a file's header. The
// currency column is required unless the mapping has a DefaultCurrency.
func NewTransactionCSV(h *Header, m TransactionMapping) (*TransactionCSV, error) {
	m.Account = or(m.Account, "account")
	m.Date = or(m.Date, "date")
	m.Amount = or(m.Amount, "amount")
	m.Currency = or(m.Currency, "currency")
	p := &TransactionCSV{h: h, m: m}
	var err error
	p.acct, p.date, p.amount, p.cur, err = h.moneyColumns(m.Account, m.Date, m.Amount, m.Currency, m.DefaultCurrency)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Transaction reads one row. A negative amount is a reject: the SDK reads
// purchases with refunds netted.
func (p *TransactionCSV) Transaction(fields [][]byte, line int64) (cohort.Transaction, *Reject) {
	if r := p.h.check(fields, line); r != nil {
		return cohort.Transaction{}, r
	}
	bad := func(field, reason string) (cohort.Transaction, *Reject) {
		return cohort.Transaction{}, &Reject{File: p.h.File, Line: line, Field: field, Reason: reason}
	}
	if len(fields[p.acct]) == 0 {
		return bad(p.m.Account, "empty account")
	}
	at, ok := ParseTime(fields[p.date], p.m.DateLayout)
	if !ok {
		return bad(p.m.Date, "not a date")
	}
	cur := p.m.DefaultCurrency
	if p.cur >= 0 && len(fields[p.cur]) > 0 {
		if cur, ok = p.cs.parse(fields[p.cur]); !ok {
			return bad(p.m.Currency, "not an ISO 4217 currency code")
		}
	}
	if _, _, ok := ParseMinor(fields[p.amount], 2); !ok {
		return bad(p.m.Amount, "not a number")
	}
	amount, err := success.ParseMoney(string(fields[p.amount]), string(cur))
	if err != nil {
		return bad(p.m.Amount, "amount out of range (at most 18 significant digits and 12 places)")
	}
	if amount.IsNegative() {
		return bad(p.m.Amount, "negative (net refunds into purchases)")
	}
	return cohort.Transaction{Account: success.AccountID(fields[p.acct]), At: at, Amount: amount}, nil
}
