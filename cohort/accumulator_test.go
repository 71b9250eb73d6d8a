package cohort

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
)

// The summary accumulator has the SDK's accumulator shape and rejects
// corrupted states without panicking.
func TestAccumulatorContract(t *testing.T) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	summary, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{})
	noErr(t, err)
	noErr(t, summary.AddAll(slices.Values([]Transaction{
		{Account: "a", At: day(1, 5), Amount: usd("10.5")},
		{Account: "a", At: day(2, 5), Amount: usd("3")},
		{Account: "b", At: day(3, 1), Amount: usd("0")},
		{Account: "b", At: day(5, 1), Amount: usd("1")}, // after the calibration period
	})))
	noErr(t, accumtest.CheckContract(summary, ErrInvalid))

	// Built but not by its constructor: nothing to encode.
	if _, err := new(SummaryAccumulator).MarshalBinary(); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero summary accumulator: %v, want ErrInvalid", err)
	}
}

// A time.FixedZone cannot be loaded by name: its state decodes into an
// accumulator built in it, and a zero accumulator says why it cannot.
func TestAccumulatorDecodesFixedZoneIntoItsOwnLocation(t *testing.T) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	zone := time.FixedZone("UTC+9", 9*3600)
	s, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{Location: zone})
	noErr(t, err)
	noErr(t, s.Add(Transaction{Account: "a", At: day(1, 5), Amount: usd("1")}))
	data, err := s.MarshalBinary()
	noErr(t, err)
	decoded, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{Location: zone})
	noErr(t, err)
	noErr(t, decoded.UnmarshalBinary(data))
	if got, want := decoded.Summaries(), s.Summaries(); !slices.Equal(got, want) {
		t.Errorf("decoded %v, want %v", got, want)
	}
	if err := new(SummaryAccumulator).UnmarshalBinary(data); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero receiver: %v, want ErrInvalid", err)
	}
}

// Hand-edited states are rejected with the path of each problem, and leave
// the receiver unchanged.
func TestAccumulatorStatesRejected(t *testing.T) {
	s, err := NewSummaryAccumulator(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), success.Daily, SummaryOptions{})
	noErr(t, err)
	noErr(t, s.Add(Transaction{Account: "a", At: day(1, 5), Amount: usd("1")}))
	before, err := s.MarshalBinary()
	noErr(t, err)
	err = s.UnmarshalBinary([]byte(`{"kind":"cohort.summary","version":1,"state":{"calibration_end":"2026-04-01","location":"UTC","unit":"day","after":0,
		"accounts":[{"account":"a","days":[{"date":"2026-01-05","amount":"2"}]},{"account":"b","days":[]}]}}`))
	checkProblems(t, err, ErrInvalid, "accounts[0].days[0].amount", "accounts[1].days")
	if err := s.UnmarshalBinary([]byte(`{"kind":"cohort.summary","version":1,"state":{"calibration_end":"2026-04-01","location":"UTC","unit":"day","extra":1}}`)); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "extra") {
		t.Errorf("unknown field: %v, want ErrInvalid naming it", err)
	}
	after, err := s.MarshalBinary()
	noErr(t, err)
	if string(after) != string(before) {
		t.Errorf("a rejected state changed the accumulator:\n%s\nwant\n%s", after, before)
	}

}
