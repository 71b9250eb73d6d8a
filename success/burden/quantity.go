package burden

import (
	"encoding/json"
	"math"
	"strconv"
)

// Quantity is a figure that may be undefined: a burden without usage, a
// reduction against a zero baseline. Undefined encodes as JSON null.
type Quantity struct {
	Value   float64
	Defined bool
}

// defined is v as a Quantity; a v beyond float64 (a burden over a usage
// near zero, such as 1e-310) is undefined rather than an infinity that JSON
// cannot encode.
func defined(v float64) Quantity {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Quantity{}
	}
	return Quantity{Value: v, Defined: true}
}

// MarshalJSON writes the value, or null when undefined.
func (q Quantity) MarshalJSON() ([]byte, error) {
	if !q.Defined {
		return []byte("null"), nil
	}
	return json.Marshal(q.Value)
}

// UnmarshalJSON reads a number, or null as undefined.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*q = Quantity{}
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*q = defined(v)
	return nil
}

// String writes the value, or "undefined".
func (q Quantity) String() string {
	if !q.Defined {
		return "undefined"
	}
	return strconv.FormatFloat(q.Value, 'g', -1, 64)
}
