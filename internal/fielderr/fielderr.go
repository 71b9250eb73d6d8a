// Package fielderr builds the SDK's public validation errors
// (success.FieldError and success.FieldErrors) for the packages above
// success, so that success exports the errors as results to inspect and
// keeps the building to the SDK itself.
package fielderr

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// DecodeRecord is the UnmarshalJSON of a package's input record: it reads
// data into a fresh T with strictjson.DecodeRecord and stores it in *dst
// when no problem was found, and returns every problem as success.FieldErrors
// wrapping sentinel (the package's ErrInvalid). A nested value whose error is
// FieldErrors (a record, an amount) keeps its problems' paths under the field
// that holds it ("arr.currency"), wrapping both its own sentinel and this
// one; any other error (an enumeration's) is reported at the field by its
// text, without its sentinel's words, and unwraps to both this sentinel and
// the error itself, so errors.Is still sees success.ErrInvalid for a bad
// success.Grain.
func DecodeRecord[T any](data []byte, dst *T, sentinel error) error {
	var problems success.FieldErrors
	report := func(path, problem string) { Addf(&problems, sentinel, path, "%s", problem) }
	nested := func(path string, err error) bool {
		inner := success.AsFieldErrors(err)
		if inner == nil {
			var ute *json.UnmarshalTypeError
			if errors.As(err, &ute) {
				return false // strictjson words it without the value
			}
			AddErr(&problems, sentinel, path, err) // keeps the cause: success.ErrInvalid for a bad grain
			return true
		}
		for _, fe := range Prefix(inner, path) {
			if !errors.Is(fe, sentinel) {
				fe = &success.FieldError{Path: fe.Path, Problem: fe.Problem, Err: errors.Join(sentinel, fe.Unwrap())}
			}
			problems = append(problems, fe)
		}
		return true
	}
	strictjson.DecodeRecord(data, dst, report, nested)
	return problems.Err()
}

// Addf records a problem at path. sentinel is the error it unwraps to (nil
// means success.ErrInvalid).
func Addf(es *success.FieldErrors, sentinel error, path, format string, args ...any) {
	*es = append(*es, &success.FieldError{Path: path, Problem: fmt.Sprintf(format, args...), Err: sentinel})
}

// AddErr records err as the problem at path, found by a package whose
// sentinel is sentinel (nil means success.ErrInvalid). The problem unwraps to
// both the sentinel and err, so errors.Is sees the package's sentinel and
// the precise cause (success.ErrUnknownCurrency, say); its text drops err's
// own sentinel prefix ("success: invalid input: "), which the path already
// implies.
func AddErr(es *success.FieldErrors, sentinel error, path string, err error) {
	if sentinel == nil {
		sentinel = success.ErrInvalid
	}
	cause := err
	if !errors.Is(err, sentinel) {
		cause = errors.Join(sentinel, err)
	}
	*es = append(*es, &success.FieldError{Path: path, Problem: strictjson.WithoutSentinel(err), Err: cause})
}

// Prefix returns the problems with prefix prepended to each path, for
// nesting the errors of a part inside the errors of the whole.
func Prefix(es success.FieldErrors, prefix string) success.FieldErrors {
	out := make(success.FieldErrors, len(es))
	for i, e := range es {
		c := *e
		c.Path = strictjson.Nest(prefix, c.Path)
		out[i] = &c
	}
	return out
}
