package cohort

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// maxReportedItems bounds how many invalid items AddAll lists one by one.
const maxReportedItems = 100

// rejections collects the invalid items of an AddAll, which records every
// valid item and returns one error listing the invalid ones by index (the
// first 100 in full, then a count). The loop itself stays in each AddAll:
// calling the accumulator's add through a function value would make every
// item escape to the heap.
type rejections struct {
	name     string // the sequence, "facts" or "transactions"
	problems success.FieldErrors
	rejected int
}

// nilSequence is the error of an AddAll given a nil sequence.
func nilSequence(name string) error {
	return fmt.Errorf("%w: %s: nil sequence", ErrInvalid, name)
}

// note records that item i was rejected with err.
func (r *rejections) note(i int, err error) {
	r.rejected++
	if r.rejected <= maxReportedItems {
		r.problems = append(r.problems, success.AsFieldErrors(err).Prefix(fmt.Sprintf("%s[%d]", r.name, i))...)
	}
}

// err returns the error listing the rejected items of n, nil when none.
func (r *rejections) err(n int) error {
	if r.rejected > maxReportedItems {
		r.problems.Addf(ErrInvalid, r.name, "%d more invalid %s not listed (%d of %d rejected)", r.rejected-maxReportedItems, r.name, r.rejected, n)
	}
	return r.problems.Err()
}

// decodeState decodes an accumulator's JSON state strictly into v.
func decodeState(data []byte, v any, what string) error {
	if err := strictjson.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: decoding %s state: %v", ErrInvalid, what, err)
	}
	return nil
}

// stateLocation returns the location a decoded state or table names: the
// receiver's own when it has one of that name (so a time.FixedZone, which
// cannot be loaded by name, works on a receiver built with it), else the
// location loaded by name (IANA names need the system's zone database or an
// import of time/tzdata).
func stateLocation(own *time.Location, name string) (*time.Location, error) {
	if own != nil && own.String() == name {
		return own, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: location %q: %v (decode into a receiver built in that location)", ErrInvalid, name, err)
	}
	return loc, nil
}
