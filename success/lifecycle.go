package success

import "github.com/secondsale/secondsale/internal/enum"

// LifecycleStage is where an account is in its journey with the vendor. The
// stages follow the customer-success lifecycle: a customer is onboarded,
// adopts the product, realises value, renews, expands and becomes an advocate;
// churned closes the journey.
type LifecycleStage string

const (
	StageOnboarding       LifecycleStage = "onboarding"        // set up, trained, first value in sight
	StageAdoption         LifecycleStage = "adoption"          // using the product in daily work
	StageValueRealisation LifecycleStage = "value_realisation" // reaching the Required Outcomes
	StageRenewal          LifecycleStage = "renewal"           // the contract is up for renewal
	StageExpansion        LifecycleStage = "expansion"         // buying more: the Second Sale
	StageAdvocacy         LifecycleStage = "advocacy"          // references, case studies, introductions
	StageChurned          LifecycleStage = "churned"           // every subscription has ended
)

// LifecycleStages lists every stage in journey order.
func LifecycleStages() []LifecycleStage {
	return []LifecycleStage{StageOnboarding, StageAdoption, StageValueRealisation,
		StageRenewal, StageExpansion, StageAdvocacy, StageChurned}
}

// ParseLifecycleStage returns s as a stage, or an error wrapping ErrInvalid.
func ParseLifecycleStage(s string) (LifecycleStage, error) {
	st := LifecycleStage(s)
	if err := st.Validate(); err != nil {
		return "", err
	}
	return st, nil
}

// Validate reports whether s is one of the defined stages.
func (s LifecycleStage) Validate() error {
	return oneOf(s, "lifecycle stage", LifecycleStages()...)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (s LifecycleStage) MarshalText() ([]byte, error) { return enum.Encode(s) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the stage.
func (s *LifecycleStage) UnmarshalText(b []byte) error { return enum.Decode(s, b) }
