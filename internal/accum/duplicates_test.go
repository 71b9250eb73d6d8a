package accum_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Plain copies of the shapes of each accumulator's state (the real types are
// unexported in their packages): the ledger snapshot of churn.movements and
// cohort.table, and the states of cohort.summary, health.backtest and
// health.portfolio. Decode must reject a repeated key at any depth of each,
// and a string that is not valid UTF-8; encoding/json alone keeps the last
// value and replaces the bytes with U+FFFD.
type (
	ledgerState struct {
		Exp   int32    `json:"exp"`
		IDs   []string `json:"ids"`
		Cells []byte   `json:"cells"`
	}
	movementsShape struct {
		Grain    string      `json:"grain"`
		Currency string      `json:"currency,omitempty"`
		Ledger   ledgerState `json:"ledger"`
		Window   int32       `json:"window"`
	}
	tableShape struct {
		Grain    string      `json:"grain"`
		Currency string      `json:"currency,omitempty"`
		Ledger   ledgerState `json:"ledger"`
		Grouping string      `json:"grouping"`
	}
	summaryShape struct {
		CalibrationEnd string `json:"calibration_end"`
		Location       string `json:"location"`
		Unit           string `json:"unit"`
		After          int    `json:"after"`
		Accounts       []struct {
			Account string `json:"account"`
			Days    []struct {
				Date   string          `json:"date"`
				Amount json.RawMessage `json:"amount"`
			} `json:"days"`
		} `json:"accounts"`
	}
	backtestShape struct {
		Currency string `json:"currency,omitempty"`
		Rows     []struct {
			Account string  `json:"account"`
			Value   float64 `json:"value"`
			Band    string  `json:"band"`
			Churned bool    `json:"churned"`
			ARR     string  `json:"arr"`
		} `json:"rows"`
		Unavailable []json.RawMessage `json:"unavailable"`
	}
	portfolioShape struct {
		Accounts  []string          `json:"accounts"`
		ARR       string            `json:"arr"`
		BandCount map[string]int    `json:"band_count,omitempty"`
		BandARR   map[string]string `json:"band_arr,omitempty"`
		Deciles   [10]int           `json:"deciles"`
	}
)

func TestDecodeRejectsRepeatedKeysAndInvalidUTF8(t *testing.T) {
	envelope := func(kind, state string) string {
		return `{"kind": "` + kind + `", "version": 1, "state": ` + state + `}`
	}
	const ledger = `{"exp": -2, "ids": ["a", "b"], "cells": "AQLIAQA="}`
	tests := []struct {
		kind  string
		state any
		good  string
		bad   map[string]string // the state's text -> the path expected in the error
	}{
		{"churn.movements", &movementsShape{}, `{"grain": "month", "ledger": ` + ledger + `, "window": 12}`, map[string]string{
			`{"grain": "month", "ledger": ` + ledger + `, "window": 12, "window": 1}`:                                   "state.window: repeated key",
			`{"grain": "month", "ledger": {"exp": -2, "exp": 0, "ids": [], "cells": ""}, "window": 12}`:                 "state.ledger.exp: repeated key",
			`{"grain": "month", "ledger": {"exp": -2, "ids": ["a"], "ids": ["b"], "cells": ""}, "window": 12}`:          "state.ledger.ids: repeated key",
			"{\"grain\": \"month\", \"ledger\": {\"exp\": -2, \"ids\": [\"a\xffb\"], \"cells\": \"\"}, \"window\": 12}": "state.ledger.ids[0]: is not valid UTF-8",
		}},
		{"cohort.table", &tableShape{}, `{"grain": "month", "ledger": ` + ledger + `, "grouping": "start"}`, map[string]string{
			`{"grain": "month", "grain": "week", "ledger": ` + ledger + `, "grouping": "start"}`:                      "state.grain: repeated key",
			`{"grain": "month", "ledger": {"exp": -2, "ids": [], "cells": "", "cells": "AA=="}, "grouping": "start"}`: "state.ledger.cells: repeated key",
		}},
		{"cohort.summary", &summaryShape{}, `{"calibration_end": "2026-03-01", "location": "UTC", "unit": "week", "after": 0, "accounts": [{"account": "a", "days": [{"date": "2026-01-05", "amount": "10"}]}]}`, map[string]string{
			`{"calibration_end": "2026-03-01", "location": "UTC", "unit": "week", "after": 0, "after": 3, "accounts": []}`:                                                                             "state.after: repeated key",
			`{"calibration_end": "2026-03-01", "location": "UTC", "unit": "week", "after": 0, "accounts": [{"account": "a", "days": [{"date": "2026-01-05", "date": "2026-01-06", "amount": "10"}]}]}`: "state.accounts[0].days[0].date: repeated key",
		}},
		{"health.backtest", &backtestShape{}, `{"rows": [{"account": "a", "value": 50, "band": "green", "churned": false, "arr": "10"}], "unavailable": []}`, map[string]string{
			`{"rows": [{"account": "a", "value": 50, "band": "green", "churned": false, "churned": true, "arr": "10"}], "unavailable": []}`: "state.rows[0].churned: repeated key",
			`{"rows": [], "rows": [], "unavailable": []}`: "state.rows: repeated key",
		}},
		{"health.portfolio", &portfolioShape{}, `{"accounts": ["a"], "arr": "10", "band_count": {"green": 1}, "band_arr": {"green": "10"}, "deciles": [0,0,0,0,0,1,0,0,0,0]}`, map[string]string{
			`{"accounts": ["a"], "arr": "10", "band_count": {"green": 1, "green": 9}, "deciles": [0,0,0,0,0,1,0,0,0,0]}`: "state.band_count.green: repeated key",
			`{"accounts": ["a"], "arr": "10", "arr": "99", "deciles": [0,0,0,0,0,1,0,0,0,0]}`:                            "state.arr: repeated key",
			"{\"accounts\": [\"a\xfeb\"], \"arr\": \"10\", \"deciles\": [0,0,0,0,0,1,0,0,0,0]}":                          "state.accounts[0]: is not valid UTF-8",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			_, err := accum.Decode([]byte(envelope(tt.kind, tt.good)), tt.kind, 1, tt.state, errBad)
			require.NoError(t, err)
			for state, want := range tt.bad {
				_, err := accum.Decode([]byte(envelope(tt.kind, state)), tt.kind, 1, tt.state, errBad)
				require.ErrorIs(t, err, errBad, state)
				assert.Contains(t, err.Error(), want)
				assert.Equal(t, strings.ToValidUTF8(err.Error(), ""), err.Error(), "the error quotes the bytes")
			}
		})
	}
	// The envelope itself.
	_, err := accum.Decode([]byte(`{"kind": "churn.movements", "kind": "cohort.table", "version": 1, "state": {}}`), "cohort.table", 1, &tableShape{}, errBad)
	require.ErrorIs(t, err, errBad)
	assert.Contains(t, err.Error(), "kind: repeated key")
}
