package burden_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
)

var (
	jan = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	feb = time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	mar = time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
)

func ptr(v float64) *float64 { return &v }

func weights() burden.Weights {
	return burden.Weights{
		Types:          map[string]float64{"bug": 2, "howto": 1},
		Severities:     map[string]float64{"high": 3, "low": 1},
		NegativeFactor: 0.5,
	}
}

func options() burden.Options {
	return burden.Options{
		Weights:    weights(),
		HourlyCost: success.MustMoney("80", "USD"),
		Directory: map[success.AccountID]burden.Assignment{
			"a": {Segment: "ent", Owner: "ann"},
			"b": {Segment: "smb", Owner: "ann"},
		},
	}
}

func fixture() ([]burden.Ticket, []burden.Usage) {
	tickets := []burden.Ticket{
		{ID: "T1", Account: "a", At: jan, Type: "bug", Severity: "high", Handling: 2 * time.Hour},                                // 2×3 = 6
		{ID: "T2", Account: "a", At: jan, Type: "howto", Severity: "low", Sentiment: ptr(-0.8), Handling: time.Hour},             // 1×1×(1+0.5×0.8) = 1.4
		{ID: "T3", Account: "a", At: feb, Type: "bug", Severity: "low", Sentiment: ptr(0.5), Handling: 90 * time.Minute},         // 2, positive sentiment ignored
		{ID: "T4", Account: "b", At: jan, Type: "howto", Severity: "high", Handling: 30 * time.Minute},                           // 3
		{ID: "T5", Account: "a", At: mar, Type: "bug", Severity: "high", Handling: 100 * time.Hour, Text: "outside the periods"}, // ignored
	}
	usage := []burden.Usage{
		{Account: "a", At: jan, Amount: 60}, {Account: "a", At: jan, Amount: 40},
		{Account: "a", At: feb, Amount: 200},
		{Account: "b", At: feb, Amount: 50},
		{Account: "b", At: mar, Amount: 1000},
	}
	return tickets, usage
}

func compare(t *testing.T, tickets []burden.Ticket, usage []burden.Usage, opts burden.Options) burden.Report {
	t.Helper()
	r, err := burden.Compare(success.Monthly, jan, feb, slices.Values(tickets), slices.Values(usage), opts)
	require.NoError(t, err)
	return r
}

func TestCompareHandComputed(t *testing.T) {
	tickets, usage := fixture()
	r := compare(t, tickets, usage, options())
	assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), r.Baseline)
	assert.Equal(t, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), r.Current)

	cost := func(s string) *success.Money { m := success.MustMoney(s, "USD"); return &m }
	tests := []struct {
		name                      string
		got                       burden.Reduction
		baseTickets, curTickets   int
		baseWeighted, curWeighted float64
		baseUsage, curUsage       float64
		baseHours, curHours       float64
		baseBurden, curBurden     burden.Quantity
		reduction, hoursSaved     burden.Quantity
		costSaved                 *success.Money
	}{
		{"account a", r.Accounts["a"], 2, 1, 7.4, 2, 100, 200, 3, 1.5,
			def(0.074), def(0.01), def((0.074 - 0.01) / 0.074), def(4.5), cost("360.00")},
		{"account b: no baseline usage", r.Accounts["b"], 1, 0, 3, 0, 0, 50, 0.5, 0,
			burden.Quantity{}, def(0), burden.Quantity{}, burden.Quantity{}, nil},
		{"owner ann", r.Owners["ann"], 3, 1, 10.4, 2, 100, 250, 3.5, 1.5,
			def(0.104), def(0.008), def((0.104 - 0.008) / 0.104), def(7.25), cost("580.00")},
		{"segment ent", r.Segments["ent"], 2, 1, 7.4, 2, 100, 200, 3, 1.5,
			def(0.074), def(0.01), def((0.074 - 0.01) / 0.074), def(4.5), cost("360.00")},
		{"total", r.Total, 3, 1, 10.4, 2, 100, 250, 3.5, 1.5,
			def(0.104), def(0.008), def((0.104 - 0.008) / 0.104), def(7.25), cost("580.00")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.got
			assert.Equal(t, tt.baseTickets, g.Baseline.Tickets)
			assert.Equal(t, tt.curTickets, g.Current.Tickets)
			assert.InDelta(t, tt.baseWeighted, g.Baseline.Weighted, 1e-12)
			assert.InDelta(t, tt.curWeighted, g.Current.Weighted, 1e-12)
			assert.InDelta(t, tt.baseUsage, g.Baseline.Usage, 1e-12)
			assert.InDelta(t, tt.curUsage, g.Current.Usage, 1e-12)
			assert.InDelta(t, tt.baseHours, g.Baseline.Hours, 1e-12)
			assert.InDelta(t, tt.curHours, g.Current.Hours, 1e-12)
			quantity(t, tt.baseBurden, g.Baseline.Burden)
			quantity(t, tt.curBurden, g.Current.Burden)
			quantity(t, tt.reduction, g.Reduction)
			quantity(t, tt.hoursSaved, g.HoursSaved)
			if tt.costSaved == nil {
				assert.Nil(t, g.CostSaved)
			} else if assert.NotNil(t, g.CostSaved) {
				assert.True(t, tt.costSaved.Equal(*g.CostSaved), "cost saved %v, want %v", g.CostSaved, tt.costSaved)
			}
		})
	}
	// What a figure is made of: the tickets of each type and the weight applied.
	assert.Equal(t, burden.TypeShare{Tickets: 1, Weight: 2, Weighted: 6}, r.Accounts["a"].Baseline.ByType["bug"])
	assert.InDelta(t, 1.4, r.Accounts["a"].Baseline.ByType["howto"].Weighted, 1e-12)
	assert.Equal(t, 2, r.Owners["ann"].Baseline.ByType["howto"].Tickets)
}

