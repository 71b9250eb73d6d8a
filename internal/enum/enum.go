// Package enum decodes the SDK's typed-string enumerations. Every package
// validates its enumerations when they are decoded (STYLE: "validated when
// built or decoded"); this is the one implementation they share.
package enum

import (
	"fmt"
	"slices"
	"strings"
)

// Enum is a typed string that knows its valid values.
type Enum interface {
	~string
	Validate() error
}

// Decode sets *dst to the text in b when it is a valid value, and otherwise
// returns Validate's error and leaves *dst unchanged. UnmarshalText methods
// are one line with it.
func Decode[E Enum](dst *E, b []byte) error {
	v := E(b)
	if err := v.Validate(); err != nil {
		return err
	}
	*dst = v
	return nil
}

// OneOf returns nil when v is one of valid, and otherwise an error wrapping
// sentinel that names what v is and lists the valid values (but the empty
// value, which where valid means "unset"), so every package's Validate
// method says the same thing the same way:
// `unknown quadrant "x" (want avoidable_unexpected, ... or unavoidable_expected)`.
// An unknown value is quoted only when it has the shape of a name (a typo
// such as "onbording" or "Week" is shown); anything else, such as a
// misplaced e-mail address or phone number, is described by its length.
func OneOf[E ~string](v E, what string, sentinel error, valid ...E) error {
	if slices.Contains(valid, v) {
		return nil
	}
	var names []string // the empty value, where valid, means "unset" and is not listed
	for _, e := range valid {
		if e != "" {
			names = append(names, string(e))
		}
	}
	list := strings.Join(names, ", ")
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
	if !NameShaped(string(v)) {
		return fmt.Errorf("%w: unknown %s, a string of %d bytes that is not a name (want %s)", sentinel, what, len(v), list)
	}
	return fmt.Errorf("%w: unknown %s %q (want %s)", sentinel, what, string(v), list)
}

// NameShaped reports whether s looks like an enumeration's name, typo
// included ("Week", "onbording"): at most 32 bytes of ASCII letters, digits
// and underscores, starting with a letter. An e-mail address (@, .), a
// phone number (+, spaces, a leading digit) or a full name (a space) does
// not, so an error may quote a name-shaped value without quoting a personal
// one.
func NameShaped(s string) bool {
	if s == "" || len(s) > 32 || !asciiLetter(s[0]) {
		return false
	}
	for i := range len(s) {
		if c := s[i]; !(asciiLetter(c) || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func asciiLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// Encode returns the text of v for a MarshalText method: its name, or
// nothing for the empty value (which, where valid, means "unset"); an
// invalid value is Validate's error, so that what is written can be read
// back by Decode.
func Encode[E Enum](v E) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	return []byte(v), nil
}
