package main

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
)

// A customer that leaves at its first month boundary is not one after a
// month: the sBG counts once kept it a month longer, so the first period
// showed no churn, the hazard seemed to rise and the fit ran off to its
// boundary on the report test's base.
func TestSBGCountsLeaversAtTheirMonth(t *testing.T) {
	asOf := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	b, err := sim.Generate(sim.Options{Seed: 3, Accounts: 1500, AsOf: asOf})
	require.NoError(t, err)
	r := &review{base: b, asOf: asOf}
	require.NoError(t, r.analyseRetention())
	v := r.retention
	require.Empty(t, v.sbgFailure)
	require.NotEmpty(t, v.projected)

	// Independently: the latest monthly-billed cohorts observed a whole
	// month, and who of them had not left by their first month boundary.
	latest := v.sbgCohorts[max(0, len(v.sbgCohorts)-sbgLatest):]
	var members, stayed float64
	for i := range b.Customers {
		c := &b.Customers[i]
		start := c.Account.StartDate
		if c.BilledYearly() || !slices.Contains(latest, start.Format("2006-01")) {
			continue
		}
		to := time.Date(start.Year(), start.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		if monthsBetween(to, asOf) < 1 {
			continue
		}
		members++
		left := slices.ContainsFunc(c.Churns, func(e churn.Event) bool {
			return e.Kind == churn.FullChurn && !e.Date.After(start.AddDate(0, 1, 0))
		})
		if !left {
			stayed++
		}
	}
	require.Positive(t, members)
	assert.Less(t, stayed, members, "some leave in their first month")
	assert.InDelta(t, stayed/members, v.observed[1], 1e-12)
}

// The latest cohorts' observed retention is chained month by month, so it
// never rises when the oldest cohort is the only one seen that long (the
// default base's 2026-05 cohort at month 6 did).
func TestSBGObservedNeverRises(t *testing.T) {
	b, err := sim.Generate(sim.Options{Seed: 1})
	require.NoError(t, err)
	r := &review{base: b, asOf: b.Options.AsOf}
	require.NoError(t, r.analyseRetention())
	obs := r.retention.observed
	require.Greater(t, len(obs), 2)
	for i := 1; i < len(obs); i++ {
		assert.LessOrEqual(t, obs[i], obs[i-1], "month %d", i)
	}
}
