package health

import (
	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// DefaultMinKnownShare is the share of a scorecard's nominal weight that must
// have inputs for a score to be confident when ConfidencePolicy.MinKnownShare
// is 0: half, as for success.Profile's fit verdicts. Below it a score rests
// more on the redistributed weight of the inputs it has than on what it was
// designed to measure.
const DefaultMinKnownShare = 0.5

// LowConfidenceRule says what becomes of a score whose known share is below
// the policy's minimum.
type LowConfidenceRule string

const (
	// FlagLowConfidence keeps the score available with Score.Confident
	// false, so a report can show it apart. This is the default.
	FlagLowConfidence LowConfidenceRule = "flag"
	// UnavailableWhenLow makes the score unavailable, as if every input were
	// missing: no value, no band.
	UnavailableWhenLow LowConfidenceRule = "unavailable"
)

// Validate reports whether r is one of the defined rules; the empty rule
// means FlagLowConfidence and is valid.
func (r LowConfidenceRule) Validate() error {
	return enum.OneOf(r, "low-confidence rule", ErrInvalid, "", FlagLowConfidence, UnavailableWhenLow)
}

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (r *LowConfidenceRule) UnmarshalText(b []byte) error { return enum.Decode(r, b) }

// MarshalText implements encoding.TextMarshaler (flag.TextVar, text
// encoders); an invalid value is an error, so what is written reads back.
func (r LowConfidenceRule) MarshalText() ([]byte, error) { return enum.Encode(r) }

// ConfidencePolicy is a scorecard's rule for scores built on too little of
// its weight: a score whose Score.KnownShare (the nominal weight of the
// measures with an input) is below MinKnownShare is low confidence, flagged
// or unavailable by Low. The zero value flags scores with less than
// DefaultMinKnownShare known. JSON: {"min_known_share": 0.5, "low": "flag"}.
type ConfidencePolicy struct {
	// MinKnownShare is the known share 0..1 a confident score needs; 0 means
	// DefaultMinKnownShare. A score with every input is always confident.
	MinKnownShare float64
	Low           LowConfidenceRule // "" means FlagLowConfidence
}

func (c ConfidencePolicy) minKnownShare() float64 {
	if c.MinKnownShare == 0 {
		return DefaultMinKnownShare
	}
	return c.MinKnownShare
}

func (c ConfidencePolicy) validate() success.FieldErrors {
	var ps success.FieldErrors
	if !(c.MinKnownShare >= 0 && c.MinKnownShare <= 1) {
		fielderr.Addf(&ps, ErrInvalid, "min_known_share", "must be within 0..1, got %v", c.MinKnownShare)
	}
	if err := c.Low.Validate(); err != nil {
		fielderr.AddErr(&ps, ErrInvalid, "low", err)
	}
	return ps
}
