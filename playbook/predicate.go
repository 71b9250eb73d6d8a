package playbook

import (
	"strconv"
)

// Predicate is a host-defined condition on the facts. It returns whether it
// holds and a reason in words for the decision trace (name facts by kind and
// number, never quote a personal value). An error stops the evaluation of
// the account and is returned wrapped.
type Predicate func(f *Facts) (held bool, reason string, err error)

// Predicates are host predicates by name, for predicate clauses. A name
// must be a name (letters, digits, '_', '-', '.'; at most 64 bytes).
type Predicates map[string]Predicate

// isName reports whether s has the shape of a definition name: the IDs,
// roles and host types plays use.
func isName(s string) bool {
	if s == "" || len(s) > maxName {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// quoteKey quotes a name for an error, or gives its length when it does not
// look like one (it may be personal).
func quoteKey(s string) string {
	if isName(s) {
		return strconv.Quote(s)
	}
	return "(a string of " + strconv.Itoa(len(s)) + " bytes)"
}
