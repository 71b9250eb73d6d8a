package success

import "github.com/secondsale/secondsale/internal/enum"

// Verdict is the yes/no judgement of Success Potential: given what we can offer
// now, is this customer likely to reach their Desired Outcome?
type Verdict string

const (
	GoodFit Verdict = "good_fit" // the customer has Success Potential
	BadFit  Verdict = "bad_fit"  // the customer lacks it: churn here is an acquisition failure
)

// Validate reports whether v is GoodFit or BadFit.
func (v Verdict) Validate() error {
	return oneOf(v, "fit verdict", GoodFit, BadFit)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (v Verdict) MarshalText() ([]byte, error) { return enum.Encode(v) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the verdict.
func (v *Verdict) UnmarshalText(b []byte) error { return enum.Decode(v, b) }
