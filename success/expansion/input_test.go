package expansion_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

func TestAssessBadInput(t *testing.T) {
	tests := []struct {
		name string
		edit func(in *expansion.Input)
		path string // the field the error names
	}{
		{"negative used", func(in *expansion.Input) { in.Entitlements[0].Used = -1 }, "entitlements[0].used"},
		{"negative purchased", func(in *expansion.Input) { in.Entitlements[1].Purchased = -5 }, "entitlements[1].purchased"},
		{"zero purchased", func(in *expansion.Input) { in.Entitlements[1].Purchased = 0 }, "entitlements[1].purchased"},
		{"NaN used", func(in *expansion.Input) { in.Entitlements[0].Used = math.NaN() }, "entitlements[0].used"},
		{"infinite purchased", func(in *expansion.Input) { in.Entitlements[0].Purchased = math.Inf(1) }, "entitlements[0].purchased"},
		{"repeated entitlement", func(in *expansion.Input) { in.Entitlements[1].ID = "seats" }, "entitlements[1].id"},
		{"NPS above 10", func(in *expansion.Input) { in.Advocacy.NPS = ptr(11) }, "advocacy.nps"},
		{"NPS below 0", func(in *expansion.Input) { in.Advocacy.NPS = ptr(-1) }, "advocacy.nps"},
		{"NaN health", func(in *expansion.Input) { in.Health.Score = math.NaN() }, "health.score"},
		{"health above 100", func(in *expansion.Input) { in.Health.Score = 100.5 }, "health.score"},
		{"unknown band", func(in *expansion.Input) { in.Health.Band = "amber" }, "health.band"},
		{"NaN probability", func(in *expansion.Input) { in.SecondPurchase = ptr(math.NaN()) }, "second_purchase"},
		{"probability above 1", func(in *expansion.Input) { in.SecondPurchase = ptr(1.5) }, "second_purchase"},
		{"purchase before the first sale", func(in *expansion.Input) { in.Purchases.Later[0].At = t0.AddDate(0, 0, -1) }, "purchases.later[0].at"},
		{"negative purchase", func(in *expansion.Input) { in.Purchases.Later[0].Amount = success.MustMoney("-5", "USD") }, "purchases.later[0].amount"},
		{"purchase in another currency", func(in *expansion.Input) { in.Purchases.Later[0].Amount = success.MustMoney("5", "EUR") }, "purchases.later[0].amount"},
		{"no first sale", func(in *expansion.Input) { in.Purchases.FirstSale = time.Time{}; in.Account.StartDate = time.Time{} }, "purchases.first_sale"},
		{"first sale after the date", func(in *expansion.Input) { in.Purchases.FirstSale = asOf.AddDate(0, 0, 1); in.Purchases.Later = nil }, "purchases.first_sale"},
		{"outcome of another account", func(in *expansion.Input) { in.DesiredOutcome.Account = "other" }, "desired_outcome.account"},
		{"outcome from the future", func(in *expansion.Input) { in.DesiredOutcome.AsOf = asOf.AddDate(0, 0, 1) }, "desired_outcome.as_of"},
		{"unknown outcome status", func(in *expansion.Input) { in.DesiredOutcome.Outcomes[0].Status = "done" }, "desired_outcome.outcomes[0].status"},
		{"unknown verdict", func(in *expansion.Input) { in.Fit = "great" }, "fit"},
		{"empty product", func(in *expansion.Input) { in.Products = []string{""} }, "products[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ready()
			tt.edit(&in)
			_, err := expansion.Assess(in, asOf, expansion.Options{})
			require.ErrorIs(t, err, expansion.ErrInvalid)
			assert.Contains(t, err.Error(), `account "acme": `+tt.path+": ")
			fe := success.AsFieldErrors(err)
			require.Len(t, fe, 1, "%v", err)
			assert.Equal(t, tt.path, fe[0].Path)
		})
	}
	t.Run("empty account", func(t *testing.T) {
		in := ready()
		in.Account.ID = ""
		in.DesiredOutcome.Account = ""
		_, err := expansion.Assess(in, asOf, expansion.Options{})
		require.ErrorIs(t, err, expansion.ErrInvalid)
		assert.Contains(t, err.Error(), "account.id: must not be empty")
	})
	t.Run("every problem at once", func(t *testing.T) {
		in := ready()
		in.Entitlements[0].Used = -1
		in.Advocacy.NPS = ptr(12)
		in.SecondPurchase = ptr(math.NaN())
		_, err := expansion.Assess(in, asOf, expansion.Options{})
		assert.Len(t, success.AsFieldErrors(err), 3)
	})
	t.Run("NPS is not quoted", func(t *testing.T) {
		in := ready()
		in.Advocacy.NPS = ptr(4711)
		_, err := expansion.Assess(in, asOf, expansion.Options{})
		assert.NotContains(t, err.Error(), "4711")
	})
}

