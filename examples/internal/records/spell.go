package records

import (
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// SpellMapping names the columns of spells: one customer a row, from start
// to end (empty while still a customer). Its zero value means account,
// start, end and stratum.
type SpellMapping struct {
	Account, Start, End, Stratum string
	DateLayout                   string // as LedgerMapping's
}

// SpellCSV reads spells of one CSV file.
type SpellCSV struct {
	h                         *Header
	m                         SpellMapping
	acct, start, end, stratum int
}

// NewSpellCSV resolves the mapping against a file's header; the stratum
// column is optional.
func NewSpellCSV(h *Header, m SpellMapping) (*SpellCSV, error) {
	m.Account = or(m.Account, "account")
	m.Start = or(m.Start, "start")
	m.End = or(m.End, "end")
	m.Stratum = or(m.Stratum, "stratum")
	p := &SpellCSV{h: h, m: m, stratum: h.Optional(m.Stratum)}
	if err := h.resolve(col{&p.acct, m.Account, "account"}, col{&p.start, m.Start, "start"}, col{&p.end, m.End, "end"}); err != nil {
		return nil, err
	}
	return p, nil
}

// Spell reads one row. Dates are read as LedgerMapping reads them; the
// SDK's ObserveSpells checks the rest (order, as-of, repeated accounts).
func (p *SpellCSV) Spell(fields [][]byte, line int64) (cohort.Spell, *Reject) {
	if r := p.h.check(fields, line); r != nil {
		return cohort.Spell{}, r
	}
	bad := func(field, reason string) (cohort.Spell, *Reject) {
		return cohort.Spell{}, &Reject{File: p.h.File, Line: line, Field: field, Reason: reason}
	}
	if len(fields[p.acct]) == 0 {
		return bad(p.m.Account, "empty account")
	}
	start, ok := ParseTime(fields[p.start], p.m.DateLayout)
	if !ok {
		return bad(p.m.Start, "not a date")
	}
	var end time.Time
	if len(fields[p.end]) > 0 {
		if end, ok = ParseTime(fields[p.end], p.m.DateLayout); !ok {
			return bad(p.m.End, "not a date")
		}
		if end.Before(start) {
			return bad(p.m.End, "before the start")
		}
	}
	s := cohort.Spell{Account: success.AccountID(fields[p.acct]), Start: start, End: end}
	if p.stratum >= 0 {
		if s.Stratum = string(fields[p.stratum]); s.Stratum == "" {
			return bad(p.m.Stratum, "empty stratum")
		}
	}
	return s, nil
}
