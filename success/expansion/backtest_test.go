package expansion_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

func btOutcome(id string, score float64, level expansion.Level, expanded bool, gained string) expansion.Outcome {
	o := expansion.Outcome{Assessment: expansion.Assessment{Account: success.AccountID(id), AsOf: asOf, Score: score, Level: level}, Expanded: expanded}
	if gained != "" {
		o.Gained = success.MustMoney(gained, "USD")
	}
	return o
}

func TestBacktest(t *testing.T) {
	outcomes := []expansion.Outcome{
		btOutcome("a", 90, expansion.Ready, true, "5000"),
		btOutcome("b", 80, expansion.Ready, true, "3000"),
		btOutcome("c", 75, expansion.Ready, false, ""),
		btOutcome("d", 60, expansion.Nurture, true, "2000"),
		btOutcome("e", 50, expansion.Nurture, false, "0"),
		btOutcome("f", 20, expansion.NotReady, false, ""),
	}
	r, err := expansion.Backtest(slices.Values(outcomes))
	require.NoError(t, err)
	assert.Equal(t, 6, r.Accounts)
	assert.Equal(t, 3, r.Expanded)
	assert.InDelta(t, 0.5, r.ExpansionRate, 1e-15)
	// Expanders 90, 80, 60 against 75, 50, 20: 8 of 9 pairs ordered right.
	assert.InDelta(t, 8.0/9, r.AUC, 1e-15)
	assert.False(t, r.Inverted)
	require.Len(t, r.Levels, 3)
	assert.Equal(t, expansion.LevelOutcome{Level: expansion.NotReady, Accounts: 1, Gained: success.MustMoney("0", "USD")}, r.Levels[0])
	ready := r.Levels[2]
	assert.Equal(t, 3, ready.Accounts)
	assert.Equal(t, 2, ready.Expanded)
	assert.True(t, ready.Gained.Equal(success.MustMoney("8000", "USD")))
	assert.InDelta(t, 0.8, ready.GainedShare, 1e-15)
	assert.True(t, r.Gained.Equal(success.MustMoney("10000", "USD")))
	require.Len(t, r.Lift, 10)
	assert.Equal(t, expansion.DecileLift{Decile: 1, Accounts: 1, Expanded: 1, MinScore: 90, MaxScore: 90, ExpansionRate: 1, Lift: 2, Capture: 1.0 / 3}, r.Lift[0])
}

func TestBacktestErrors(t *testing.T) {
	good := btOutcome("a", 90, expansion.Ready, true, "10")
	tests := []struct {
		name  string
		items []expansion.Outcome
		is    error
		text  string
	}{
		{"duplicate", []expansion.Outcome{good, good}, expansion.ErrDuplicate, `outcomes[1]: expansion: duplicate: account "a"`},
		{"score", []expansion.Outcome{btOutcome("b", 101, expansion.Ready, false, "")}, expansion.ErrInvalid, `account "b": score 101`},
		{"level", []expansion.Outcome{btOutcome("b", 1, "", false, "")}, expansion.ErrInvalid, "no valid level"},
		{"gain without expansion", []expansion.Outcome{btOutcome("b", 1, expansion.Ready, false, "5")}, expansion.ErrInvalid, "gained ARR without expanding"},
		{"negative gain", []expansion.Outcome{btOutcome("b", 1, expansion.Ready, true, "-5")}, expansion.ErrInvalid, "gained must be >= 0"},
		{"currency", []expansion.Outcome{good, {Assessment: expansion.Assessment{Account: "b", Score: 1, Level: expansion.Ready}, Expanded: true, Gained: success.MustMoney("1", "EUR")}},
			success.ErrCurrencyMismatch, "EUR, not USD"},
		{"one class", []expansion.Outcome{good}, expansion.ErrInvalid, "got 1 of 1 expanded"},
		{"empty", nil, expansion.ErrEmpty, "got none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := expansion.Backtest(slices.Values(tt.items))
			require.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.text)
		})
	}
}

// Shards merged in any order give exactly the one-pass report, and a state
// survives its coder.
func TestBacktestMergeEqualsOnePass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 60).Draw(t, "n")
		var outcomes []expansion.Outcome
		for i := range n {
			expanded := i%2 == 0 || rapid.Bool().Draw(t, "expanded")
			if i == 1 {
				expanded = false
			}
			gained := ""
			if expanded {
				gained = fmt.Sprint(rapid.IntRange(0, 10000).Draw(t, "gained"))
			}
			level := expansion.Levels()[rapid.IntRange(0, 2).Draw(t, "level")]
			score := float64(rapid.IntRange(0, 100).Draw(t, "score")) // ties are likely
			outcomes = append(outcomes, btOutcome(fmt.Sprintf("acct-%03d", i), score, level, expanded, gained))
		}
		want, err := expansion.Backtest(slices.Values(outcomes))
		require.NoError(t, err)

		perm := rand.New(rand.NewPCG(uint64(n), 7)).Perm(n)
		shards := make([]expansion.BacktestAccumulator, rapid.IntRange(1, 4).Draw(t, "shards"))
		for _, i := range perm {
			require.NoError(t, shards[i%len(shards)].Add(outcomes[i]))
		}
		var total expansion.BacktestAccumulator
		for i := len(shards) - 1; i >= 0; i-- {
			data, err := shards[i].MarshalBinary()
			require.NoError(t, err)
			var back expansion.BacktestAccumulator
			require.NoError(t, back.UnmarshalBinary(data))
			require.NoError(t, total.Merge(&back))
		}
		got, err := total.Result()
		require.NoError(t, err)
		assert.Equal(t, want, got)
		require.ErrorIs(t, total.Merge(&shards[0]), expansion.ErrDuplicate)
	})
}

func TestBacktestStateRejectsForged(t *testing.T) {
	state := func(rows string) []byte {
		return []byte(`{"kind":"expansion.backtest","version":1,"state":{"currency":"USD","rows":` + rows + `}}`)
	}
	for name, rows := range map[string]string{
		"score":     `[{"account":"a","score":120,"level":"ready","expanded":true,"gained":"1"}]`,
		"duplicate": `[{"account":"a","score":1,"level":"ready","expanded":true,"gained":"1"},{"account":"a","score":1,"level":"ready","expanded":true,"gained":"1"}]`,
		"level":     `[{"account":"a","score":1,"level":"soon","expanded":true,"gained":"1"}]`,
		"gain":      `[{"account":"a","score":1,"level":"ready","expanded":false,"gained":"1"}]`,
		"unknown":   `[{"account":"a","score":1,"level":"ready","expanded":false,"gained":"0","x":1}]`,
	} {
		var a expansion.BacktestAccumulator
		assert.ErrorIs(t, a.UnmarshalBinary(state(rows)), expansion.ErrInvalid, name)
	}
}
