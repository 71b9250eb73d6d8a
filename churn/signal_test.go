package churn_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

// daily returns one point per day from start with the given counts.
func daily(start time.Time, counts ...float64) []churn.Point {
	out := make([]churn.Point, len(counts))
	for i, c := range counts {
		out[i] = churn.Point{Date: start.AddDate(0, 0, i), Count: c}
	}
	return out
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func signalKinds(signals []churn.Signal) []churn.SignalKind {
	var out []churn.SignalKind
	for _, s := range signals {
		out = append(out, s.Kind)
	}
	return out
}

func findSignal(t *testing.T, signals []churn.Signal, kind churn.SignalKind) churn.Signal {
	t.Helper()
	i := slices.IndexFunc(signals, func(s churn.Signal) bool { return s.Kind == kind })
	require.NotEqual(t, -1, i, "no %s signal in %v", kind, signalKinds(signals))
	return signals[i]
}

func num(t *testing.T, s churn.Signal, name string) float64 {
	t.Helper()
	v, ok := s.Number(name)
	require.True(t, ok, "%s signal has no number %q: %v", s.Kind, name, s.Numbers)
	return v
}

func TestDropOff(t *testing.T) {
	// Logged in on 1, 2 and 3 March, then nothing.
	u := churn.Usage{Account: "acme", Activity: daily(day(3, 1), 1, 1, 1)}
	tests := []struct {
		asOf  time.Time
		fires bool
	}{
		{day(3, 16), false}, // silent 13 days
		{day(3, 17), true},  // silent 14 days: 4..17 March
		{day(4, 30), true},
	}
	for _, tt := range tests {
		got, err := churn.DetectSignals(u, tt.asOf, churn.SignalOptions{})
		require.NoError(t, err)
		if !tt.fires {
			assert.Equal(t, []churn.SignalKind(nil), signalKinds(got), tt.asOf)
			continue
		}
		s := findSignal(t, got, churn.DropOff)
		assert.Equal(t, day(3, 4), s.Since)
		assert.Equal(t, 3.0, num(t, s, "active_periods"))
		assert.Equal(t, float64(tt.asOf.Sub(day(3, 3))/(24*time.Hour)), num(t, s, "silent_days"))
	}
	// Two active days are not enough with the default of three, but are with two.
	u.Activity = daily(day(3, 1), 1, 1)
	got, err := churn.DetectSignals(u, day(4, 30), churn.SignalOptions{})
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = churn.DetectSignals(u, day(4, 30), churn.SignalOptions{DropOff: churn.DropOffRule{MinActive: 2}})
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.DropOff}, signalKinds(got))

	// Only activity in the first 7 days counts with FirstDays 7: active on 1
	// and 2 March, then on 20 March, is 2 early active days.
	u.Activity = append(daily(day(3, 1), 1, 1), churn.Point{Date: day(3, 20), Count: 1})
	rule := churn.SignalOptions{DropOff: churn.DropOffRule{FirstDays: 7, MinActive: 2}}
	got, err = churn.DetectSignals(u, day(4, 30), rule)
	require.NoError(t, err)
	s := findSignal(t, got, churn.DropOff)
	assert.Equal(t, day(3, 21), s.Since)
	assert.Equal(t, 2.0, num(t, s, "active_periods"))
	rule.DropOff.MinActive = 3
	got, err = churn.DetectSignals(u, day(4, 30), rule)
	require.NoError(t, err)
	assert.Empty(t, got)

	// Weekly points cover seven days: active in the weeks of 2, 9 and 16 March,
	// so the last active day is 22 March and silence starts on the 23rd.
	weekly := churn.Usage{Account: "acme", Grain: success.Weekly, Activity: []churn.Point{
		{Date: day(3, 2), Count: 5}, {Date: day(3, 9), Count: 3}, {Date: day(3, 16), Count: 1}, {Date: day(3, 23), Count: 0},
	}}
	got, err = churn.DetectSignals(weekly, day(4, 6), churn.SignalOptions{})
	require.NoError(t, err)
	s = findSignal(t, got, churn.DropOff)
	assert.Equal(t, day(3, 23), s.Since)
	assert.Equal(t, 15.0, num(t, s, "silent_days"))
}