func def(v float64) burden.Quantity { return burden.Quantity{Value: v, Defined: true} }

func quantity(t *testing.T, want, got burden.Quantity) {
	t.Helper()
	assert.Equal(t, want.Defined, got.Defined, "defined")
	assert.InDelta(t, want.Value, got.Value, 1e-12)
}

func TestZeroBaselineBurdenIsUndefined(t *testing.T) {
	usage := []burden.Usage{{Account: "a", At: jan, Amount: 10}, {Account: "a", At: feb, Amount: 10}}
	tickets := []burden.Ticket{{ID: "T", Account: "a", At: feb, Type: "bug", Severity: "low", Handling: time.Hour}}
	r := compare(t, tickets, usage, options())
	a := r.Accounts["a"]
	quantity(t, def(0), a.Baseline.Burden)
	assert.False(t, a.Reduction.Defined)
	quantity(t, def(-1), a.HoursSaved) // 10 × 0/10 − 1
	require.NotNil(t, a.CostSaved)
	assert.True(t, success.MustMoney("-80.00", "USD").Equal(*a.CostSaved))
}

func TestNoHourlyCostGivesNoCost(t *testing.T) {
	tickets, usage := fixture()
	opts := options()
	opts.HourlyCost = success.Money{}
	r := compare(t, tickets, usage, opts)
	assert.True(t, r.Accounts["a"].HoursSaved.Defined)
	assert.Nil(t, r.Accounts["a"].CostSaved)
}

func TestUnassignedAccountsRollUpUnderEmpty(t *testing.T) {
	tickets, usage := fixture()
	opts := options()
	opts.Directory = nil
	r := compare(t, tickets, usage, opts)
	assert.Equal(t, 3, r.Owners[""].Baseline.Tickets)
	assert.Equal(t, 3, r.Segments[""].Baseline.Tickets)
}

func TestUndefinedIsJSONNull(t *testing.T) {
	tickets, usage := fixture()
	r := compare(t, tickets, usage, options())
	b, err := json.Marshal(r.Accounts["b"])
	require.NoError(t, err)
	s := string(b)
	assert.Contains(t, s, `"reduction":null`)
	assert.Contains(t, s, `"hours_saved":null`)
	assert.Contains(t, s, `"cost_saved":null`)
	assert.Contains(t, s, `"burden":0`)

	var q burden.Quantity
	require.NoError(t, json.Unmarshal([]byte("null"), &q))
	assert.False(t, q.Defined)
	require.NoError(t, json.Unmarshal([]byte("0.5"), &q))
	assert.Equal(t, def(0.5), q)
	assert.Equal(t, "undefined", burden.Quantity{}.String())
	assert.Equal(t, "0.5", q.String())
}

func TestSamePeriodCountsOnce(t *testing.T) {
	tickets, usage := fixture()
	r, err := burden.Compare(success.Monthly, jan, jan, slices.Values(tickets), slices.Values(usage), options())
	require.NoError(t, err)
	assert.Equal(t, 2, r.Accounts["a"].Current.Tickets)
	quantity(t, def(0), r.Accounts["a"].Reduction)
	quantity(t, def(0), r.Accounts["a"].HoursSaved)
}

