package success_test

import (
	"encoding/json"
	"testing"

	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

func TestGrainText(t *testing.T) {
	for _, g := range []success.Grain{success.Daily, success.Weekly, success.Monthly, success.Quarterly, success.Yearly} {
		b, err := json.Marshal(g)
		require.NoError(t, err)
		var back success.Grain
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, g, back)
		require.Positive(t, g.PeriodsPerYear())
	}
	_, err := success.Grain("fortnight").MarshalText()
	require.ErrorIs(t, err, success.ErrInvalid)
	var g success.Grain
	require.ErrorIs(t, g.UnmarshalText([]byte("fortnight")), success.ErrInvalid)
	require.ErrorContains(t, success.Monthly.OneOf(success.Daily, success.Weekly), `grain "month" is not accepted here (want day or week)`)
	require.NoError(t, success.Weekly.OneOf(success.Daily, success.Weekly))
}
