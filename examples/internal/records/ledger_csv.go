package records

import "github.com/secondsale/secondsale/success"

// LedgerCSV reads ledger rows of one CSV file, its header resolved.
type LedgerCSV struct {
	h                            *Header
	m                            LedgerMapping
	acct, date, amount, cur, key int
	cs                           currencies
}

// NewLedgerCSV resolves the mapping against a file's header. The account,
// date and amount columns are required; the currency column is required
// unless the mapping has a DefaultCurrency.
func NewLedgerCSV(h *Header, m LedgerMapping) (*LedgerCSV, error) {
	m = m.withDefaults()
	p := &LedgerCSV{h: h, m: m, key: -1}
	var err error
	if p.acct, p.date, p.amount, p.cur, err = h.moneyColumns(m.Account, m.Date, m.Amount, m.Currency, m.DefaultCurrency); err != nil {
		return nil, err
	}
	if m.Key != "" {
		if p.key, err = h.Column(m.Key, "key"); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Parse reads one row's fields into dst without allocating.
func (p *LedgerCSV) Parse(dst *LedgerFields, fields [][]byte, line int64) *Reject {
	if len(fields) != len(p.h.names) {
		return p.h.check(fields, line)
	}
	var cur []byte
	if p.cur >= 0 {
		cur = fields[p.cur]
	}
	if p.key >= 0 {
		dst.Key = fields[p.key]
		if len(dst.Key) == 0 {
			return &Reject{File: p.h.File, Line: line, Field: p.m.Key, Reason: "empty key"}
		}
	}
	if field, reason := ledgerValues(dst, &p.m, &p.cs, fields[p.acct], fields[p.date], fields[p.amount], cur); reason != "" {
		return &Reject{File: p.h.File, Line: line, Field: field, Reason: reason}
	}
	return nil
}

// Row reads one CSV row (split by SplitCSV) as a ledger row: the per-line
// entry point a pipeline calls.
func (p *LedgerCSV) Row(fields [][]byte, line int64) (success.LedgerRow, *Reject) {
	var f LedgerFields
	if r := p.Parse(&f, fields, line); r != nil {
		return success.LedgerRow{}, r
	}
	return f.Row(), nil
}
