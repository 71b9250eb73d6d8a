package records

import (
	"encoding/json"
	"unicode/utf8"
)

// jsonObject walks the members of one flat JSON object without building
// anything: the fixed record shapes of this package need keys and raw
// values only, and encoding/json's reflection costs more than the rest of a
// scoring pipeline. Nested objects and arrays come back whole, as raw text.
type jsonObject struct {
	b     []byte
	i     int
	first bool
}

func (s *jsonObject) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// open consumes "{".
func (s *jsonObject) open() bool {
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '{' {
		return false
	}
	s.i++
	s.first = true
	return true
}

// member returns the next key and value: kind is '"' (raw is the string's
// content, escapes not yet undone), '0' (a number), 't', 'f', 'n', '{' or
// '[' (raw is the whole value). more is false after the closing brace,
// which must end the input; bad says what is malformed.
func (s *jsonObject) member() (key []byte, kind byte, raw []byte, more bool, bad string) {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' && s.first {
		s.i++
		return nil, 0, nil, false, s.end()
	}
	if !s.first {
		if s.i >= len(s.b) {
			return nil, 0, nil, false, "unexpected end of line"
		}
		if s.b[s.i] == '}' {
			s.i++
			return nil, 0, nil, false, s.end()
		}
		if s.b[s.i] != ',' {
			return nil, 0, nil, false, "malformed JSON (expected , or })"
		}
		s.i++
		s.ws()
	}
	s.first = false
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, 0, nil, false, "malformed JSON (expected a key)"
	}
	key, ok := s.str()
	if !ok {
		return nil, 0, nil, false, "malformed JSON string"
	}
	if hasEscape(key) {
		return key, 0, nil, false, "escaped key"
	}
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return key, 0, nil, false, "malformed JSON (expected :)"
	}
	s.i++
	s.ws()
	if s.i >= len(s.b) {
		return key, 0, nil, false, "unexpected end of line"
	}
	switch c := s.b[s.i]; {
	case c == '"':
		v, ok := s.str()
		if !ok {
			return key, 0, nil, false, "malformed JSON string"
		}
		return key, '"', v, true, ""
	case c == '-' || c >= '0' && c <= '9':
		start := s.i
		for s.i < len(s.b) && isNumByte(s.b[s.i]) {
			s.i++
		}
		v := s.b[start:s.i]
		if !isJSONNumber(v) {
			return key, 0, nil, false, "malformed JSON number"
		}
		return key, '0', v, true, ""
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
				s.i += len(lit)
				return key, c, nil, true, ""
			}
		}
		return key, 0, nil, false, "malformed JSON literal"
	case c == '{' || c == '[':
		start := s.i
		if !s.skipNested() {
			return key, 0, nil, false, "malformed JSON value"
		}
		return key, c, s.b[start:s.i], true, ""
	}
	return key, 0, nil, false, "malformed JSON value"
}

// end checks that nothing but white space follows the object.
func (s *jsonObject) end() string {
	s.ws()
	if s.i != len(s.b) {
		return "text after the JSON object"
	}
	return ""
}

// str consumes a string and returns its raw content.
func (s *jsonObject) str() ([]byte, bool) {
	s.i++ // the quote
	start := s.i
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c == '"':
			v := s.b[start:s.i]
			s.i++
			return v, true
		case c == '\\':
			s.i += 2
		case c < 0x20:
			return nil, false
		default:
			s.i++
		}
	}
	return nil, false
}

// skipNested consumes an object or array, strings inside included.
func (s *jsonObject) skipNested() bool {
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			if _, ok := s.str(); !ok {
				return false
			}
			continue
		case '{', '[':
			depth++
			if depth > 32 {
				return false
			}
		case '}', ']':
			depth--
			if depth == 0 {
				s.i++
				return true
			}
		}
		s.i++
	}
	return false
}

func isNumByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// isJSONNumber checks the JSON number grammar: -?int frac? exp?.
func isJSONNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if i = digitRun(b, i); i < 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		if i = digitRun(b, i+1); i < 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i = digitRun(b, i); i < 0 {
			return false
		}
	}
	return i == len(b)
}

// digitRun returns the end of the digits starting at i, or -1 for none.
func digitRun(b []byte, i int) int {
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

func hasEscape(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}

// unescape undoes a string's escapes, appending to buf when there are any
// (the rare case, left to encoding/json), and returns the text; ok is false
// for a bad escape.
func unescape(raw, buf []byte) (text, grown []byte, ok bool) {
	if !hasEscape(raw) {
		return raw, buf, utf8.Valid(raw)
	}
	var s string
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	if json.Unmarshal(quoted, &s) != nil {
		return nil, buf, false
	}
	start := len(buf)
	buf = append(buf, s...)
	return buf[start:len(buf):len(buf)], buf, true
}

// kindName names a value's JSON kind for a reject.
func kindName(kind byte) string {
	switch kind {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "something else"
}

// fieldName quotes an unknown key as a field name: keys are names, not
// values, but one that is long or not printable is only described.
func fieldName(key []byte) string {
	plain := len(key) <= 64 && utf8.Valid(key)
	for _, c := range key {
		plain = plain && c >= 0x20
	}
	if !plain {
		return "(a key of " + itoa(len(key)) + " bytes)"
	}
	return string(key)
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
