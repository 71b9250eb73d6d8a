package playbook_test

import (
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

func hscore(at time.Time, value float64, band string) health.Score {
	return health.Score{Account: "acme", AsOf: at, Available: true, Value: value, Band: band, ReportedValue: value, ReportedBand: band}
}

func ptr[T any](v T) *T { return &v }

// baseFacts is an account with a little of everything, as of t0.
func baseFacts() *playbook.Facts {
	return &playbook.Facts{
		Account: success.Account{ID: "acme", Stage: success.StageAdoption, StartDate: t0.AddDate(0, -2, 0),
			RenewalDate: t0.AddDate(0, 0, 80)},
		AsOf:          t0,
		Health:        ptr(hscore(t0, 42, "red")),
		HealthHistory: []health.Score{hscore(day(-20), 70, "yellow"), hscore(day(-7), 61, "yellow")},
		Signals: []churn.Signal{{Kind: churn.DropOff, Account: "acme", AsOf: t0},
			{Kind: churn.Decline, Account: "acme", AsOf: t0}},
		DesiredOutcome: &success.DesiredOutcomeAssessment{Account: "acme", AsOf: t0, Outcomes: []success.OutcomeAssessment{
			{ID: "tickets", Status: success.OnTrack, Progress: 0.5, Expected: 0.4},
			{ID: "nps", Status: success.Stuck, Progress: 0.1, Expected: 0.5}}},
		Milestones: &success.JourneyAssessment{Milestones: []success.MilestoneAssessment{
			{ID: "kickoff", Required: true, Status: success.MilestoneDone, CompletedAt: day(-50)},
			{ID: "training", Required: true, Status: success.MilestoneOverdue, Due: day(-3)},
			{ID: "sso", Required: false, Status: success.MilestoneUpcoming, Due: day(10)}}},
		Fit: success.BadFit,
		Readiness: &expansion.Assessment{Account: "acme", AsOf: t0, Level: expansion.Nurture, Score: 55,
			Flags: []expansion.Flag{{Code: expansion.SecondPurchaseNudge, Value: 40, Threshold: 30}}},
		NPS:        ptr(9),
		LastActive: day(-2),
		Custom:     map[string]success.Value{"region": success.StringValue("emea")},
	}
}

func zero() time.Time { return time.Time{} }
