package records

import "github.com/secondsale/secondsale/success"

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
