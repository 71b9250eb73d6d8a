package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/examples/internal/sim"
)

// The score-trend chart shows trends: a red account signed last month has
// one score and is passed over for the next largest. Small bases of these
// seeds have such an account among their five largest red ones.
func TestAtRiskAccountsHaveATrend(t *testing.T) {
	for _, seed := range []uint64{2, 3, 4} {
		b, err := sim.Generate(sim.Options{Seed: seed, Accounts: 300})
		require.NoError(t, err)
		r := &review{base: b, asOf: b.Options.AsOf}
		require.NoError(t, r.analyseFit())
		require.NoError(t, r.analyseHealth())
		assert.Len(t, r.health.atRisk, atRiskAccounts, "seed %d", seed)
		for _, h := range r.health.atRisk {
			available := 0
			for _, s := range h.scores {
				if s.Available {
					available++
				}
			}
			assert.GreaterOrEqual(t, available, 2, "seed %d: %s", seed, h.customer.Account.ID)
		}
	}
}
