package records

import (
	"bytes"
	"math"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/success"
)

// AccountMapping names the keys of an account record (JSON Lines). Its zero
// value means the defaults: account, segment, stage, as_of and inputs.
type AccountMapping struct {
	Account, Segment, Stage, AsOf, Inputs string
	// DefaultAsOf is the as-of time of records without one; zero makes the
	// as-of key required.
	DefaultAsOf time.Time
}

// Input is one measure input of an account record.
type Input struct {
	Measure string
	Value   success.Value
}

// AccountRecord is one account to score: who, which segment and stage (to
// pick a scorecard from a set), as of when, and its measure inputs (a
// null input is left out: missing).
type AccountRecord struct {
	Account success.AccountID
	Segment string
	Stage   success.LifecycleStage
	AsOf    time.Time
	Inputs  []Input
}

// AccountJSON reads account records of one JSON Lines file, for example
//
//	{"account":"a1","segment":"smb","stage":"adoption","as_of":"2026-03-01","inputs":{"logins":12,"sso":true,"plan":"pro","nps":null}}
//
// Input values are numbers, booleans, strings (categories) or null. Unknown
// and repeated keys are rejects, as the SDK's strict reader treats them.
type AccountJSON struct {
	File string
	m    AccountMapping

	intern    map[string]string // measure names, segments and categories
	lastKeys  []string          // the input keys of the line before, in order
	lastAsOf  []byte
	lastAsOfT time.Time
	buf       []byte
}

// maxInterned bounds the strings an AccountJSON keeps to avoid allocating
// the same measure name or category on every line.
const maxInterned = 4096

// NewAccountJSON returns the reader of one file's lines.
func NewAccountJSON(file string, m AccountMapping) *AccountJSON {
	m.Account = or(m.Account, "account")
	m.Segment = or(m.Segment, "segment")
	m.Stage = or(m.Stage, "stage")
	m.AsOf = or(m.AsOf, "as_of")
	m.Inputs = or(m.Inputs, "inputs")
	return &AccountJSON{File: file, m: m, intern: make(map[string]string)}
}

func (p *AccountJSON) str(b []byte) string {
	if s, ok := p.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(p.intern) < maxInterned && len(b) <= 64 {
		p.intern[s] = s
	}
	return s
}

// Parse reads one line into dst, reusing dst.Inputs.
func (p *AccountJSON) Parse(dst *AccountRecord, line []byte, lineNo int64) *Reject {
	bad := func(field, reason string) *Reject {
		return &Reject{File: p.File, Line: lineNo, Field: field, Reason: reason}
	}
	names := [5]string{p.m.Account, p.m.Segment, p.m.Stage, p.m.AsOf, p.m.Inputs}
	var seen [5]bool
	var inputs []byte
	p.buf = p.buf[:0]
	*dst = AccountRecord{Inputs: dst.Inputs[:0], AsOf: p.m.DefaultAsOf}
	s := jsonObject{b: line}
	if !s.open() {
		return bad("", "not a JSON object")
	}
	for {
		key, kind, raw, more, malformed := s.member()
		if malformed != "" {
			return bad(fieldName(key), malformed)
		}
		if !more {
			break
		}
		k := -1
		for i, n := range names {
			if string(key) == n {
				k = i
				break
			}
		}
		if k < 0 {
			return bad(fieldName(key), "unknown field")
		}
		if seen[k] {
			return bad(names[k], "repeated field")
		}
		seen[k] = true
		if kind == 'n' {
			continue
		}
		if k == 4 {
			if kind != '{' {
				return bad(names[k], "want an object, found "+kindName(kind))
			}
			inputs = raw
			continue
		}
		if kind != '"' {
			return bad(names[k], "want a string, found "+kindName(kind))
		}
		text, buf, ok := unescape(raw, p.buf)
		if p.buf = buf; !ok {
			return bad(names[k], "bad escape or invalid UTF-8")
		}
		switch k {
		case 0:
			dst.Account = success.AccountID(text)
		case 1:
			dst.Segment = p.str(text)
		case 2:
			stage, ok := parseStage(text)
			if !ok {
				return bad(names[k], "not a lifecycle stage")
			}
			dst.Stage = stage
		case 3:
			if bytes.Equal(text, p.lastAsOf) && len(text) > 0 {
				dst.AsOf = p.lastAsOfT
				continue
			}
			t, ok := ParseTime(text, "")
			if !ok {
				return bad(names[k], "not a date or RFC 3339 time")
			}
			dst.AsOf, p.lastAsOf, p.lastAsOfT = t, append(p.lastAsOf[:0], text...), t
		}
	}
	if dst.Account == "" {
		return bad(names[0], "missing account")
	}
	if dst.AsOf.IsZero() {
		return bad(names[3], "missing as-of date (or give -as-of)")
	}
	if inputs != nil {
		return p.inputs(dst, inputs, bad)
	}
	return nil
}

// inputs reads the inputs object.
func (p *AccountJSON) inputs(dst *AccountRecord, raw []byte, bad func(field, reason string) *Reject) *Reject {
	s := jsonObject{b: raw}
	s.open()
	for j := 0; ; j++ {
		key, kind, v, more, malformed := s.member()
		if malformed != "" {
			return bad(p.m.Inputs+"."+fieldName(key), malformed)
		}
		if !more {
			return nil
		}
		// Lines of one file list their inputs in the same order: the key
		// at the same place on the line before is the likely match.
		var name string
		if j < len(p.lastKeys) && string(key) == p.lastKeys[j] {
			name = p.lastKeys[j]
		} else {
			name = p.str(key)
			if j < len(p.lastKeys) {
				p.lastKeys[j] = name
			} else if j < 256 {
				p.lastKeys = append(p.lastKeys, name)
			}
		}
		for _, in := range dst.Inputs {
			if in.Measure == name {
				return bad(p.m.Inputs+"."+name, "repeated field")
			}
		}
		var val success.Value
		switch kind {
		case 'n':
			continue
		case 't', 'f':
			val = success.BoolValue(kind == 't')
		case '0':
			f, err := strconv.ParseFloat(string(v), 64) // v is a JSON number: no NaN, Inf or hex
			if err != nil || math.IsInf(f, 0) {
				return bad(p.m.Inputs+"."+name, "number out of range")
			}
			val = success.NumberValue(f)
		case '"':
			text, buf, ok := unescape(v, p.buf)
			if p.buf = buf; !ok {
				return bad(p.m.Inputs+"."+name, "bad escape or invalid UTF-8")
			}
			val = success.StringValue(p.str(text))
		default:
			return bad(p.m.Inputs+"."+name, "want a number, boolean, string or null, found "+kindName(kind))
		}
		dst.Inputs = append(dst.Inputs, Input{Measure: name, Value: val})
	}
}

var stages = success.LifecycleStages()

func parseStage(b []byte) (success.LifecycleStage, bool) {
	for _, s := range stages {
		if string(b) == string(s) {
			return s, true
		}
	}
	return "", false
}
