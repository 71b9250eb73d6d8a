package success

import "time"

// ExperienceRequirement is one item of the Appropriate Experience: how the
// customer needs to reach their outcome ("self-serve onboarding", "EU data
// residency", "weekly exec report"). It records whether it is met and, if so,
// since when; as of a date before Since, a met requirement was not yet met.
type ExperienceRequirement struct {
	ID    string    `json:"id"`
	Name  string    `json:"name"`
	Met   bool      `json:"met"`
	Since time.Time `json:"since,omitzero"` // when it became met; zero means always. Ignored when not met.
}

// UnmarshalJSON decodes a requirement strictly: unknown fields, repeated keys
// and wrongly typed values are errors with their path, wrapping ErrInvalid.
func (r *ExperienceRequirement) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// MetAsOf reports whether the requirement was met at asOf.
func (r ExperienceRequirement) MetAsOf(asOf time.Time) bool {
	return r.Met && !r.Since.After(asOf)
}

func (r ExperienceRequirement) validate() FieldErrors {
	var p FieldErrors
	if r.ID == "" {
		p.addf(nil, "id", "must not be empty")
	}
	if r.Name == "" {
		p.addf(nil, "name", "must not be empty")
	}
	checkDate(&p, "since", r.Since)
	return p
}

// ExperienceAssessment says whether one experience requirement was met as of a date.
type ExperienceAssessment struct {
	ID    string    `json:"id"`
	Name  string    `json:"name"`
	Met   bool      `json:"met"`
	Since time.Time `json:"since,omitzero"` // set only when met
}

func (r ExperienceRequirement) assess(asOf time.Time) ExperienceAssessment {
	a := ExperienceAssessment{ID: r.ID, Name: r.Name, Met: r.MetAsOf(asOf)}
	if a.Met {
		a.Since = r.Since
	}
	return a
}
