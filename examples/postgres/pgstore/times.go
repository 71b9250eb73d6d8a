package pgstore

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// tsArg is t as a timestamptz argument: NULL for the zero time, which the
// SDK's types use for "not set".
func tsArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// fromTS is a scanned timestamptz as the SDK keeps it: in UTC, zero for
// NULL.
func fromTS(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// microseconds reports a time PostgreSQL would round (it keeps
// microseconds), naming the field; invalid is the caller's package's
// ErrInvalid.
func microseconds(invalid error, field string, t time.Time) error {
	if t.Nanosecond()%1000 != 0 {
		return fmt.Errorf("%w: %s has a fraction finer than a microsecond, which PostgreSQL does not keep", invalid, field)
	}
	return nil
}
