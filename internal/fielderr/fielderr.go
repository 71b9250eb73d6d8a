// Package fielderr builds the SDK's public validation errors
// (success.FieldError and success.FieldErrors) for the packages above
// success, so that success exports the errors as results to inspect and
// keeps the building to the SDK itself.
package fielderr

import (
	"errors"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// DecodeRecord is the UnmarshalJSON of a package's input record: it reads
// data into a fresh T with strictjson.DecodeRecord and stores it in *dst
// when no problem was found, and returns every problem as success.FieldErrors
// wrapping sentinel (the package's ErrInvalid). A nested value whose error is
// FieldErrors (a record, an amount) keeps its problems' paths under the field
// that holds it ("arr.currency"), wrapping both its own sentinel and this
// one; any other error (a time) is reported at the field by its text,
// without its sentinel's words.
func DecodeRecord[T any](data []byte, dst *T, sentinel error) error {
	var problems success.FieldErrors
	report := func(path, problem string) { problems.Addf(sentinel, path, "%s", problem) }
	nested := func(path string, err error) bool {
		inner := success.AsFieldErrors(err)
		if inner == nil {
			return false
		}
		for _, fe := range inner.Prefix(path) {
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
