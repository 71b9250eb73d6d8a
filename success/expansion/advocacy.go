package expansion

import (
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Advocacy is what the customer has said and done for the vendor.
type Advocacy struct {
	// NPS is the latest Net Promoter Score response, 0..10; nil when the
	// account has not answered.
	NPS *int `json:"nps,omitempty"`
	// Reference is whether the customer has given a reference (a call, a
	// quote, an introduction to a peer).
	Reference bool `json:"reference,omitempty"`
	// CaseStudy is whether the customer has taken part in a case study.
	CaseStudy bool `json:"case_study,omitempty"`
}

func (a Advocacy) validate(ps *success.FieldErrors) {
	if a.NPS != nil && (*a.NPS < 0 || *a.NPS > 10) {
		// The response is not quoted: it is what a person answered.
		fielderr.Addf(ps, ErrInvalid, "advocacy.nps", "must be within 0..10")
	}
}