func TestDecline(t *testing.T) {
	// 28 days at 10 a day (280), then 28 days at 4 a day (112): down 60%.
	counts := append(repeat(10, 28), repeat(4, 28)...)
	u := churn.Usage{Account: "acme", Activity: daily(day(1, 1), counts...)}
	asOf := day(1, 1).AddDate(0, 0, 55) // the last day with data
	got, err := churn.DetectSignals(u, asOf, churn.SignalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.Decline}, signalKinds(got))
	s := got[0]
	assert.Equal(t, 112.0, num(t, s, "recent"))
	assert.Equal(t, 280.0, num(t, s, "previous"))
	assert.InDelta(t, 0.6, num(t, s, "drop"), 1e-12, "%v", s.Numbers)
	// Hand-computed Since: k days before asOf, the recent window holds k days
	// of 10 and 28-k of 4 (112+6k) and the previous window 28-k days of 10
	// (280-10k; days before 1 January count zero). The rule recent <=
	// previous/2 holds while 112+6k <= 140-5k, that is k <= 2.
	assert.Equal(t, asOf.AddDate(0, 0, -2), s.Since)
	assert.Equal(t, "activity down 60% (112 in the last 28 days against 280 in the 28 days before)", s.Summary)

	// A 40% drop does not reach the default 50%, but reaches a 30% rule.
	counts = append(repeat(10, 28), repeat(6, 28)...)
	u.Activity = daily(day(1, 1), counts...)
	got, err = churn.DetectSignals(u, asOf, churn.SignalOptions{})
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = churn.DetectSignals(u, asOf, churn.SignalOptions{Decline: churn.DeclineRule{MinDrop: 0.3}})
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.Decline}, signalKinds(got))

	// A tiny account (10 → 2 actions) is below the minimum base of 20 and
	// does not flap.
	tiny := make([]float64, 56)
	tiny[0], tiny[9], tiny[30] = 5, 5, 2
	u.Activity = daily(day(1, 1), tiny...)
	got, err = churn.DetectSignals(u, asOf, churn.SignalOptions{DropOff: churn.DropOffRule{Disabled: true}})
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = churn.DetectSignals(u, asOf, churn.SignalOptions{DropOff: churn.DropOffRule{Disabled: true}, Decline: churn.DeclineRule{MinBase: 5}})
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.Decline}, signalKinds(got))

	// Data after the as-of date is ignored: as of day 27 there is no decline yet.
	u.Activity = daily(day(1, 1), counts...)
	got, err = churn.DetectSignals(u, day(1, 28), churn.SignalOptions{Decline: churn.DeclineRule{MinDrop: 0.3}})
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestNeverActivated(t *testing.T) {
	u := churn.Usage{Account: "acme", Start: day(2, 1),
		Activity:   daily(day(2, 1), 3, 4, 5), // logins...
		KeyActions: []churn.Point{},           // ...but no key action (non-nil: do not fall back to Activity)
	}
	got, err := churn.DetectSignals(u, day(2, 14), churn.SignalOptions{DropOff: churn.DropOffRule{Disabled: true}})
	require.NoError(t, err)
	assert.Empty(t, got) // 13 days in: not yet
	got, err = churn.DetectSignals(u, day(2, 15), churn.SignalOptions{DropOff: churn.DropOffRule{Disabled: true}})
	require.NoError(t, err)
	s := findSignal(t, got, churn.NeverActivated)
	assert.Equal(t, day(2, 15), s.Since)
	assert.Equal(t, 14.0, num(t, s, "days_since_start"))

	// A key action, even late, means the account activated.
	u.KeyActions = []churn.Point{{Date: day(2, 20), Count: 1}}
	got, err = churn.DetectSignals(u, day(3, 1), churn.SignalOptions{DropOff: churn.DropOffRule{Disabled: true}})
	require.NoError(t, err)
	assert.Empty(t, got)
	// As of before that key action, it had not.
	got, err = churn.DetectSignals(u, day(2, 19), churn.SignalOptions{DropOff: churn.DropOffRule{Disabled: true}})
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.NeverActivated}, signalKinds(got))
}

