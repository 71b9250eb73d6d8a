package main

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/secondsale/secondsale/cohort"
	"github.com/stretchr/testify/require"
)

// The survival stage combines SurvivalAccumulators and gives exactly the
// one-pass curves and log-rank test, with the default options (whose empty
// ConfType travels in the accumulator's state) and with others.
func TestSurvivalStageEqualsOnePass(t *testing.T) {
	obs := []cohort.Observation{
		{Duration: 1, Churned: true, Stratum: "bad fit"}, {Duration: 2, Stratum: "bad fit"},
		{Duration: 2, Churned: true, Stratum: "bad fit"}, {Duration: 1.0 / 3, Churned: true, Stratum: "bad fit"},
		{Duration: 4, Stratum: "good fit"}, {Duration: 2, Churned: true, Stratum: "good fit"},
		{Duration: 7, Churned: true, Stratum: "good fit"}, {Duration: 7, Stratum: "good fit"},
		{Duration: 0, Stratum: "a\x00b,c"}, {Duration: 3, Churned: true, Stratum: "a\x00b,c"},
	}
	for _, opts := range []cohort.SurvivalOptions{{}, {ConfType: cohort.ConfPlain, ConfLevel: 0.9, Horizon: 5}} {
		res, err := cohort.KaplanMeierByStratum(slices.Values(obs), opts)
		require.NoError(t, err)
		want, err := json.Marshal(res)
		require.NoError(t, err)

		p, s := beam.NewPipelineWithRoot()
		got, err := survival(s, opts, beam.CreateList(s, obs))
		require.NoError(t, err)
		passert.Equals(s, got, string(want))
		require.NoError(t, ptest.Run(p))
	}

	_, s := beam.NewPipelineWithRoot()
	_, err := survival(s, cohort.SurvivalOptions{ConfType: "logit"}, beam.CreateList(s, obs))
	require.ErrorIs(t, err, cohort.ErrInvalid, "bad options fail when the pipeline is built")
}
