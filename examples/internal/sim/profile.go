package sim

import "github.com/secondsale/secondsale/success"

// Segments of the simulated base, smallest first. An account's segment
// follows from its head count: under 200 employees is smb, under 2,000
// mid_market, the rest enterprise.
const (
	SegmentSMB        = "smb"
	SegmentMidMarket  = "mid_market"
	SegmentEnterprise = "enterprise"
)

// Segments lists the segments, smallest first.
func Segments() []string { return []string{SegmentSMB, SegmentMidMarket, SegmentEnterprise} }

// Profile returns the ideal-customer profile the simulated accounts are judged
// against: 50 to 5,000 employees (weight 3), an industry the product serves
// (2), a supported CRM (2), a supported region (1) and a data team (1); a fit
// score of 70 or more is a good fit.
func Profile() success.Profile {
	return success.Profile{
		ID:        "sim-icp",
		Name:      "Simulated ideal customer",
		Threshold: 70,
		Criteria: []success.Criterion{
			{ID: "size", Attribute: "employees", Weight: 3, Range: success.Between(50, 5000),
				Description: "big enough to need the product, small enough to onboard in a quarter"},
			{ID: "industry", Attribute: "industry", Weight: 2, OneOf: stringValues(fitIndustries)},
			{ID: "crm", Attribute: "crm", Weight: 2, OneOf: stringValues(fitCRMs),
				Description: "the integrations the product ships"},
			{ID: "region", Attribute: "region", Weight: 1, OneOf: stringValues(fitRegions)},
			{ID: "data_team", Attribute: "data_team", Weight: 1, Equals: ptr(success.BoolValue(true))},
		},
	}
}

// The attribute values the profile favours, and the others drawn for
// accounts outside it.
var (
	fitIndustries   = []string{"saas", "fintech", "ecommerce", "healthtech"}
	otherIndustries = []string{"manufacturing", "public_sector", "retail", "education"}
	fitCRMs         = []string{"salesforce", "hubspot"}
	otherCRMs       = []string{"dynamics", "pipedrive", "none"}
	fitRegions      = []string{"na", "eu", "uk"}
	otherRegions    = []string{"latam", "apac"}
)

func stringValues(ss []string) []success.Value {
	vs := make([]success.Value, len(ss))
	for i, s := range ss {
		vs[i] = success.StringValue(s)
	}
	return vs
}

func ptr[T any](v T) *T { return &v }
