package churn_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// recordCase is one record type: a valid document, and documents each with
// one problem at the path given.
type recordCase struct {
	name  string
	new   func() any // a pointer to a zero record
	valid string
	bad   []badRecord
}

type badRecord struct{ doc, path, problem string }

func TestRecordsAreStrict(t *testing.T) {
	cases := []recordCase{
		{"Event", func() any { return new(churn.Event) },
			`{"id": "ev-1", "account": "acme", "account_start": "2025-01-01T00:00:00Z", "date": "2026-03-01T00:00:00Z",
			  "notice_date": "2026-02-01T00:00:00Z", "kind": "churn", "initiator": "voluntary",
			  "lost_mrr": {"amount": "100.00", "currency": "USD"}, "lost_arr": null, "products": ["core"],
			  "note": "n", "reasons": [{"code": "price", "detail": "d"}], "fit": "good_fit"}`,
			[]badRecord{
				{`{"account": "acme", "reasons": [{"code": "price", "detial": "x"}]}`, "reasons[0].detial", "unknown field"},
				{`{"account": "acme", "account": "globex"}`, "account", "duplicate field"},
				{`{"account": "acme", "lost_mrr": 100}`, "lost_mrr", ""},
				{`{"account": "acme", "products": "core"}`, "products", "must be a JSON array, got a string"},
				{`{"account": "acme", "kind": "gone"}`, "kind", `unknown churn kind "gone" (want churn or downgrade)`},
				{`{"Account": "acme"}`, "Account", "unknown field"},
			}},
		{"Reason", func() any { return new(churn.Reason) },
			`{"code": "price", "detail": "too dear"}`,
			[]badRecord{
				{`{"code": "price", "why": "x"}`, "why", "unknown field"},
				{`{"code": "price", "code": "other"}`, "code", "duplicate field"},
				{`{"code": 3}`, "code", "must be a string, got a number"},
			}},
		{"RiskObservation", func() any { return new(churn.RiskObservation) },
			`{"account": "acme", "at": "2026-01-05T00:00:00Z", "band_rank": 1, "band": "red", "flagged": true, "source": "csm"}`,
			[]badRecord{
				{`{"account": "acme", "flaged": true}`, "flaged", "unknown field"},
				{`{"account": "acme", "band_rank": 1, "band_rank": 2}`, "band_rank", "duplicate field"},
				{`{"account": "acme", "band_rank": "1"}`, "band_rank", "must be a number, got a string"},
				{`{"account": "acme", "band_rank": 1.5}`, "band_rank", "must be an integer, without fraction or exponent"},
				{`{"account": "acme", "flagged": "yes"}`, "flagged", "must be true or false, got a string"},
			}},
		{"Usage", func() any { return new(churn.Usage) },
			`{"account": "acme", "start": "2026-01-01T00:00:00Z", "grain": "week",
			  "activity": [{"date": "2026-01-05T00:00:00Z", "count": 3}], "key_actions": [],
			  "tickets": [{"date": "2026-01-05T00:00:00Z", "count": 1.5}]}`,
			[]badRecord{
				{`{"account": "acme", "activity": [{"date": "2026-01-05T00:00:00Z", "cnt": 3}]}`, "activity[0].cnt", "unknown field"},
				{`{"account": "acme", "tickets": [], "tickets": []}`, "tickets", "duplicate field"},
				{`{"account": "acme", "activity": [{"count": "3"}]}`, "activity[0].count", "must be a number, got a string"},
				{`{"account": "acme", "activity": [{"count": 1e400}]}`, "activity[0].count", "number is out of range"},
			}},
		{"Point", func() any { return new(churn.Point) },
			`{"date": "2026-01-05T00:00:00Z", "count": 3}`,
			[]badRecord{
				{`{"date": "2026-01-05T00:00:00Z", "value": 3}`, "value", "unknown field"},
				{`{"count": 1, "count": 2}`, "count", "duplicate field"},
				{`{"count": true}`, "count", "must be a number, got a boolean"},
			}},
		{"SignalOptions", func() any { return new(churn.SignalOptions) },
			`{"drop_off": {"min_active": 2, "silent_days": 10, "first_days": 7}, "decline": {"window_days": 14, "min_drop": 0.4, "min_base": 5},
			  "never_activated": {"disabled": true, "within_days": 30}, "support_spike": {"window_days": 7, "baseline_days": 60, "multiple": 3, "min_tickets": 2}}`,
			[]badRecord{
				{`{"decline": {"min_dorp": 0.4}}`, "decline.min_dorp", "unknown field"},
				{`{"drop_off": {}, "drop_off": {}}`, "drop_off", "duplicate field"},
				{`{"support_spike": {"multiple": "3"}}`, "support_spike.multiple", "must be a number, got a string"},
				{`{"never_activated": {"within_days": 1, "within_days": 2}}`, "never_activated.within_days", "duplicate field"},
				{`{"drop_off": {"disabled": 1}}`, "drop_off.disabled", "must be true or false, got a number"},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Round trip: what decodes encodes and decodes to the same record.
			first := tc.new()
			require.NoError(t, json.Unmarshal([]byte(tc.valid), first))
			encoded, err := json.Marshal(first)
			require.NoError(t, err)
			second := tc.new()
			require.NoError(t, json.Unmarshal(encoded, second), string(encoded))
			assert.Equal(t, first, second)

			for _, b := range tc.bad {
				got := tc.new()
				err := json.Unmarshal([]byte(b.doc), got)
				require.Error(t, err, b.doc)
				assert.True(t, errors.Is(err, churn.ErrInvalid), "%s: %v does not wrap churn.ErrInvalid", b.doc, err)
				problems := success.AsFieldErrors(err)
				require.Len(t, problems, 1, "%s: %v", b.doc, err)
				assert.Equal(t, b.path, problems[0].Path, b.doc)
				if b.problem != "" {
					assert.Equal(t, b.problem, problems[0].Problem, b.doc)
				}
				assert.Equal(t, tc.new(), got, "%s: a record that fails to decode is left unchanged", b.doc)
			}
		})
	}
}

func TestRecordNullIsAbsent(t *testing.T) {
	var e churn.Event
	require.NoError(t, json.Unmarshal([]byte(`{"account": "acme", "note": null, "products": null, "lost_arr": null, "fit": null}`), &e))
	assert.Equal(t, churn.Event{Account: "acme"}, e)
	var events []churn.Event
	require.NoError(t, json.Unmarshal([]byte(`[null, {"account": "acme"}]`), &events))
	assert.Equal(t, []churn.Event{{}, {Account: "acme"}}, events)
}

func TestRecordReportsEveryProblem(t *testing.T) {
	var u churn.Usage
	err := json.Unmarshal([]byte(`{"acount": "acme", "activity": [{"count": 1}, {"count": -1, "date": 5}], "tickets": [{"n": 1}]}`), &u)
	require.Error(t, err)
	assert.Equal(t, `activity[1].date: must be a time in RFC 3339 format ("2026-03-01T00:00:00Z"), got a number; tickets[0].n: unknown field; acount: unknown field`, err.Error())
}
