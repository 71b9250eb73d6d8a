// Package enum decodes the SDK's typed-string enumerations. Every package
// validates its enumerations when they are decoded (STYLE: "validated when
// built or decoded"); this is the one implementation they share.
package enum

import (
	"fmt"
	"slices"
	"strings"

	"github.com/secondsale/secondsale/internal/strictjson"
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
// value, which where valid means "unset"), so every
// package's Validate method says the same thing the same way:
// `unknown quadrant "x" (want avoidable_unexpected, ... or unavoidable_expected)`.
// A value that does not look like a name (an e-mail address in the wrong
// field, say) is not quoted but described by its length.
func OneOf[E ~string](v E, what string, sentinel error, valid ...E) error {
	if slices.Contains(valid, v) {
		return nil
	}
	list := List(valid...)
	if q := strictjson.QuoteName(string(v)); strings.HasPrefix(q, `"`) {
		return fmt.Errorf("%w: unknown %s %s (want %s)", sentinel, what, q, list)
	}
	return fmt.Errorf("%w: unknown %s, a string of %d bytes that is not a name (want %s)", sentinel, what, len(v), list)
}

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

// List words valid values as an error lists them: "a, b or c", leaving out
// the empty value, which where valid means "unset".
func List[E ~string](valid ...E) string {
	var names []string
	for _, e := range valid {
		if e != "" {
			names = append(names, string(e))
		}
	}
	list := strings.Join(names, ", ")
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " or " + names[n-1]
	}
	return list
}
