package main

import (
	"math"
	"testing"

	"github.com/secondsale/secondsale/cohort"
	"github.com/stretchr/testify/require"
)

// The count keys read back to the same observation, whatever the stratum
// holds and however long the time's digits.
func TestSurvivalKeyRoundTrip(t *testing.T) {
	for _, o := range []cohort.Observation{
		{Duration: 0, Churned: false, Stratum: "good fit"},
		{Duration: 1.0 / 3, Churned: true, Stratum: "a\x00b,c"},
		{Duration: math.MaxFloat64, Churned: true},
		{Duration: 5e-324, Stratum: "\x00"},
	} {
		key, n := survivalKey(o)
		require.Equal(t, int64(1), n)
		got, err := parseSurvivalKey(key)
		require.NoError(t, err)
		require.Equal(t, o, got)
	}
	_, err := parseSurvivalKey("1\x00")
	require.ErrorContains(t, err, "want 3 parts")
	_, err = parseSurvivalKey("x\x001\x00s")
	require.ErrorContains(t, err, "survival count key")
}
