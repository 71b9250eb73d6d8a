package success_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// LedgerRow and Subscription decode strictly: each bad document has one
// problem, reported at its path without the value ("s3cr3t" or 31415).
func TestLedgerRecordsAreStrict(t *testing.T) {
	type badDoc struct{ doc, path, problem string }
	tests := []struct {
		name  string
		new   func() any
		valid string
		bad   []badDoc
	}{
		{"LedgerRow", func() any { return new(success.LedgerRow) },
			`{"account": "acme", "date": "2026-01-31T00:00:00Z", "line": "seats", "mrr": {"amount": "1000.00", "currency": "USD"}}`,
			[]badDoc{
				{`{"account": "acme", "mmr": {"amount": "1", "currency": "USD"}}`, "mmr", "unknown field"},
				{`{"account": "acme", "minor": 100, "minor": 200}`, "minor", "duplicate field"},
				{`{"account": "acme", "minor": "s3cr3t"}`, "minor", "must be a number, got a string"},
				{`{"account": "acme", "minor": 1.5}`, "minor", "must be an integer, without fraction or exponent"},
				{`{"account": 31415}`, "account", "must be a string, got a number"},
				{`{"account": "acme", "line": 31415}`, "line", "must be a string, got a number"},
				{`{"account": "acme", "mrr": {"amount": "1", "currency": "USD", "memo": "s3cr3t"}}`, "mrr.memo", "unknown field"},
				{`{"account": "acme", "currency": "XYZ"}`, "currency", `unknown currency "XYZ"`},
				{`{"account": "acme", "date": "s3cr3t"}`, "date", `must be a time in RFC 3339 format ("2026-03-01T00:00:00Z"), got a string`},
			}},
		{"Subscription", func() any { return new(success.Subscription) },
			`{"account": "acme", "id": "s1", "start": "2026-01-15T00:00:00Z", "end": "2026-06-01T00:00:00Z",
			  "amount": {"amount": "12000.00", "currency": "USD"}, "interval": "year", "quantity": 3}`,
			[]badDoc{
				{`{"account": "acme", "quantiy": 3}`, "quantiy", "unknown field"},
				{`{"account": "acme", "interval": "month", "interval": "year"}`, "interval", "duplicate field"},
				{`{"account": "acme", "quantity": "s3cr3t"}`, "quantity", "must be a number, got a string"},
				{`{"account": "acme", "id": 31415}`, "id", "must be a string, got a number"},
				{`{"account": "acme", "interval": "fortnight"}`, "interval", `unknown grain "fortnight" (want day, week, month, quarter or year)`},
				{`{"account": "acme", "amount": 7}`, "amount", "must be a JSON object"}, // Money's own reader names the value
				{`{"Account": "acme"}`, "Account", "unknown field"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := tt.new()
			require.NoError(t, json.Unmarshal([]byte(tt.valid), first))
			encoded, err := json.Marshal(first)
			require.NoError(t, err)
			second := tt.new()
			require.NoError(t, json.Unmarshal(encoded, second), string(encoded))
			assert.Equal(t, first, second)

			for _, b := range tt.bad {
				got := tt.new()
				err := json.Unmarshal([]byte(b.doc), got)
				require.Error(t, err, b.doc)
				require.ErrorIs(t, err, success.ErrInvalid, b.doc)
				problems := success.AsFieldErrors(err)
				require.NotEmpty(t, problems, "%s: %v", b.doc, err)
				assert.Equal(t, b.path, problems[0].Path, "%s: %v", b.doc, err)
				assert.Contains(t, problems[0].Problem, b.problem, b.doc)
				assert.NotContains(t, err.Error(), "s3cr3t", "an error never quotes a value")
				assert.NotContains(t, err.Error(), "31415", "an error never quotes a value")
				assert.Equal(t, tt.new(), got, "%s: a record that fails to decode is left unchanged", b.doc)
			}
		})
	}
}

// Every form of a ledger row reads back as the row written: MRR as Money
// (omitted when zero, so a zero amount reads back without its currency,
// which a zero amount need not have), MRR as minor units (Minor omitted
// when 0, Currency when empty).
func TestLedgerRowJSONRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		row  success.LedgerRow
		json string
		back success.LedgerRow // what decodes, when not row itself
	}{
		{"money", success.LedgerRow{Account: "acme", Date: at, Line: "seats", MRR: success.MustMoney("1000.50", "EUR")},
			`{"account":"acme","date":"2026-03-31T00:00:00Z","line":"seats","mrr":{"amount":"1000.50","currency":"EUR"}}`, success.LedgerRow{}},
		{"minor units", success.LedgerRow{Account: "acme", Date: at, Minor: 100050, Currency: "JPY"},
			`{"account":"acme","date":"2026-03-31T00:00:00Z","minor":100050,"currency":"JPY"}`, success.LedgerRow{}},
		{"negative minor units", success.LedgerRow{Account: "acme", Date: at, Line: "discount", Minor: -500, Currency: "USD"},
			`{"account":"acme","date":"2026-03-31T00:00:00Z","line":"discount","minor":-500,"currency":"USD"}`, success.LedgerRow{}},
		{"zero minor units", success.LedgerRow{Account: "acme", Date: at, Currency: "USD"},
			`{"account":"acme","date":"2026-03-31T00:00:00Z","currency":"USD"}`, success.LedgerRow{}},
		{"zero", success.LedgerRow{Account: "acme", Date: at},
			`{"account":"acme","date":"2026-03-31T00:00:00Z"}`, success.LedgerRow{}},
		{"zero money", success.LedgerRow{Account: "acme", Date: at, MRR: success.ZeroMoney("USD")},
			`{"account":"acme","date":"2026-03-31T00:00:00Z"}`, success.LedgerRow{Account: "acme", Date: at}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.row)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(b))
			var back success.LedgerRow
			require.NoError(t, json.Unmarshal(b, &back))
			want := tt.row
			if tt.back != (success.LedgerRow{}) {
				want = tt.back
			}
			again, err := json.Marshal(back)
			require.NoError(t, err)
			assert.Equal(t, string(b), string(again))
			assert.True(t, want.MRR.Equal(back.MRR), "MRR %v, want %v", back.MRR, want.MRR)
			back.MRR, want.MRR = success.Money{}, success.Money{} // equal amounts may differ in exponent
			assert.Equal(t, want, back)
		})
	}
}

func TestLedgerRecordsNullIsAbsent(t *testing.T) {
	var r success.LedgerRow
	require.NoError(t, json.Unmarshal([]byte(`{"account": "acme", "line": null, "mrr": null, "minor": null, "currency": null}`), &r))
	assert.Equal(t, success.LedgerRow{Account: "acme"}, r)
	var s success.Subscription
	require.NoError(t, json.Unmarshal([]byte(`{"account": "acme", "id": null, "end": null, "amount": null, "interval": "month", "quantity": null}`), &s))
	assert.Equal(t, success.Subscription{Account: "acme", Interval: success.Monthly}, s)
	var rows []success.LedgerRow
	require.NoError(t, json.Unmarshal([]byte(`[null, {"account": "acme"}]`), &rows))
	assert.Equal(t, []success.LedgerRow{{}, {Account: "acme"}}, rows)
}