func TestBadInput(t *testing.T) {
	secret := "my password is hunter2"
	ok := burden.Ticket{ID: "T9", Account: "acme", At: jan, Type: "bug", Severity: "low", Text: secret}
	tests := []struct {
		name    string
		ticket  func(*burden.Ticket)
		usage   []burden.Usage
		weights func(*burden.Weights)
		want    string
	}{
		{name: "sentiment above 1", ticket: func(t *burden.Ticket) { t.Sentiment = ptr(1.5) }, want: `tickets[1] (ticket "T9", account "acme"): sentiment must be within [-1, 1]`},
		{name: "sentiment NaN", ticket: func(t *burden.Ticket) { nan := 0.0; nan /= nan; t.Sentiment = &nan }, want: "sentiment must be within [-1, 1]"},
		{name: "negative handling", ticket: func(t *burden.Ticket) { t.Handling = -time.Minute }, want: "handling time must be >= 0"},
		{name: "unknown type", ticket: func(t *burden.Ticket) { t.Type = "outage" }, want: "type is not in the weights table"},
		{name: "unknown severity", ticket: func(t *burden.Ticket) { t.Severity = "sev0" }, want: "severity is not in the weights table"},
		{name: "no account", ticket: func(t *burden.Ticket) { t.Account = "" }, want: "account must be a valid account ID"},
		{name: "negative usage", usage: []burden.Usage{{Account: "acme", At: jan, Amount: 1}, {Account: "acme", At: jan, Amount: -1}}, want: `usage[1] (account "acme"): amount must be a number within 0 to 1e+15`},
		{name: "negative weight", weights: func(w *burden.Weights) { w.Types["bug"] = -1 }, want: `weights.types["bug"] must be a number within 0`},
		{name: "negative factor", weights: func(w *burden.Weights) { w.NegativeFactor = -1 }, want: "weights.negative_factor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := ok
			if tt.ticket != nil {
				tt.ticket(&bad)
			}
			opts := options()
			if tt.weights != nil {
				tt.weights(&opts.Weights)
			}
			_, err := burden.Compare(success.Monthly, jan, feb, slices.Values([]burden.Ticket{ok, bad}), slices.Values(tt.usage), opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, errors.Is(err, burden.ErrInvalid))
			assert.True(t, errors.Is(err, success.ErrInvalid))
			assert.False(t, strings.Contains(err.Error(), "hunter2"), "error quotes the ticket text")
		})
	}
}

func TestBadSettings(t *testing.T) {
	opts := options()
	_, err := burden.Compare("fortnight", jan, feb, nil, nil, opts)
	assert.ErrorIs(t, err, burden.ErrInvalid)
	opts.HourlyCost = success.MustMoney("-1", "USD")
	_, err = burden.Compare(success.Monthly, jan, feb, slices.Values([]burden.Ticket{}), slices.Values([]burden.Usage{}), opts)
	assert.ErrorIs(t, err, burden.ErrInvalid)
}

func TestNilSequencesAreEmpty(t *testing.T) {
	r, err := burden.Compare(success.Weekly, jan, feb, nil, nil, options())
	require.NoError(t, err)
	assert.Empty(t, r.Accounts)
	assert.False(t, r.Total.Reduction.Defined)
	assert.Equal(t, time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC), r.Baseline) // Monday of jan's ISO week
}

func TestHandlingTimeDoesNotOverflow(t *testing.T) {
	const max = time.Duration(1<<63 - 1)
	tickets := []burden.Ticket{
		{ID: "T1", Account: "a", At: jan, Type: "bug", Severity: "low", Handling: max},
		{ID: "T2", Account: "a", At: jan, Type: "bug", Severity: "low", Handling: max},
	}
	r := compare(t, tickets, nil, options())
	assert.InDelta(t, 2*max.Hours(), r.Accounts["a"].Baseline.Hours, 1)
}

func TestGrains(t *testing.T) {
	at := time.Date(2026, 5, 20, 13, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		g     success.Grain
		start time.Time
	}{
		{success.Daily, time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)},
		{success.Weekly, time.Date(2026, 5, 18, 0, 0, 0, 0, time.UTC)},
		{success.Monthly, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
		{success.Quarterly, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
		{success.Yearly, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(string(tt.g), func(t *testing.T) {
			tickets := []burden.Ticket{
				{ID: "in", Account: "a", At: tt.start, Type: "bug", Severity: "low"},
				{ID: "before", Account: "a", At: tt.start.Add(-time.Nanosecond), Type: "bug", Severity: "low"},
			}
			r, err := burden.Compare(tt.g, at, at, slices.Values(tickets), nil, options())
			require.NoError(t, err)
			assert.Equal(t, tt.start, r.Current)
			assert.Equal(t, 1, r.Accounts["a"].Current.Tickets)
		})
	}
}

func TestBurdenBeyondFloatIsUndefined(t *testing.T) {
	tickets := []burden.Ticket{{ID: "T", Account: "a", At: jan, Type: "bug", Severity: "high"}}
	usage := []burden.Usage{{Account: "a", At: jan, Amount: 1e-310}, {Account: "a", At: feb, Amount: 1}}
	r := compare(t, tickets, usage, options())
	a := r.Accounts["a"]
	assert.False(t, a.Baseline.Burden.Defined)
	_, err := json.Marshal(r)
	require.NoError(t, err)
}
