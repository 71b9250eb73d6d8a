package expansion

import "github.com/secondsale/secondsale/internal/enum"

// BlockerCode names what must change before the account is asked to buy more.
type BlockerCode string

const (
	// BadFit: the account lacks Success Potential; caps the level at NotReady.
	BadFit BlockerCode = "bad_fit"
	// RedBand: the health band is red; Value is the score. Caps at NotReady.
	RedBand BlockerCode = "red_band"
	// OpenRiskPlay: a risk play is open; Note is the host's reason. Caps at NotReady.
	OpenRiskPlay BlockerCode = "open_risk_play"
	// ChurnSignal: an early-warning signal fired; Note is the host's reason.
	// Caps at NotReady.
	ChurnSignal BlockerCode = "churn_signal"
	// OutcomeNotOnTrack: the Desired Outcome is not achieved and some
	// required outcome is neither achieved nor on track; Value counts those
	// that are, Threshold the required outcomes, Subject is the first that
	// is not. Caps at Nurture: prove value first.
	OutcomeNotOnTrack BlockerCode = "outcome_not_on_track"
	// OutcomeUnknown: no Desired Outcome is recorded, so whether the
	// customer has had value is unknown. Caps at Nurture.
	OutcomeUnknown BlockerCode = "outcome_unknown"
)

// Blocker is one thing that stands between the account and the ask, with
// the numbers behind it and the highest level it allows.
type Blocker struct {
	Code      BlockerCode `json:"code"`
	Subject   string      `json:"subject,omitempty"`
	Value     float64     `json:"value,omitempty"`
	Threshold float64     `json:"threshold,omitempty"`
	// Caps is the highest level the account may have while it stands.
	Caps Level `json:"caps"`
	// Note is the host's reason (of a risk play or churn signal); it is
	// never logged.
	Note string `json:"note,omitempty"`
}

// Validate reports whether c is one of the defined blocker codes.
func (c BlockerCode) Validate() error {
	return enum.OneOf(c, "blocker code", ErrInvalid, BadFit, RedBand, OpenRiskPlay, ChurnSignal, OutcomeNotOnTrack, OutcomeUnknown)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (c BlockerCode) MarshalText() ([]byte, error) { return enum.Encode(c) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the code.
func (c *BlockerCode) UnmarshalText(b []byte) error { return enum.Decode(c, b) }
