package cohort_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/cohort"
)

// Options a host (or a pipeline's worker) encodes as JSON decode back, the
// zero ConfType (the default) included; an unknown or non-string type is
// still refused.
func TestSurvivalOptionsJSONRoundTrip(t *testing.T) {
	for _, opts := range []cohort.SurvivalOptions{{}, {ConfType: cohort.ConfLog, ConfLevel: 0.9, Horizon: 12}} {
		b, err := json.Marshal(opts)
		require.NoError(t, err)
		var got cohort.SurvivalOptions
		require.NoError(t, json.Unmarshal(b, &got), string(b))
		assert.Equal(t, opts, got)
	}
	got := cohort.SurvivalOptions{ConfType: cohort.ConfPlain}
	require.NoError(t, json.Unmarshal([]byte(`{"ConfType":null}`), &got))
	assert.Equal(t, cohort.ConfPlain, got.ConfType, "null changes nothing, as for any string")
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"ConfType":"logit"}`), &got), cohort.ErrInvalid)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"ConfType":3}`), &got), cohort.ErrInvalid)
}
