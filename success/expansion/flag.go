package expansion

import "github.com/secondsale/secondsale/internal/enum"

// FlagCode names something the team should act on whatever the level.
type FlagCode string

const (
	// Overage: an entitlement (Subject) is used beyond Options.Overage of
	// what was bought; Value is its utilisation, Threshold the overage share.
	Overage FlagCode = "overage"
	// SecondPurchaseNudge: no purchase since the first sale, though
	// Options.NudgeAfter has passed; Value is the days since the first sale,
	// Threshold the days a second purchase was due within.
	SecondPurchaseNudge FlagCode = "second_purchase_nudge"
)

// Flag is one flag with the numbers behind it.
type Flag struct {
	Code      FlagCode `json:"code"`
	Subject   string   `json:"subject,omitempty"`
	Value     float64  `json:"value"`
	Threshold float64  `json:"threshold"`
}

// Validate reports whether c is one of the defined flag codes.
func (c FlagCode) Validate() error {
	return enum.OneOf(c, "flag code", ErrInvalid, Overage, SecondPurchaseNudge)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (c FlagCode) MarshalText() ([]byte, error) { return enum.Encode(c) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the code.
func (c *FlagCode) UnmarshalText(b []byte) error { return enum.Decode(c, b) }
