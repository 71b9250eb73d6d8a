package churn

import (
	"bytes"
	"errors"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// The records a host decodes from its own data (events, risk observations,
// usage series, signal options) are read as strictly as the taxonomy: an
// unknown field (names match exactly), a key given twice or a value of the
// wrong type is an error naming its path ("reasons[0].detial: unknown
// field") and wrapping ErrInvalid, so a misspelt field is never silently
// dropped. A null reads as an absent field. Each record's UnmarshalJSON is
// one call to decodeRecord.

// UnmarshalJSON reads an event strictly (see Event).
func (e *Event) UnmarshalJSON(b []byte) error { return decodeRecord(b, e) }

// UnmarshalJSON reads a reason strictly.
func (r *Reason) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// UnmarshalJSON reads an observation strictly.
func (o *RiskObservation) UnmarshalJSON(b []byte) error { return decodeRecord(b, o) }

// UnmarshalJSON reads usage strictly.
func (u *Usage) UnmarshalJSON(b []byte) error { return decodeRecord(b, u) }

// UnmarshalJSON reads a point strictly.
func (p *Point) UnmarshalJSON(b []byte) error { return decodeRecord(b, p) }

// UnmarshalJSON reads the options strictly: a misspelt threshold would
// otherwise silently keep its default.
func (o *SignalOptions) UnmarshalJSON(b []byte) error { return decodeRecord(b, o) }

// UnmarshalJSON reads the rule strictly.
func (r *DropOffRule) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// UnmarshalJSON reads the rule strictly.
func (r *DeclineRule) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// UnmarshalJSON reads the rule strictly.
func (r *NeverActivatedRule) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// UnmarshalJSON reads the rule strictly.
func (r *SupportSpikeRule) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// decodeRecord reads data into a fresh T with strictjson.Record and stores
// it in *dst when no problem was found; on error *dst is unchanged. The
// problems of a nested record keep their full path. null leaves *dst as it
// is, as encoding/json does.
func decodeRecord[T any](data []byte, dst *T) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var problems success.FieldErrors
	r := strictjson.NewReader(func(path, problem string) { problems.Addf(ErrInvalid, path, "%s", problem) })
	nested := func(path string, err error) bool {
		inner := success.AsFieldErrors(err)
		if inner == nil || !errors.Is(err, ErrInvalid) {
			return false // another package's value (money, a time): reported as text at path
		}
		problems = append(problems, inner.Prefix(path)...)
		return true
	}
	var v T
	if doc, ok := r.Document(data); ok {
		r.Record(doc, "", &v, nested)
	}
	if err := problems.Err(); err != nil {
		return err
	}
	*dst = v
	return nil
}
