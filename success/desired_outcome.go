package success

import (
	"fmt"
	"time"
)

// DesiredOutcome is what the customer needs to achieve (Required Outcomes)
// and how they need to achieve it (Appropriate Experience). Customer success
// is the customer achieving their Desired Outcome through their interactions
// with the vendor; it is achieved only when both halves are.
type DesiredOutcome struct {
	ID         string                  `json:"id"`
	Account    AccountID               `json:"account"`
	Name       string                  `json:"name,omitempty"`
	Required   []RequiredOutcome       `json:"required"`
	Experience []ExperienceRequirement `json:"experience,omitempty"`
}

// UnmarshalJSON decodes a Desired Outcome and its parts strictly: unknown
// fields, repeated keys and wrongly typed values are errors with their path
// ("required[0].measurments: unknown field"), wrapping ErrInvalid.
func (d *DesiredOutcome) UnmarshalJSON(b []byte) error { return decodeRecord(b, d) }

// Validate checks the outcome and every part of it, returning all problems.
func (d DesiredOutcome) Validate() error {
	var p FieldErrors
	if d.ID == "" {
		p.addf(nil, "id", "must not be empty")
	}
	if d.Account == "" {
		p.addf(nil, "account", "must not be empty")
	}
	if len(d.Required) == 0 && len(d.Experience) == 0 {
		p.addf(nil, "", "a desired outcome needs at least one required outcome or experience requirement")
	}
	seen := map[string]string{}
	for i, o := range d.Required {
		path := fmt.Sprintf("required[%d]", i)
		p = append(p, AsFieldErrors(o.Validate()).prefix(path)...)
		checkUnique(&p, seen, o.ID, path)
	}
	for i, r := range d.Experience {
		path := fmt.Sprintf("experience[%d]", i)
		p = append(p, r.validate().prefix(path)...)
		checkUnique(&p, seen, r.ID, path)
	}
	return p.Err()
}

// DesiredOutcomeAssessment is a Desired Outcome judged as of a date.
type DesiredOutcomeAssessment struct {
	ID       string    `json:"id"`
	Account  AccountID `json:"account"`
	AsOf     time.Time `json:"as_of"`
	Achieved bool      `json:"achieved"`
	// Outcomes and Experience assess each part, in the order defined.
	Outcomes   []OutcomeAssessment    `json:"outcomes"`
	Experience []ExperienceAssessment `json:"experience"`
	Gap        TotalGap               `json:"gap"`
	// Missing lists, in words, everything that stands between the customer and
	// their Desired Outcome; empty when it is achieved.
	Missing []string `json:"missing,omitempty"`
}

// Assess judges the Desired Outcome as of asOf: achieved only when every
// required outcome is achieved and every experience requirement is met.
func (d DesiredOutcome) Assess(asOf time.Time, opts StatusOptions) (DesiredOutcomeAssessment, error) {
	if err := d.Validate(); err != nil {
		return DesiredOutcomeAssessment{}, fmt.Errorf("desired outcome %q: %w", d.ID, err)
	}
	if err := opts.validate(); err != nil { // checked here too: there may be no required outcome to check them
		return DesiredOutcomeAssessment{}, err
	}
	a := DesiredOutcomeAssessment{ID: d.ID, Account: d.Account, AsOf: asOf, Achieved: true,
		Outcomes: []OutcomeAssessment{}, Experience: []ExperienceAssessment{}}
	gaps := make([]Gap, len(d.Required))
	for i, o := range d.Required {
		oa, err := o.Assess(asOf, opts)
		if err != nil {
			return DesiredOutcomeAssessment{}, err // unreachable: outcome and options validated above
		}
		a.Outcomes = append(a.Outcomes, oa)
		gaps[i] = oa.Gap
		if oa.Status != Achieved {
			a.Achieved = false
			a.Missing = append(a.Missing, fmt.Sprintf("required outcome %q (%s): %s", o.ID, oa.Status, oa.Reason))
		}
	}
	for _, r := range d.Experience {
		ea := r.assess(asOf)
		a.Experience = append(a.Experience, ea)
		if !ea.Met {
			a.Achieved = false
			a.Missing = append(a.Missing, fmt.Sprintf("experience %q (%s) not met", r.ID, r.Name))
		}
	}
	a.Gap = totalGap(d.Required, gaps)
	return a, nil
}
