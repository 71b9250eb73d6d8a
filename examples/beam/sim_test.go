package main

import (
	"fmt"
	"slices"
	"testing"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

// simInputs turns the simulated customer base into the pipeline's inputs:
// every account's health inputs and ARR as of the base's as-of date, the
// MRR ledger, the customer spells as survival observations in months, the
// competing risks of expansion and churn in months, and the training
// credits as transactions.
func simInputs(t *testing.T, accounts int) (testInputs, config) {
	t.Helper()
	base, err := sim.Generate(sim.Options{Seed: 25, Accounts: accounts})
	require.NoError(t, err)
	asOf := base.Options.AsOf
	var in testInputs
	for i := range base.Customers {
		c := &base.Customers[i]
		inputs, err := c.HealthInputs(asOf)
		require.NoError(t, err)
		in.accounts = append(in.accounts, account{File: "sim", Line: int64(i + 1), Account: c.Account.ID,
			Segment: c.Account.Segment, ARR: c.Account.ARR, Inputs: inputList(inputs)})
	}
	for row, err := range base.Ledger() {
		require.NoError(t, err)
		in.ledger = append(in.ledger, row)
	}
	in.observations, err = cohort.ObserveSpells(base.Spells(), asOf, success.Monthly)
	require.NoError(t, err)
	in.competing = slices.Collect(base.CompetingObservations(365.25 / 12))
	in.transactions = slices.Collect(base.Credits())
	sc, err := sim.Scorecard().MarshalJSON()
	require.NoError(t, err)
	cfg := config{
		AsOf:      asOf,
		Grain:     success.Monthly,
		Scorecard: sc,
		Currency:  sim.Currency,
		// Calibration to the as-of date: on 2,000 accounts a six-month
		// hold-out leaves BG/NBD's dropout parameters weakly identified (the
		// fit reports it does not converge, in both the SDK and here).
		CLV: clvOptions{CalibrationEnd: asOf, Unit: success.Weekly, Horizon: 26,
			Valuation: cohort.Valuation{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01}},
	}
	return in, cfg
}

// TestSimulatedBaseEqualsSinglePass runs the pipeline on the simulated
// customer base, in one shard and in five, against the SDK called directly.
func TestSimulatedBaseEqualsSinglePass(t *testing.T) {
	in, cfg := simInputs(t, 2000)
	require.NotEmpty(t, in.accounts)
	want := singlePass(t, in, cfg)
	for _, shards := range []int{1, 5} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			requireSameOutputs(t, want, readOutputs(t, runPipeline(t, in, cfg, shards)), 1e-12, 1e-12)
		})
	}
}