// A weekly point covers the week from its date, so the week in which the
// account started (dated on its Monday, before a mid-week start) holds key
// actions taken after the start: the account activated.
func TestNeverActivatedWeeklyStartMidWeek(t *testing.T) {
	start := day(2, 4) // a Wednesday; its week is dated Monday 2 February
	u := churn.Usage{Account: "acme", Start: start, Grain: success.Weekly,
		Activity: []churn.Point{{Date: day(2, 2), Count: 2}, {Date: day(2, 9), Count: 0}, {Date: day(2, 16), Count: 0}}}
	opts := churn.SignalOptions{DropOff: churn.DropOffRule{Disabled: true}}
	got, err := churn.DetectSignals(u, day(2, 20), opts)
	require.NoError(t, err)
	assert.Empty(t, got, "key actions in the week of the start")

	// A week that ended before the start says nothing about the account.
	u.Activity = []churn.Point{{Date: day(1, 26), Count: 5}}
	got, err = churn.DetectSignals(u, day(2, 20), opts)
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.NeverActivated}, signalKinds(got))
}

func TestSupportSpike(t *testing.T) {
	// Baseline: 9 tickets over the 90 days before the window (0.1 a day, 1.4
	// per 14 days); then 5 tickets in the last 14 days: 5 > 2 × 1.4.
	var tickets []churn.Point
	for i := range 9 {
		tickets = append(tickets, churn.Point{Date: day(1, 1).AddDate(0, 0, 10*i), Count: 1})
	}
	asOf := day(1, 1).AddDate(0, 0, 90+14-1) // 14 April: the window is 1-14 April
	for i := range 5 {
		tickets = append(tickets, churn.Point{Date: asOf.AddDate(0, 0, -2*i-1), Count: 1})
	}
	// Tickets must be ascending.
	for i, j := 9, len(tickets)-1; i < j; i, j = i+1, j-1 {
		tickets[i], tickets[j] = tickets[j], tickets[i]
	}
	u := churn.Usage{Account: "acme", Tickets: tickets}
	got, err := churn.DetectSignals(u, asOf, churn.SignalOptions{})
	require.NoError(t, err)
	s := findSignal(t, got, churn.SupportSpike)
	assert.Equal(t, 5.0, num(t, s, "recent"))
	assert.InDelta(t, 1.4, num(t, s, "baseline"), 1e-12, "%v", s.Numbers)
	// The rule first held when the third ticket of the spike arrived (3 >= min 3
	// and > 2.8): the tickets fell on asOf-9, -7, -5, -3, -1, so on asOf-5.
	assert.Equal(t, asOf.AddDate(0, 0, -5), s.Since)

	// With a multiple of 4 (5.6), 5 tickets are no spike.
	got, err = churn.DetectSignals(u, asOf, churn.SignalOptions{SupportSpike: churn.SupportSpikeRule{Multiple: 4}})
	require.NoError(t, err)
	assert.Empty(t, got)
}

// The baseline counts only the account's own history: onboarding tickets of
// a new account are not a spike over the days before it existed.
func TestSupportSpikeYoungAccount(t *testing.T) {
	start := day(1, 1)
	onboarding := []churn.Point{{Date: day(1, 2), Count: 2}, {Date: day(1, 5), Count: 1}, {Date: day(1, 9), Count: 1}}
	young := churn.Usage{Account: "new", Start: start, Tickets: onboarding}
	got, err := churn.DetectSignals(young, day(1, 14), churn.SignalOptions{})
	require.NoError(t, err)
	assert.Empty(t, got, "no history before the window, so no baseline")

	// Without a Start the SDK cannot tell, and days before count as zero.
	got, err = churn.DetectSignals(churn.Usage{Account: "new", Tickets: onboarding}, day(1, 14), churn.SignalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.SupportSpike}, signalKinds(got))

	// 30 days of history before the window (1-30 January) with one ticket:
	// a baseline of 1 × 14/30 = 0.4667 per 14 days, hand-computed; 3 tickets
	// in 31 January - 13 February exceed 2 × 0.4667.
	grown := churn.Usage{Account: "grown", Start: start, Tickets: []churn.Point{
		{Date: day(1, 10), Count: 1}, {Date: day(2, 2), Count: 1}, {Date: day(2, 6), Count: 1}, {Date: day(2, 12), Count: 1},
	}}
	got, err = churn.DetectSignals(grown, day(2, 13), churn.SignalOptions{})
	require.NoError(t, err)
	s := findSignal(t, got, churn.SupportSpike)
	assert.Equal(t, 3.0, num(t, s, "recent"))
	assert.Equal(t, 30.0, num(t, s, "baseline_days"))
	assert.InDelta(t, 14.0/30, num(t, s, "baseline"), 1e-12)
}

