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

// LedgerJSON reads ledger rows of one JSON Lines file: flat objects with the
// mapped keys, amounts as numbers or strings. Unknown and repeated keys are
// rejects, as the SDK's strict reader treats them.
type LedgerJSON struct {
	File string
	m    LedgerMapping
	cs   currencies
	buf  []byte
}

// NewLedgerJSON returns the reader of one file's lines.
func NewLedgerJSON(file string, m LedgerMapping) *LedgerJSON {
	return &LedgerJSON{File: file, m: m.withDefaults()}
}

// Parse reads one line into dst. The fields may alias line.
func (p *LedgerJSON) Parse(dst *LedgerFields, line []byte, lineNo int64) *Reject {
	names := [5]string{p.m.Account, p.m.Date, p.m.Amount, p.m.Currency, p.m.Key}
	var vals [5][]byte
	var seen [5]bool
	p.buf = p.buf[:0]
	s := jsonObject{b: line}
	if !s.open() {
		return &Reject{File: p.File, Line: lineNo, Reason: "not a JSON object"}
	}
	for {
		key, kind, raw, more, bad := s.member()
		if bad != "" {
			return &Reject{File: p.File, Line: lineNo, Field: string(key), Reason: bad}
		}
		if !more {
			break
		}
		k := -1
		for i, n := range names {
			if n != "" && string(key) == n {
				k = i
				break
			}
		}
		if k < 0 {
			return &Reject{File: p.File, Line: lineNo, Field: fieldName(key), Reason: "unknown field"}
		}
		if seen[k] {
			return &Reject{File: p.File, Line: lineNo, Field: names[k], Reason: "repeated field"}
		}
		seen[k] = true
		switch {
		case kind == 'n':
			continue // null: absent
		case kind == '"':
			var ok bool
			if raw, p.buf, ok = unescape(raw, p.buf); !ok {
				return &Reject{File: p.File, Line: lineNo, Field: names[k], Reason: "bad escape or invalid UTF-8"}
			}
		case kind == '0' && k == 2:
		default:
			return &Reject{File: p.File, Line: lineNo, Field: names[k], Reason: "want a string" + orNumber(k == 2) + ", found " + kindName(kind)}
		}
		vals[k] = raw
	}
	for k := range 3 {
		if !seen[k] {
			return &Reject{File: p.File, Line: lineNo, Field: names[k], Reason: "missing field"}
		}
	}
	if p.m.Key != "" {
		dst.Key = vals[4]
		if len(dst.Key) == 0 {
			return &Reject{File: p.File, Line: lineNo, Field: p.m.Key, Reason: "missing key"}
		}
	}
	if field, reason := ledgerValues(dst, &p.m, &p.cs, vals[0], vals[1], vals[2], vals[3]); reason != "" {
		return &Reject{File: p.File, Line: lineNo, Field: field, Reason: reason}
	}
	return nil
}

// Row reads one JSON line as a ledger row.
func (p *LedgerJSON) Row(line []byte, lineNo int64) (success.LedgerRow, *Reject) {
	var f LedgerFields
	if r := p.Parse(&f, line, lineNo); r != nil {
		return success.LedgerRow{}, r
	}
	return f.Row(), nil
}

func orNumber(b bool) string {
	if b {
		return " or a number"
	}
	return ""
}
