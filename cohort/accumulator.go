package cohort

import (
	"fmt"
	"iter"
	"time"

	"github.com/secondsale/secondsale/internal/accumstate"
	"github.com/secondsale/secondsale/success"
)

// maxReportedItems bounds how many invalid items AddAll lists one by one.
const maxReportedItems = 100

// addAll is the AddAll of both accumulators: it records every valid item and
// returns one error listing the invalid ones by index (the first 100 in full,
// then a count). A nil sequence is ErrInvalid.
func addAll[T any](items iter.Seq[T], name string, add func(*T) error) error {
	if items == nil {
		return fmt.Errorf("%w: %s: nil sequence", ErrInvalid, name)
	}
	var problems success.FieldErrors
	rejected, i := 0, 0
	for item := range items {
		if err := add(&item); err != nil {
			rejected++
			if rejected <= maxReportedItems {
				problems = append(problems, success.AsFieldErrors(err).Prefix(fmt.Sprintf("%s[%d]", name, i))...)
			}
		}
		i++
	}
	if rejected > maxReportedItems {
		problems.Addf(ErrInvalid, name, "%d more invalid %s not listed (%d of %d rejected)", rejected-maxReportedItems, name, rejected, i)
	}
	return problems.Err()
}

// decodeState decodes an accumulator's JSON state strictly into v.
func decodeState(data []byte, v any, what string) error {
	if err := accumstate.Decode(data, v); err != nil {
		return fmt.Errorf("%w: decoding %s state: %v", ErrInvalid, what, err)
	}
	return nil
}

// stateLocation returns the location a decoded state names: the receiver's
// own when it has one of that name (so a time.FixedZone, which cannot be
// loaded by name, works on an accumulator built with it), else the location
// loaded by name (IANA names need the system's zone database or an import
// of time/tzdata).
func stateLocation(own *time.Location, name string) (*time.Location, error) {
	if own != nil && own.String() == name {
		return own, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: state location %q: %v (decode into an accumulator built in that location)", ErrInvalid, name, err)
	}
	return loc, nil
}
