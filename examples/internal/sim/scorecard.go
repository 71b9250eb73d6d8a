package sim

import (
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// The measure IDs of Scorecard, the keys of HealthInputs.
const (
	MeasureActiveShare     = "active_share"        // mean daily active users / seats, last 28 days
	MeasureUsageTrend      = "usage_trend"         // mean daily active users, last 28 days / the 28 before
	MeasureTickets         = "tickets_30d"         // tickets opened in the last 30 days
	MeasureNPS             = "nps"                 // latest NPS response in the last year
	MeasureOutcomeProgress = "outcome_progress"    // Desired Outcome progress, 0..1
	MeasureOnTrack         = "onboarding_on_track" // no required milestone overdue
)

// Scorecard returns the health scorecard of the simulated measures: adoption
// (40: active share twice the trend's weight), outcomes (30: progress twice
// the onboarding milestones'), support (15) and relationship (15), with the
// default bands red < 50 ≤ yellow < 75 ≤ green.
func Scorecard() health.Scorecard {
	return health.Scorecard{
		ID: "sim-health", Name: "Simulated base health", Version: 1,
		Groups: []health.Group{
			{ID: "adoption", Name: "Adoption", Weight: 40, Measures: []health.Measure{
				{ID: MeasureActiveShare, Name: "Active users share", Weight: 2, Normaliser: health.Linear(0.05, 0.5, success.HigherIsBetter)},
				{ID: MeasureUsageTrend, Name: "Usage trend", Weight: 1, Normaliser: health.Linear(0.6, 1.1, success.HigherIsBetter)},
			}},
			{ID: "outcomes", Name: "Outcomes", Weight: 30, Measures: []health.Measure{
				{ID: MeasureOutcomeProgress, Name: "Desired Outcome progress", Weight: 2, Normaliser: health.Linear(0, 1, success.HigherIsBetter)},
				{ID: MeasureOnTrack, Name: "Onboarding on track", Weight: 1, Normaliser: health.Boolean(100, 0)},
			}},
			{ID: "support", Name: "Support", Weight: 15, Measures: []health.Measure{
				{ID: MeasureTickets, Name: "Tickets in 30 days", Weight: 1, Normaliser: health.Linear(0, 6, success.LowerIsBetter)},
			}},
			{ID: "relationship", Name: "Relationship", Weight: 15, Measures: []health.Measure{
				{ID: MeasureNPS, Name: "Latest NPS", Weight: 1, Normaliser: health.NPSResponseNormaliser()},
			}},
		},
	}
}
