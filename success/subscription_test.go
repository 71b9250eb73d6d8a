package success_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // the location tests must not depend on the machine's zoneinfo

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// sub builds a line in USD.
func sub(account, id string, start, end time.Time, amount string, interval success.Grain, quantity int) success.Subscription {
	return success.Subscription{
		Account: success.AccountID(account), ID: id, Start: start, End: end,
		Amount: success.MustMoney(amount, "USD"), Interval: interval, Quantity: quantity,
	}
}

// rowText writes a row as "account line date mrr" for hand-written ledgers.
func rowText(r success.LedgerRow) string {
	return fmt.Sprintf("%s %s %s %s", r.Account, r.Line, r.Date.Format(time.DateOnly), r.MRR)
}

// ledger collects the rows of subs, stopping at the first error.
func ledger(t *testing.T, subs []success.Subscription, through time.Time, opts *success.SubscriptionOptions) ([]string, error) {
	t.Helper()
	var rows []string
	for r, err := range success.NormalizeSubscriptions(slices.Values(subs), through, opts) {
		if err != nil {
			return rows, err
		}
		rows = append(rows, rowText(r))
	}
	return rows, nil
}

func TestNormalizeSubscriptions(t *testing.T) {
	var zero time.Time
	through := date(2026, 4, 30)
	tests := []struct {
		name    string
		subs    []success.Subscription
		through time.Time
		want    []string
	}{
		{
			name: "monthly line, open",
			subs: []success.Subscription{sub("acme", "m1", date(2026, 1, 1), zero, "100", success.Monthly, 0)},
			want: []string{
				"acme m1 2026-01-31 100.00 USD", "acme m1 2026-02-28 100.00 USD",
				"acme m1 2026-03-31 100.00 USD", "acme m1 2026-04-30 100.00 USD",
			},
		},
		{
			name: "quarterly line: 300 a quarter is 100 a month",
			subs: []success.Subscription{sub("acme", "q1", date(2026, 2, 1), zero, "300", success.Quarterly, 1)},
			want: []string{"acme q1 2026-02-28 100.00 USD", "acme q1 2026-03-31 100.00 USD", "acme q1 2026-04-30 100.00 USD"},
		},
		{
			name: "annual line: 12,000 a year is exactly 1,000 a month",
			subs: []success.Subscription{sub("acme", "y1", date(2026, 3, 1), zero, "12000", success.Yearly, 0)},
			want: []string{"acme y1 2026-03-31 1000.00 USD", "acme y1 2026-04-30 1000.00 USD"},
		},
		{
			// 1000/12 = 83.333..., 100/3 = 33.333..., 1000.10/12 = 83.341666...,
			// 0.30/12 = 0.025 (a tie: half to even gives 0.02, half up would give 0.03),
			// 0.90/12 = 0.075 (a tie: to the even 0.08).
			name: "divisions that do not terminate round half to even to cents",
			subs: []success.Subscription{
				sub("acme", "a", date(2026, 4, 1), zero, "1000", success.Yearly, 0),
				sub("acme", "b", date(2026, 4, 1), zero, "100", success.Quarterly, 0),
				sub("acme", "c", date(2026, 4, 1), zero, "1000.10", success.Yearly, 0),
				sub("acme", "d", date(2026, 4, 1), zero, "0.30", success.Yearly, 0),
				sub("acme", "e", date(2026, 4, 1), zero, "0.90", success.Yearly, 0),
			},
			want: []string{
				"acme a 2026-04-30 83.33 USD", "acme b 2026-04-30 33.33 USD", "acme c 2026-04-30 83.34 USD",
				"acme d 2026-04-30 0.02 USD", "acme e 2026-04-30 0.08 USD",
			},
		},
		{
			// JPY has no minor unit (1000/12 = 83.3 → 83), KWD three places (83.333).
			name: "rounding follows the currency's minor unit",
			subs: []success.Subscription{
				{Account: "acme", ID: "jpy", Start: date(2026, 4, 1), Amount: success.MustMoney("1000", "JPY"), Interval: success.Yearly},
				{Account: "acme", ID: "kwd", Start: date(2026, 4, 1), Amount: success.MustMoney("1000", "KWD"), Interval: success.Yearly},
			},
			want: []string{"acme jpy 2026-04-30 83 JPY", "acme kwd 2026-04-30 83.333 KWD"},
		},
		{
			name: "quantity multiplies before dividing: 4 seats of 250 a year",
			subs: []success.Subscription{sub("acme", "seats", date(2026, 4, 1), zero, "250", success.Yearly, 4)},
			want: []string{"acme seats 2026-04-30 83.33 USD"},
		},
		{
			// The discount reduces acme's MRR on the same snapshot dates:
			// 100 - 20 = 80 in February and March.
			name: "a discount is a negative line",
			subs: []success.Subscription{
				sub("acme", "plan", date(2026, 1, 1), zero, "100", success.Monthly, 0),
				sub("acme", "promo", date(2026, 2, 1), date(2026, 4, 1), "-20", success.Monthly, 0),
				sub("acme", "annual-off", date(2026, 4, 1), zero, "-1000", success.Yearly, 0),
			},
			want: []string{
				"acme plan 2026-01-31 100.00 USD", "acme plan 2026-02-28 100.00 USD",
				"acme plan 2026-03-31 100.00 USD", "acme plan 2026-04-30 100.00 USD",
				"acme promo 2026-02-28 -20.00 USD", "acme promo 2026-03-31 -20.00 USD",
				"acme annual-off 2026-04-30 -83.33 USD",
			},
		},
		{
			// Starts 15 January: counts, in full, on 31 January. Ends 10
			// March: absent from 31 March, so the ledger shows churn in March.
			name: "mid-month start and end",
			subs: []success.Subscription{sub("acme", "mid", date(2026, 1, 15), date(2026, 3, 10), "100", success.Monthly, 0)},
			want: []string{"acme mid 2026-01-31 100.00 USD", "acme mid 2026-02-28 100.00 USD"},
		},
		{
			name: "end on the first of a month counts on the last day before it; end on a last day does not",
			subs: []success.Subscription{
				sub("acme", "to-mar-1", date(2026, 1, 1), date(2026, 3, 1), "100", success.Monthly, 0),
				sub("acme", "to-feb-28", date(2026, 1, 1), date(2026, 2, 28), "100", success.Monthly, 0),
				sub("acme", "on-jan-31", date(2026, 1, 31), date(2026, 2, 1), "100", success.Monthly, 0),
			},
			want: []string{
				"acme to-mar-1 2026-01-31 100.00 USD", "acme to-mar-1 2026-02-28 100.00 USD",
				"acme to-feb-28 2026-01-31 100.00 USD",
				"acme on-jan-31 2026-01-31 100.00 USD",
			},
		},
		{
			// The month in progress is snapshotted on through itself; a line
			// ending after through, or starting after it, is cut there.
			name:    "open line with through mid-month",
			through: date(2026, 4, 15),
			subs: []success.Subscription{
				sub("acme", "open", date(2026, 2, 10), zero, "100", success.Monthly, 0),
				sub("acme", "ends-later", date(2026, 3, 1), date(2026, 6, 1), "50", success.Monthly, 0),
				sub("acme", "ends-after-through", date(2026, 4, 1), date(2026, 4, 20), "10", success.Monthly, 0),
				sub("acme", "future", date(2026, 4, 16), zero, "100", success.Monthly, 0),
			},
			want: []string{
				"acme open 2026-02-28 100.00 USD", "acme open 2026-03-31 100.00 USD", "acme open 2026-04-15 100.00 USD",
				"acme ends-later 2026-03-31 50.00 USD", "acme ends-later 2026-04-15 50.00 USD",
				"acme ends-after-through 2026-04-15 10.00 USD",
			},
		},
		{
			// No rows in February and March: the movements show churn in
			// February and reactivation in April.
			name: "reactivation after a gap",
			subs: []success.Subscription{
				sub("acme", "first", date(2026, 1, 1), date(2026, 2, 15), "100", success.Monthly, 0),
				sub("acme", "again", date(2026, 4, 3), zero, "120", success.Monthly, 0),
			},
			want: []string{"acme first 2026-01-31 100.00 USD", "acme again 2026-04-30 120.00 USD"},
		},
		{
			name: "several accounts, leap February",
			subs: []success.Subscription{
				sub("acme", "a", date(2028, 2, 1), zero, "100", success.Monthly, 0),
				sub("globex", "g", date(2028, 1, 20), date(2028, 3, 5), "70", success.Monthly, 2),
			},
			through: date(2028, 3, 31),
			want: []string{
				"acme a 2028-02-29 100.00 USD", "acme a 2028-03-31 100.00 USD",
				"globex g 2028-01-31 140.00 USD", "globex g 2028-02-29 140.00 USD",
			},
		},
		{name: "no lines", subs: nil, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at := tc.through
			if at.IsZero() {
				at = through
			}
			got, err := ledger(t, tc.subs, at, nil)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// Rows are dated at the start of the snapshot's day in the line's start
// location; through is read as a date in its own location.
func TestNormalizeSubscriptionsLocation(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	havana, err := time.LoadLocation("America/Havana")
	require.NoError(t, err)
	rowDates := func(s success.Subscription, through time.Time) []time.Time {
		var dates []time.Time
		for r, err := range success.NormalizeSubscriptions(slices.Values([]success.Subscription{s}), through, nil) {
			require.NoError(t, err)
			dates = append(dates, r.Date)
		}
		return dates
	}
	usd := success.MustMoney("100", "USD")

	// 23:00 on 31 January in New York is already 1 February in UTC; the
	// line starts on 31 January, and through is 31 January (in UTC).
	s := success.Subscription{Account: "acme", Start: time.Date(2026, 1, 31, 23, 0, 0, 0, ny), Amount: usd, Interval: success.Monthly}
	dates := rowDates(s, time.Date(2026, 1, 31, 3, 0, 0, 0, time.UTC))
	require.Len(t, dates, 1)
	assert.Equal(t, time.Date(2026, 1, 31, 0, 0, 0, 0, ny), dates[0])
	assert.Equal(t, ny, dates[0].Location())

	// In Havana, daylight saving began at midnight on 1 April 2012: there
	// was no 00:00 that day, which began at 01:00 CDT (05:00 UTC). The
	// snapshot of through, 1 April, begins there.
	s = success.Subscription{Account: "acme", Start: time.Date(2012, 3, 5, 12, 0, 0, 0, havana), Amount: usd, Interval: success.Monthly}
	dates = rowDates(s, time.Date(2012, 4, 1, 12, 0, 0, 0, havana))
	require.Len(t, dates, 2)
	assert.Equal(t, time.Date(2012, 3, 31, 0, 0, 0, 0, havana), dates[0])
	assert.True(t, dates[1].Equal(time.Date(2012, 4, 1, 5, 0, 0, 0, time.UTC)), "%v", dates[1])
	assert.Equal(t, 1, dates[1].Day())
}

func TestSubscriptionMRR(t *testing.T) {
	s := sub("acme", "y", date(2026, 1, 1), time.Time{}, "12000", success.Yearly, 0)
	mrr, err := s.MRR()
	require.NoError(t, err)
	assert.True(t, mrr.Equal(success.MustMoney("1000", "USD")), "%v", mrr)
	assert.Equal(t, "1000.00 USD", mrr.String())

	s.Quantity = -1
	_, err = s.MRR()
	require.ErrorIs(t, err, success.ErrInvalid)
}

func TestSubscriptionValidate(t *testing.T) {
	good := sub("acme", "s1", date(2026, 1, 1), date(2026, 6, 1), "100", success.Monthly, 0)
	require.NoError(t, good.Validate())
	tests := []struct {
		name  string
		edit  func(*success.Subscription)
		paths []string
		text  string
	}{
		{"no account", func(s *success.Subscription) { s.Account = "" }, []string{"account"}, "account: is required"},
		{"no start", func(s *success.Subscription) { s.Start = time.Time{} }, []string{"start"}, "start: is required"},
		{"end before start", func(s *success.Subscription) { s.End = date(2025, 12, 1) }, []string{"end"}, "end: must be after start"},
		{"end at start", func(s *success.Subscription) { s.End = s.Start }, []string{"end"}, "end: must be after start"},
		{"no amount", func(s *success.Subscription) { s.Amount = success.Money{} }, []string{"amount"}, "amount: is required"},
		{"unknown currency", func(s *success.Subscription) { s.Amount = success.ZeroMoney("XYZ") }, []string{"amount.currency"}, `unknown currency "XYZ"`},
		{"no interval", func(s *success.Subscription) { s.Interval = "" }, []string{"interval"}, "interval: is required"},
		{"weekly interval", func(s *success.Subscription) { s.Interval = success.Weekly }, []string{"interval"},
			`interval: grain "week" is not accepted here (want month, quarter or year)`},
		{"negative quantity", func(s *success.Subscription) { s.Quantity = -2 }, []string{"quantity"}, "quantity: must be >= 0"},
		{"everything", func(s *success.Subscription) { *s = success.Subscription{Quantity: -1} },
			[]string{"account", "start", "amount", "interval", "quantity"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := good
			tc.edit(&s)
			err := s.Validate()
			require.ErrorIs(t, err, success.ErrInvalid)
			var paths []string
			for _, fe := range success.AsFieldErrors(err) {
				paths = append(paths, fe.Path)
			}
			assert.Equal(t, tc.paths, paths)
			assert.ErrorContains(t, err, tc.text)
		})
	}
	s := good
	s.Amount = success.ZeroMoney("XYZ")
	require.ErrorIs(t, s.Validate(), success.ErrUnknownCurrency)
}

// A bad line stops the ledger after the rows of the lines before it and
// names the line by position and ID, never by its amount.
func TestNormalizeSubscriptionsInvalidLine(t *testing.T) {
	subs := []success.Subscription{
		sub("acme", "ok", date(2026, 3, 1), time.Time{}, "100", success.Monthly, 0),
		sub("acme", "sub_9", date(2026, 3, 1), time.Time{}, "4321.98", success.Daily, -3),
		sub("acme", "after", date(2026, 3, 1), time.Time{}, "100", success.Monthly, 0),
	}
	rows, err := ledger(t, subs, date(2026, 4, 30), nil)
	assert.Equal(t, []string{"acme ok 2026-03-31 100.00 USD", "acme ok 2026-04-30 100.00 USD"}, rows)
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.EqualError(t, err, `subscriptions[1] (id "sub_9"): interval: grain "day" is not accepted here (want month, quarter or year); quantity: must be >= 0 (0 means 1)`)
	assert.NotContains(t, err.Error(), "4321")

	subs[1] = sub("acme", "", time.Time{}, time.Time{}, "100", success.Monthly, 0)
	_, err = ledger(t, subs, date(2026, 4, 30), nil)
	assert.EqualError(t, err, `subscriptions[1]: start: is required`)
}

// A line that starts and ends between two snapshots is an error by
// default, and reported to Unobserved when it is set; never dropped silently.
func TestNormalizeSubscriptionsUnobserved(t *testing.T) {
	subs := []success.Subscription{
		sub("acme", "short", date(2026, 1, 3), date(2026, 1, 20), "100", success.Monthly, 0),
		sub("acme", "same-day", time.Date(2026, 2, 3, 9, 0, 0, 0, time.UTC), time.Date(2026, 2, 3, 17, 0, 0, 0, time.UTC), "100", success.Monthly, 0),
		sub("acme", "long", date(2026, 1, 3), date(2026, 2, 20), "100", success.Monthly, 0),
	}
	_, err := ledger(t, subs, date(2026, 4, 30), nil)
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, `subscriptions[0] (id "short"): end: the line starts and ends between two month-end snapshots`)

	var skipped []string
	opts := &success.SubscriptionOptions{Unobserved: func(i int, s success.Subscription) {
		skipped = append(skipped, fmt.Sprintf("%d %s", i, s.ID))
	}}
	rows, err := ledger(t, subs, date(2026, 4, 30), opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"0 short", "1 same-day"}, skipped)
	assert.Equal(t, []string{"acme long 2026-01-31 100.00 USD"}, rows)

	// As of 10 January the short line is active on the snapshot of through.
	skipped = nil
	rows, err = ledger(t, subs[:1], date(2026, 1, 10), opts)
	require.NoError(t, err)
	assert.Empty(t, skipped)
	assert.Equal(t, []string{"acme short 2026-01-10 100.00 USD"}, rows)
}

func TestNormalizeSubscriptionsCap(t *testing.T) {
	// From January 2026 to December 2125 is exactly 1,200 month ends.
	s := sub("acme", "long", date(2026, 1, 1), time.Time{}, "100", success.Monthly, 0)
	rows, err := ledger(t, []success.Subscription{s}, date(2125, 12, 31), nil)
	require.NoError(t, err)
	assert.Len(t, rows, success.MaxSubscriptionMonths)
	assert.Equal(t, "acme long 2125-12-31 100.00 USD", rows[len(rows)-1])

	_, err = ledger(t, []success.Subscription{s}, date(2126, 1, 1), nil)
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, "active on 1201 monthly snapshots")

	// A start in year 1 is refused before any row, not after 24,000 of them.
	s.Start = date(1, 1, 1).Add(time.Hour)
	rows, err = ledger(t, []success.Subscription{s}, date(2026, 4, 30), nil)
	assert.Empty(t, rows)
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, `subscriptions[0] (id "long"): start: the line is active on 24304 monthly snapshots`)

	// An end date keeps an old line within the cap.
	s.End = date(1, 3, 1)
	rows, err = ledger(t, []success.Subscription{s}, date(2026, 4, 30), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"acme long 0001-01-31 100.00 USD", "acme long 0001-02-28 100.00 USD"}, rows)
}

