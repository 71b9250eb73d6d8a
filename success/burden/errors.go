package burden

import (
	"fmt"

	"github.com/secondsale/secondsale/success"
)

// ErrInvalid reports input that breaks a documented rule: a sentiment outside
// [-1, 1], a negative handling time, an unknown ticket type. It matches
// success.ErrInvalid too. Errors name the record (its index, ticket ID and
// account) and never quote a ticket's text.
var ErrInvalid = fmt.Errorf("burden: %w", success.ErrInvalid)
