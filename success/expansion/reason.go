package expansion

import "github.com/secondsale/secondsale/internal/enum"

// ReasonCode names a signal of the readiness score.
type ReasonCode string

const (
	// OutcomeAchieved, OutcomeOnTrack and OutcomeOffTrack: the Desired
	// Outcome signal. Value counts the required outcomes achieved or on
	// track, Threshold the required outcomes.
	OutcomeAchieved ReasonCode = "outcome_achieved"
	OutcomeOnTrack  ReasonCode = "outcome_on_track"
	OutcomeOffTrack ReasonCode = "outcome_off_track"
	// NoOutcome: no Desired Outcome is recorded; it counts as off track (0
	// points), as not knowing whether the customer had value is no better
	// than knowing they did not. The word is the blocker's, OutcomeUnknown.
	NoOutcome ReasonCode = "outcome_unknown"
	// Utilisation: Value is the highest utilisation of an entitlement
	// (Subject), Threshold the strong-utilisation share.
	Utilisation ReasonCode = "utilisation"
	// HealthScore: Value is the health score; Threshold the share of its
	// weight it counts with (1, or less when it is not confident).
	HealthScore ReasonCode = "health"
	// Promoter, Passive and Detractor: the NPS signal; Value is the
	// response, Threshold the lowest response of its class.
	Promoter  ReasonCode = "promoter"
	Passive   ReasonCode = "passive"
	Detractor ReasonCode = "detractor"
	// AdvocacyGiven: Value is the share of advocacy given (a reference
	// 0.5, a case study 0.5).
	AdvocacyGiven ReasonCode = "advocacy"
	// SecondPurchaseLikely: Value is the repeat-purchase model's probability.
	SecondPurchaseLikely ReasonCode = "second_purchase_probability"
	// EarlyWindow: Value is the days since the first sale, Threshold the
	// window's days; Points are what the boost added.
	EarlyWindow ReasonCode = "early_window"
)

// Reason is one signal of the readiness score and the numbers behind it.
// The Points of an assessment's reasons add up to its Score.
type Reason struct {
	Code ReasonCode `json:"code"`
	// Subject is the entitlement the reason is about, if any.
	Subject   string  `json:"subject,omitempty"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold,omitempty"`
	// Weight is the signal's weight in the score (see Assess).
	Weight float64 `json:"weight"`
	// Points is what the signal adds to the score, 0..100.
	Points float64 `json:"points"`
}

// Validate reports whether c is one of the defined reason codes.
func (c ReasonCode) Validate() error {
	return enum.OneOf(c, "reason code", ErrInvalid, OutcomeAchieved, OutcomeOnTrack, OutcomeOffTrack, NoOutcome, Utilisation,
		HealthScore, Promoter, Passive, Detractor, AdvocacyGiven, SecondPurchaseLikely, EarlyWindow)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (c ReasonCode) MarshalText() ([]byte, error) { return enum.Encode(c) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the code.
func (c *ReasonCode) UnmarshalText(b []byte) error { return enum.Decode(c, b) }