func TestNormalizeSubscriptionsFrom(t *testing.T) {
	readErr := errors.New("disk on fire")
	subs := func(yield func(success.Subscription, error) bool) {
		if !yield(sub("acme", "a", date(2026, 4, 1), time.Time{}, "100", success.Monthly, 0), nil) {
			return
		}
		yield(success.Subscription{}, readErr)
	}
	var rows []string
	var err error
	for r, e := range success.NormalizeSubscriptionsFrom(subs, date(2026, 4, 30), nil) {
		if e != nil {
			err = e
			break
		}
		rows = append(rows, rowText(r))
	}
	assert.Equal(t, []string{"acme a 2026-04-30 100.00 USD"}, rows)
	require.ErrorIs(t, err, readErr)
	assert.EqualError(t, err, "reading subscriptions[1]: disk on fire")
}

func TestNormalizeSubscriptionsArguments(t *testing.T) {
	first := func(seq iter.Seq2[success.LedgerRow, error]) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	s := []success.Subscription{sub("acme", "a", date(2026, 4, 1), time.Time{}, "100", success.Monthly, 0)}
	err := first(success.NormalizeSubscriptions(slices.Values(s), time.Time{}, nil))
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.EqualError(t, err, "through: is required")

	err = first(success.NormalizeSubscriptions(nil, date(2026, 4, 30), nil))
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, "subscriptions: nil sequence")
	require.ErrorIs(t, first(success.NormalizeSubscriptionsFrom(nil, date(2026, 4, 30), nil)), success.ErrInvalid)
}

