package impact

import (
	"errors"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// ErrInvalid reports input that breaks a documented rule: a run without an
// account, an account listed twice, a churn after the as-of date, an
// account of a group without an outcome. Validation problems are
// success.FieldErrors naming the record ("runs[3].account"), never its
// values, whose entries unwrap to it.
var ErrInvalid = errors.New("impact: invalid input")

// invalid is the validation error for one problem at path.
func invalid(path, format string, args ...any) error {
	var es success.FieldErrors
	fielderr.Addf(&es, ErrInvalid, path, format, args...)
	return es.Err()
}
