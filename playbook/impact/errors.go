package impact

import "errors"

// ErrInvalid reports input that breaks a documented rule: a run without an
// account, an account listed twice, a churn after the as-of date, an
// account of a group without an outcome. Errors name the record
// ("runs[3].account"), never its values.
var ErrInvalid = errors.New("impact: invalid input")