// A consumer may stop early (the first row of each line, say) without the
// sequence yielding again.
func TestNormalizeSubscriptionsBreak(t *testing.T) {
	s := []success.Subscription{
		sub("acme", "a", date(2026, 1, 1), time.Time{}, "100", success.Monthly, 0),
		sub("acme", "b", date(2026, 1, 1), time.Time{}, "100", success.Monthly, 0),
	}
	n := 0
	for range success.NormalizeSubscriptions(slices.Values(s), date(2026, 4, 30), nil) {
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
}

func TestSubscriptionJSON(t *testing.T) {
	s := sub("acme", "s1", date(2026, 1, 15), date(2026, 6, 1), "12000", success.Yearly, 3)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"account":"acme","id":"s1","start":"2026-01-15T00:00:00Z","end":"2026-06-01T00:00:00Z",
		"amount":{"amount":"12000.00","currency":"USD"},"interval":"year","quantity":3}`, string(b))
	var back success.Subscription
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Amount.Equal(s.Amount))
	back.Amount = s.Amount
	assert.Equal(t, s, back)

	b, err = json.Marshal(sub("acme", "", date(2026, 1, 15), time.Time{}, "10", success.Monthly, 0))
	require.NoError(t, err)
	assert.JSONEq(t, `{"account":"acme","start":"2026-01-15T00:00:00Z","amount":{"amount":"10.00","currency":"USD"},"interval":"month"}`, string(b))
}

// The rows of any line are the snapshots a month-by-month reading of the
// rule finds: each month end from the start's month (through itself in
// through's month) whose date d has start <= d < end, as calendar dates; a
// line that started by through with no such snapshot is reported, never
// dropped.
func TestNormalizeSubscriptionsMatchesTheRule(t *testing.T) {
	locs := []*time.Location{time.UTC, time.FixedZone("UTC+14", 14*3600), time.FixedZone("UTC-11", -11*3600)}
	civil := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	rapid.Check(t, func(t *rapid.T) {
		base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		start := base.Add(time.Duration(rapid.IntRange(0, 5*365*24).Draw(t, "startHour")) * time.Hour).
			In(rapid.SampledFrom(locs).Draw(t, "startLoc"))
		var end time.Time
		if rapid.Bool().Draw(t, "ends") {
			end = start.Add(time.Duration(rapid.IntRange(1, 3*365*24).Draw(t, "hours")) * time.Hour).
				In(rapid.SampledFrom(locs).Draw(t, "endLoc"))
		}
		through := base.Add(time.Duration(rapid.IntRange(0, 8*365*24).Draw(t, "throughHour")) * time.Hour).
			In(rapid.SampledFrom(locs).Draw(t, "throughLoc"))
		s := success.Subscription{Account: "acme", ID: "s", Start: start, End: end,
			Amount: success.MustMoney("100", "USD"), Interval: success.Monthly}

		var want []string
		sd, td := civil(start), civil(through)
		for m := time.Date(sd.Year(), sd.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(td); m = m.AddDate(0, 1, 0) {
			snap := m.AddDate(0, 1, -1)
			if snap.After(td) {
				snap = td
			}
			if !snap.Before(sd) && (end.IsZero() || snap.Before(civil(end))) {
				want = append(want, snap.Format(time.DateOnly))
			}
		}
		var got []string
		unobserved := 0
		opts := &success.SubscriptionOptions{Unobserved: func(int, success.Subscription) { unobserved++ }}
		for r, err := range success.NormalizeSubscriptions(slices.Values([]success.Subscription{s}), through, opts) {
			if err != nil {
				t.Fatal(err)
			}
			if r.Date.Location() != start.Location() || !r.MRR.Equal(s.Amount) {
				t.Fatalf("row %v %v", r.Date, r.MRR)
			}
			got = append(got, r.Date.Format(time.DateOnly))
		}
		if !slices.Equal(want, got) {
			t.Fatalf("want %v, got %v", want, got)
		}
		wantUnobserved := 0
		if len(want) == 0 && !sd.After(td) {
			wantUnobserved = 1
		}
		if unobserved != wantUnobserved {
			t.Fatalf("unobserved reported %d times, want %d", unobserved, wantUnobserved)
		}
	})
}

// Rows share their line's MRR: after the line's own work, a row allocates
// nothing (go test -bench NormalizeSubscriptions -benchmem: allocations per
// op do not grow with the 120 rows of the line).
func BenchmarkNormalizeSubscriptions(b *testing.B) {
	subs := []success.Subscription{sub("acme", "a", date(2016, 1, 1), time.Time{}, "12000", success.Yearly, 3)}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range success.NormalizeSubscriptions(slices.Values(subs), date(2025, 12, 31), nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 120 {
			b.Fatal(n)
		}
	}
}

// Allocations are per line, not per row.
func TestNormalizeSubscriptionsRowsDoNotAllocate(t *testing.T) {
	subs := []success.Subscription{sub("acme", "a", date(2016, 1, 1), time.Time{}, "12000", success.Yearly, 3)}
	allocs := func(through time.Time) float64 {
		return testing.AllocsPerRun(20, func() {
			for _, err := range success.NormalizeSubscriptions(slices.Values(subs), through, nil) {
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	assert.Equal(t, allocs(date(2016, 12, 31)), allocs(date(2025, 12, 31)), "12 rows against 120 rows")
}
