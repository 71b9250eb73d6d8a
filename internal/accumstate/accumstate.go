// Package accumstate decodes the JSON state of an accumulator strictly, so
// that a hand-edited or truncated state is an error rather than a state with
// fields silently dropped. The packages wrap its errors in their own
// ErrInvalid and then check the decoded values themselves.
package accumstate

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Decode decodes data into v, rejecting unknown fields and anything after
// the value.
func Decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the state")
	}
	return nil
}