func TestAssessBadOptions(t *testing.T) {
	for name, opts := range map[string]expansion.Options{
		"ready below nurture":  {NurtureScore: 60, ReadyScore: 50},
		"NaN strong":           {StrongUtilisation: math.NaN()},
		"overage below strong": {StrongUtilisation: 0.9, Overage: 0.8},
		"boost below 1":        {EarlyBoost: 0.5},
		"promoter 11":          {PromoterNPS: 11},
		"health share 2":       {UnconfidentHealthShare: 2},
	} {
		_, err := expansion.Assess(ready(), asOf, opts)
		assert.ErrorIs(t, err, expansion.ErrInvalid, name)
	}
}

func TestInputJSON(t *testing.T) {
	in := ready()
	in.Risk = expansion.Risk{OpenPlay: true, PlayReason: "sponsor left"}
	in.SecondPurchase = ptr(0.4)
	data, err := json.Marshal(in)
	require.NoError(t, err)
	var back expansion.Input
	require.NoError(t, json.Unmarshal(data, &back))
	want, err := expansion.Assess(in, asOf, expansion.Options{})
	require.NoError(t, err)
	got, err := expansion.Assess(back, asOf, expansion.Options{})
	require.NoError(t, err)
	assert.Equal(t, want, got, "an input read back assesses the same")

	out, err := json.Marshal(want)
	require.NoError(t, err)
	var a expansion.Assessment
	require.NoError(t, json.Unmarshal(out, &a))
	assert.Equal(t, want, a)

	bad := []byte(`{"account":{"id":"a","arr":null,"start_date":"2026-01-01T00:00:00Z","stage":"adoption"},"entitlements":[{"id":"seats","purchased":1,"usd":2}],"advocacy":{"nps":"nine"},"health":{"score":1,"band":"amber","confident":true},"purchases":{},"risk":{}}`)
	err = json.Unmarshal(bad, &back)
	require.ErrorIs(t, err, expansion.ErrInvalid)
	paths := []string{}
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	assert.ElementsMatch(t, []string{"entitlements[0].usd", "advocacy.nps", "health.band"}, paths, "%v", err)
}

func TestLogValueHasNoPersonalValues(t *testing.T) {
	in := ready()
	in.Account.Name = "Jane Roe"
	in.Risk = expansion.Risk{OpenPlay: true, PlayReason: "jane.roe@example.com left", ChurnSignal: true, SignalReason: "+31 6 12345678 says"}
	a, err := expansion.Assess(in, asOf, expansion.Options{})
	require.NoError(t, err)
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("readiness", "assessment", a)
	text := buf.String()
	for _, personal := range []string{"Jane", "jane.roe", "12345678"} {
		assert.NotContains(t, text, personal)
	}
	assert.Contains(t, text, `"blockers":"open_risk_play,churn_signal"`)
	assert.Contains(t, text, `"level":"not_ready"`)
}

// inRange's fast path agrees with calendar.InRange at its edges, in far
// time zones too.
func TestDateBoundsAtTheEdges(t *testing.T) {
	for _, loc := range []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -12*3600)} {
		for _, d := range []time.Time{
			time.Date(1, 1, 1, 0, 0, 0, 0, loc), time.Date(0, 12, 31, 23, 0, 0, 0, loc), time.Date(2, 1, 1, 0, 0, 0, 0, loc),
			time.Date(9999, 12, 31, 23, 0, 0, 0, loc), time.Date(10000, 1, 1, 0, 0, 0, 0, loc), time.Date(9998, 12, 31, 0, 0, 0, 0, loc),
		} {
			if d.IsZero() {
				continue // "must be set"
			}
			_, err := expansion.Assess(ready(), d, expansion.Options{})
			y := d.Year()
			outside := false
			for _, fe := range success.AsFieldErrors(err) {
				if fe.Path == "" && strings.Contains(fe.Problem, "as-of date") {
					outside = true
				}
			}
			assert.Equal(t, y < 1 || y > 9999, outside, "%s", d)
		}
	}
}
