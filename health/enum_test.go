package health_test

import (
	"encoding"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
)

// Every enumeration writes what it reads, and refuses to write an invalid
// value.
func TestEnumerationsMarshalText(t *testing.T) {
	for _, c := range []struct {
		valid, invalid encoding.TextMarshaler
		into           encoding.TextUnmarshaler
	}{
		{health.KindTiers, health.NormaliserKind("stepped"), new(health.NormaliserKind)},
		{health.FixedPoints, health.MissingRule("zero"), new(health.MissingRule)},
		{health.TrendDown, health.TrendDirection("sideways"), new(health.TrendDirection)},
		{health.UnavailableWhenLow, health.LowConfidenceRule("hide"), new(health.LowConfidenceRule)},
	} {
		text, err := c.valid.MarshalText()
		require.NoError(t, err)
		require.NoError(t, c.into.UnmarshalText(text))
		back, err := c.into.(encoding.TextMarshaler).MarshalText()
		require.NoError(t, err)
		assert.Equal(t, text, back)
		_, err = c.invalid.MarshalText()
		assert.ErrorIs(t, err, health.ErrInvalid)
	}

	// flag.TextVar needs both halves.
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var rule health.MissingRule
	fs.TextVar(&rule, "missing", health.Redistribute, "missing-input rule")
	require.NoError(t, fs.Parse([]string{"-missing", "unavailable"}))
	assert.Equal(t, health.Unavailable, rule)
}
