package success

import (
	"errors"
	"fmt"

	"github.com/secondsale/secondsale/internal/strictjson"
)

// Sentinel errors. Every error this package returns wraps one of them, so callers
// can test with errors.Is; the one exception is an error from the io.Reader
// given to LoadProfile, which is passed on wrapped as it is.
var (
	// ErrInvalid reports input that breaks a documented rule: an empty ID, a NaN,
	// a due date before its start, a malformed JSON document.
	ErrInvalid = errors.New("success: invalid input")
	// ErrCurrencyMismatch reports an operation on two amounts in different
	// currencies. It wraps nothing: mixing currencies is never a silent sum.
	ErrCurrencyMismatch = errors.New("success: currency mismatch")
	// ErrUnknownCurrency reports a code that is not an active ISO 4217 currency.
	// It also matches ErrInvalid.
	ErrUnknownCurrency = fmt.Errorf("%w: unknown currency", ErrInvalid)
)

// FieldError reports one problem with one field of an input, named by its path
// in the input ("criteria[2].weight"). It unwraps to the sentinel of the package
// that found it, so errors.Is(err, success.ErrInvalid) works through it.
type FieldError struct {
	Path    string // where the problem is, e.g. "outcomes[0].due"; empty for the whole value
	Problem string // what is wrong, e.g. "must be >= 0"
	Err     error  // what it unwraps to: the sentinel, or the precise cause joined with it (AddErr); nil means ErrInvalid
}

// Error writes "path: problem", or the problem alone for the whole value.
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Problem
	}
	return e.Path + ": " + e.Problem
}

// Unwrap returns the sentinel the problem belongs to (with its precise cause, if AddErr recorded one).
func (e *FieldError) Unwrap() error {
	if e.Err == nil {
		return ErrInvalid
	}
	return e.Err
}

// FieldErrors is every problem found in one input, in the order found. Loaders
// and validators collect all problems before returning, so a host fixes its
// document in one pass instead of one error at a time.
type FieldErrors []*FieldError

// addf records a problem at path. sentinel is the error it unwraps to (nil
// means ErrInvalid). The packages above success build theirs with
// internal/fielderr, which does the same.
func (es *FieldErrors) addf(sentinel error, path, format string, args ...any) {
	*es = append(*es, &FieldError{Path: path, Problem: fmt.Sprintf(format, args...), Err: sentinel})
}

// addErr records err as the problem at path, found by a package whose
// sentinel is sentinel (nil means ErrInvalid). The problem unwraps to both
// the sentinel and err, so errors.Is sees the package's sentinel and the
// precise cause (ErrUnknownCurrency, say); its text drops err's own sentinel
// prefix ("success: invalid input: "), which the path already implies.
func (es *FieldErrors) addErr(sentinel error, path string, err error) {
	if sentinel == nil {
		sentinel = ErrInvalid
	}
	cause := err
	if !errors.Is(err, sentinel) {
		cause = errors.Join(sentinel, err)
	}
	*es = append(*es, &FieldError{Path: path, Problem: strictjson.WithoutSentinel(err), Err: cause})
}

// prefix returns the problems with prefix prepended to each path, for
// nesting the errors of a part inside the errors of the whole.
func (es FieldErrors) prefix(prefix string) FieldErrors {
	out := make(FieldErrors, len(es))
	for i, e := range es {
		c := *e
		c.Path = strictjson.Nest(prefix, c.Path)
		out[i] = &c
	}
	return out
}

// Err returns nil when there are no problems and the problems otherwise, so a
// validator can end with `return problems.Err()`.
func (es FieldErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Error writes the first 100 problems, separated by "; ", and counts the
// rest ("; and 19900 more problems"), so its size is bounded; the list holds
// them all.
func (es FieldErrors) Error() string {
	return strictjson.ListProblems(len(es), func(i int) string { return es[i].Error() })
}

// Unwrap lets errors.Is and errors.As see every problem.
func (es FieldErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// AsFieldErrors returns the problems inside err: a FieldErrors as is, a single
// FieldError as a list of one, and nil for anything else.
func AsFieldErrors(err error) FieldErrors {
	var list FieldErrors
	if errors.As(err, &list) {
		return list
	}
	var one *FieldError
	if errors.As(err, &one) {
		return FieldErrors{one}
	}
	return nil
}
