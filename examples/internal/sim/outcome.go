package sim

import "github.com/secondsale/secondsale/success"

// outcomeTemplate is a segment's Desired Outcome: one Required Outcome due
// dueDays after the start and the Appropriate Experience it needs.
type outcomeTemplate struct {
	id, name         string
	metric, unit     string
	baseline, target float64
	direction        success.Direction
	dueDays          int
	experience       [][2]string // id, name
}

// outcomeFor returns the segment's Desired Outcome template: SMB customers
// want hours back each week, mid-market a faster monthly report, enterprise
// automated workflows with enterprise controls.
func outcomeFor(segment string) *outcomeTemplate {
	switch segment {
	case SegmentSMB:
		return &smbOutcome
	case SegmentMidMarket:
		return &midOutcome
	default:
		return &entOutcome
	}
}

var (
	smbOutcome = outcomeTemplate{
		id: "hours_saved", name: "Save reporting time", metric: "weekly hours saved on reporting", unit: "hours",
		baseline: 0, target: 10, direction: success.HigherIsBetter, dueDays: 120,
		experience: [][2]string{{"self_serve", "self-serve onboarding"}},
	}
	midOutcome = outcomeTemplate{
		id: "report_cycle", name: "Faster monthly report", metric: "days to publish the monthly report", unit: "days",
		baseline: 10, target: 3, direction: success.LowerIsBetter, dueDays: 180,
		experience: [][2]string{{"crm_sync", "CRM integration live"}, {"exec_report", "weekly exec report"}},
	}
	entOutcome = outcomeTemplate{
		id: "workflows", name: "Automate core workflows", metric: "automated workflows in production", unit: "workflows",
		baseline: 0, target: 25, direction: success.HigherIsBetter, dueDays: 270,
		experience: [][2]string{{"sso", "SAML single sign-on"}, {"residency", "data residency in the customer's region"}, {"qbr", "quarterly business review"}},
	}
)
