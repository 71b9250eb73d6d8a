package expansion_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success/expansion"
)

func TestEnumerationsDecodeStrictly(t *testing.T) {
	var l expansion.Level
	require.NoError(t, json.Unmarshal([]byte(`"nurture"`), &l))
	assert.Equal(t, expansion.Nurture, l)
	err := json.Unmarshal([]byte(`"Ready"`), &l)
	require.ErrorIs(t, err, expansion.ErrInvalid)
	assert.Contains(t, err.Error(), `unknown readiness level "Ready" (want not_ready, nurture or ready)`)
	err = json.Unmarshal([]byte(`"jane.roe@example.com"`), &l)
	require.ErrorIs(t, err, expansion.ErrInvalid)
	assert.NotContains(t, err.Error(), "jane")

	for _, v := range []interface {
		UnmarshalText([]byte) error
	}{new(expansion.Band), new(expansion.ReasonCode), new(expansion.BlockerCode), new(expansion.FlagCode), new(expansion.OpportunityKind)} {
		assert.ErrorIs(t, v.UnmarshalText([]byte("nope")), expansion.ErrInvalid)
	}
	_, err = expansion.Level("soon").MarshalText()
	assert.ErrorIs(t, err, expansion.ErrInvalid)
	assert.Equal(t, []int{0, 1, 2, -1}, []int{expansion.NotReady.Rank(), expansion.Nurture.Rank(), expansion.Ready.Rank(), expansion.Level("x").Rank()})
}

// Within the early window the score is boosted and capped at 100, and the
// boost is a reason of its own.
func TestEarlyWindowBoost(t *testing.T) {
	in := ready()
	in.Purchases.FirstSale = asOf.AddDate(0, 0, -10)
	in.Account.StartDate = in.Purchases.FirstSale
	in.Purchases.Later = nil
	in.DesiredOutcome.AsOf = asOf
	a, err := expansion.Assess(in, asOf, expansion.Options{})
	require.NoError(t, err)
	raw := 100 * 76.4 / 90
	assert.InDelta(t, min(raw*1.25, 100), a.Score, 1e-9)
	last := a.Reasons[len(a.Reasons)-1]
	assert.Equal(t, expansion.EarlyWindow, last.Code)
	assert.Equal(t, 10.0, last.Value)
	assert.Equal(t, 90.0, last.Threshold)
	assert.InDelta(t, a.Score-raw, last.Points, 1e-9)
	assert.Empty(t, a.Flags, "no nudge within 30 days")

	off, err := expansion.Assess(in, asOf, expansion.Options{EarlyWindow: -1})
	require.NoError(t, err)
	assert.InDelta(t, raw, off.Score, 1e-9, "a negative window disables the boost")
}
