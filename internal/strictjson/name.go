package strictjson

import "strconv"

// maxQuotedName is the longest value QuoteName quotes.
const maxQuotedName = 32

// QuoteName quotes s for an error or an explanation when it looks like a
// name a person typed into a definition (an enumeration value, a code: at
// most 32 ASCII letters, '_' and '-'), so that "unknown grain "Week"" still
// shows the typo; anything else (an e-mail address, a phone number, free
// text, a long or binary value) is described by its length only ("a string
// of 23 bytes"), since it may be personal and errors end up in logs.
func QuoteName(s string) string {
	if s == "" {
		return `""`
	}
	if len(s) <= maxQuotedName && isName(s) {
		return strconv.Quote(s)
	}
	return "a string of " + strconv.Itoa(len(s)) + " bytes"
}

func isName(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isFieldName reports whether a key looks like a field name a program wrote
// (at most 64 ASCII letters, digits, '_' and '-'), so that it can be part of
// a path.
func isFieldName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
