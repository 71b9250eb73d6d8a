package success_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// A mistyped year (20260) is an error at validation, naming the field, not a
// record that later fails to encode or a subscription that yields nothing.
func TestDatesOutsideTheCalendarAreErrors(t *testing.T) {
	far := time.Date(20260, 1, 1, 0, 0, 0, 0, time.UTC)
	ok := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

	acct := success.Account{ID: "a", ARR: success.MustMoney("1", "USD"), StartDate: far, Stage: success.StageOnboarding}
	assert.Equal(t, []string{"start_date"}, paths(acct.Validate()))
	acct = success.Account{ID: "a", ARR: success.MustMoney("1", "USD"), StartDate: ok, RenewalDate: far, Stage: success.StageOnboarding}
	assert.Equal(t, []string{"renewal_date"}, paths(acct.Validate()))

	o := success.RequiredOutcome{ID: "o", Metric: "m", Target: 1, Direction: success.HigherIsBetter, Start: ok, Due: far,
		Measurements: []success.Measurement{{At: far, Value: 1}}}
	assert.Equal(t, []string{"due", "measurements[0].at"}, paths(o.Validate()))

	sub := success.Subscription{Account: "a", ID: "l1", Start: far, Amount: success.MustMoney("10", "USD"), Interval: success.Monthly}
	require.ErrorIs(t, sub.Validate(), success.ErrInvalid)
	assert.Equal(t, []string{"start"}, paths(sub.Validate()))
	sub.Start, sub.End = ok, far
	assert.Equal(t, []string{"end"}, paths(sub.Validate()))

	// A line starting past through's calendar was dropped silently, and a
	// through in year 20260 blamed the line's start.
	sub.Start, sub.End = far, time.Time{}
	var errs []error
	for _, err := range success.NormalizeSubscriptions(slices.Values([]success.Subscription{sub}), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorContains(t, errs[0], "start: is outside the years 1 to 9999")
	sub.Start = ok
	errs = nil
	for _, err := range success.NormalizeSubscriptions(slices.Values([]success.Subscription{sub}), far, nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "through: is outside the years 1 to 9999")

	ms := []success.Milestone{{ID: "k", Name: "kick-off", DueAfterDays: 7, CompletedAt: far}}
	assert.Equal(t, []string{"milestones[0].completed_at"}, paths(success.ValidateMilestones(ms)))
}

func paths(err error) []string {
	var out []string
	for _, fe := range success.AsFieldErrors(err) {
		out = append(out, fe.Path)
	}
	return out
}
