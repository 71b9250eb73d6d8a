package cohort

import (
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The summary accumulator has the SDK's accumulator shape and rejects
// corrupted states without panicking.
func TestAccumulatorContract(t *testing.T) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	summary, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{})
	require.NoError(t, err)
	require.NoError(t, summary.AddAll(slices.Values([]Transaction{
		{Account: "a", At: day(1, 5), Amount: usd("10.5")},
		{Account: "a", At: day(2, 5), Amount: usd("3")},
		{Account: "b", At: day(3, 1), Amount: usd("0")},
		{Account: "b", At: day(5, 1), Amount: usd("1")}, // after the calibration period
	})))
	require.NoError(t, accumtest.CheckContract(summary, ErrInvalid))

	// Built but not by its constructor: nothing to encode.
	_, err = new(SummaryAccumulator).MarshalBinary()
	assert.ErrorIs(t, err, ErrInvalid, "zero summary accumulator")
}

// A time.FixedZone cannot be loaded by name: its state decodes into an
// accumulator built in it, and a zero accumulator says why it cannot.
func TestAccumulatorDecodesFixedZoneIntoItsOwnLocation(t *testing.T) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	zone := time.FixedZone("UTC+9", 9*3600)
	s, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{Location: zone})
	require.NoError(t, err)
	require.NoError(t, s.Add(Transaction{Account: "a", At: day(1, 5), Amount: usd("1")}))
	data, err := s.MarshalBinary()
	require.NoError(t, err)
	decoded, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{Location: zone})
	require.NoError(t, err)
	require.NoError(t, decoded.UnmarshalBinary(data))
	assert.Equal(t, s.Summaries(), decoded.Summaries())
	assert.ErrorIs(t, new(SummaryAccumulator).UnmarshalBinary(data), ErrInvalid, "zero receiver")
}

// Hand-edited states are rejected with the path of each problem, and leave
// the receiver unchanged.
func TestAccumulatorStatesRejected(t *testing.T) {
	s, err := NewSummaryAccumulator(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), success.Daily, SummaryOptions{})
	require.NoError(t, err)
	require.NoError(t, s.Add(Transaction{Account: "a", At: day(1, 5), Amount: usd("1")}))
	before, err := s.MarshalBinary()
	require.NoError(t, err)
	err = s.UnmarshalBinary([]byte(`{"kind":"cohort.summary","version":1,"state":{"calibration_end":"2026-04-01","location":"UTC","unit":"day","after":0,
		"accounts":[{"account":"a","days":[{"date":"2026-01-05","amount":"2"}]},{"account":"b","days":[]}]}}`))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"accounts[0].days[0].amount", "accounts[1].days"}, paths(err))
	err = s.UnmarshalBinary([]byte(`{"kind":"cohort.summary","version":1,"state":{"calibration_end":"2026-04-01","location":"UTC","unit":"day","extra":1}}`))
	assert.ErrorIs(t, err, ErrInvalid, "unknown field")
	assert.ErrorContains(t, err, "extra", "unknown field")
	after, err := s.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "a rejected state changed the accumulator")
}
