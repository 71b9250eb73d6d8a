package churn

import (
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/ledger"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A corrupt or hostile encoded state is rejected with ErrInvalid before it
// can make the accumulator allocate without bound, wrap its period indexes
// or report cells that Add could not have built.
func TestUnmarshalBinaryRejectsCorruptState(t *testing.T) {
	// Account a pays 1.00 USD in 2026-03 (period 2026*12+2), snapshot on 2026-03-31 (day 20543).
	valid := func() movementsState {
		return movementsState{
			Snapshot: ledger.Snapshot{Grain: success.Monthly, Currency: "USD",
				Ledger: ledger.State{Exp: -2, Accounts: []ledger.AccountState{{ID: "a", Cells: [][3]int64{{2026*12 + 2, 20543, 100}}}}}},
			Window: 12,
		}
	}
	tests := []struct {
		name    string
		corrupt func(*movementsState)
		want    string
	}{
		{"huge window", func(s *movementsState) { s.Window = 1 << 30 }, "trailing_periods: must be <= 120"},
		{"no window", func(s *movementsState) { s.Window = 0 }, "window: must be > 0"},
		{"day outside its period", func(s *movementsState) { s.Ledger.Accounts[0].Cells[0][1] = 20600 }, "day 20600 is not in period"},
		{"day past year 9999", func(s *movementsState) { s.Ledger.Accounts[0].Cells[0][1] = 1 << 40 }, "outside the years 1 to 9999"},
		{"amount past the exact range", func(s *movementsState) { s.Ledger.Accounts[0].Cells[0][2] = 1 << 62 }, "beyond the exact range"},
		{"periods out of order", func(s *movementsState) {
			c := s.Ledger.Accounts[0].Cells[0]
			s.Ledger.Accounts[0].Cells = append(s.Ledger.Accounts[0].Cells, c)
		}, "not in increasing order"},
		{"an account twice", func(s *movementsState) {
			s.Ledger.Accounts = append(s.Ledger.Accounts, s.Ledger.Accounts[0])
		}, "is accounts[0] again"},
		{"an empty account", func(s *movementsState) { s.Ledger.Accounts[0].ID = "" }, "must not be empty"},
		{"an absurd exponent", func(s *movementsState) { s.Ledger.Exp = -40 }, "exp: -40 is not between -18 and 0"},
	}
	encode := func(s movementsState) []byte {
		data, err := accum.Encode(movementsKind, movementsVersion, s)
		require.NoError(t, err)
		return data
	}
	var m Movements
	require.NoError(t, m.UnmarshalBinary(encode(valid())), "the unbroken state is valid")
	rep, err := m.Report(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.Len(t, rep.Periods, 1)
	assert.Equal(t, "1.00 USD", rep.Periods[0].EndMRR.String())
	err = m.UnmarshalBinary([]byte(`{"kind":"churn.movements","version":1,"state":{"grain":"fortnight","window":12,"ledger":{"exp":0,"accounts":[]}}}`))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `unknown grain "fortnight"`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.corrupt(&s)
			var m Movements
			err := m.UnmarshalBinary(encode(s))
			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.Nil(t, m.book, "a failed decode changes nothing")
		})
	}
}
