package churn

import "github.com/secondsale/secondsale/internal/fielderr"

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

// decodeRecord reads data strictly into *dst, which changes only when no
// problem was found; a nested record's problems keep their full path.
func decodeRecord[T any](data []byte, dst *T) error {
	return fielderr.DecodeRecord(data, dst, ErrInvalid)
}