func TestSignalsBadInput(t *testing.T) {
	u := churn.Usage{
		Grain:    success.Monthly,
		Activity: []churn.Point{{Date: day(1, 2), Count: 1}, {Date: day(1, 2), Count: math.NaN()}},
		Tickets:  []churn.Point{{Count: -1}},
	}
	_, err := churn.DetectSignals(u, time.Time{}, churn.SignalOptions{Decline: churn.DeclineRule{MinDrop: 1.5, WindowDays: -1}})
	require.ErrorIs(t, err, churn.ErrInvalid)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	assert.Equal(t, []string{"options.decline.window_days", "options.decline.min_drop", "as_of", "account", "grain",
		"activity[1].date", "activity[1].count", "tickets[0].date", "tickets[0].count"}, paths)
	assert.Contains(t, err.Error(), "activity[1].date: 2026-01-02 is not after activity[0] (2026-01-02)")
	assert.Contains(t, err.Error(), `grain: grain "month" is not accepted here (want day or week)`)
}

// Counts are summed to compare windows; a series whose counts add up beyond
// float64 would turn every window into Inf - Inf = NaN and silently raise
// nothing, so it is rejected like a NaN count.
func TestSignalsCountsBeyondFloat64(t *testing.T) {
	counts := append(repeat(math.MaxFloat64/10, 28), repeat(0, 28)...)
	u := churn.Usage{Account: "huge", Activity: daily(day(1, 1), counts...)}
	_, err := churn.DetectSignals(u, day(2, 25), churn.SignalOptions{})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, "activity[10].count: the counts up to here add up beyond the float64 range", err.Error())
}

func TestDetectAll(t *testing.T) {
	quiet := churn.Usage{Account: "quiet", Activity: daily(day(3, 1), 1, 1, 1)}
	busy := churn.Usage{Account: "busy", Activity: daily(day(4, 1), repeat(5, 29)...)}
	got, err := churn.DetectAll(slices.Values([]churn.Usage{quiet, busy}), day(4, 29), churn.SignalOptions{})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, success.AccountID("quiet"), got[0].Account)
	assert.Equal(t, day(4, 29), got[0].AsOf)

	bad := churn.Usage{Account: "bad", Tickets: []churn.Point{{Date: day(1, 1), Count: math.Inf(1)}}}
	_, err = churn.DetectAll(slices.Values([]churn.Usage{quiet, bad}), day(4, 29), churn.SignalOptions{})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, `usage[1] (account "bad").tickets[0].count: must be a finite number >= 0, got +Inf`, err.Error())

	// The same account twice would raise its signals twice.
	_, err = churn.DetectAll(slices.Values([]churn.Usage{quiet, busy, quiet}), day(4, 29), churn.SignalOptions{})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, `usage[2] (account "quiet").account: duplicate: usage[0] already holds this account's usage`, err.Error())

	// Bad options and as-of date are reported once, not once per account.
	_, err = churn.DetectAll(slices.Values([]churn.Usage{quiet, busy, bad}), time.Time{},
		churn.SignalOptions{Decline: churn.DeclineRule{MinDrop: 2}})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, "options.decline.min_drop: is a share and must be <= 1, got 2; as_of: must be set", err.Error())
}

// dayOf (unexported) is checked through its effect: Since dates across
// leap days, year ends and before 1970 land on the right calendar day.
func TestSignalDatesAcrossCalendar(t *testing.T) {
	for _, last := range []time.Time{
		time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 30, 0, 0, 0, 0, time.UTC),
		time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC),
		time.Date(2000, 2, 28, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)),
	} {
		u := churn.Usage{Account: "a", Activity: daily(last.AddDate(0, 0, -2), 1, 1, 1)}
		got, err := churn.DetectSignals(u, last.AddDate(0, 0, 20), churn.SignalOptions{})
		require.NoError(t, err)
		s := findSignal(t, got, churn.DropOff)
		y, m, d := last.AddDate(0, 0, 1).Date()
		assert.Equal(t, time.Date(y, m, d, 0, 0, 0, 0, time.UTC), s.Since, last)
		assert.Equal(t, 20.0, num(t, s, "silent_days"), last)
	}
}
