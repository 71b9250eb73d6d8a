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
	// Account a pays 1.00 USD in 2026-03, snapshot on 2026-03-31 (day 20543).
	valid := func() (movementsState, []ledger.AccountState) {
		return movementsState{Snapshot: ledger.Snapshot{Grain: success.Monthly, Currency: "USD", Ledger: ledger.State{Exp: -2}}, Window: 12},
			[]ledger.AccountState{{ID: "a", Cells: [][2]int64{{20543, 100}}}}
	}
	type accounts = []ledger.AccountState
	tests := []struct {
		name    string
		corrupt func(*movementsState, *accounts)
		want    string
	}{
		{"huge window", func(s *movementsState, _ *accounts) { s.Window = 1 << 30 }, "trailing_periods: must be <= 120"},
		{"no window", func(s *movementsState, _ *accounts) { s.Window = 0 }, "window: must be > 0"},
		{"day past year 9999", func(_ *movementsState, a *accounts) { (*a)[0].Cells[0][0] = 1 << 40 }, "cells[0][0]: day 1099511627776 is outside the years 1 to 9999"},
		{"amount past the exact range", func(_ *movementsState, a *accounts) { (*a)[0].Cells[0][1] = 1 << 62 }, "cells[0][0]: amount is beyond the exact range"},
		{"two cells in one period", func(_ *movementsState, a *accounts) {
			(*a)[0].Cells = append((*a)[0].Cells, [2]int64{20530, 100}) // 2026-03-18
		}, "cells[0][1]: is not in a later period than the cell before it"},
		{"periods out of order", func(_ *movementsState, a *accounts) {
			(*a)[0].Cells = append((*a)[0].Cells, [2]int64{20500, 100}) // 2026-02-16
		}, "cells[0][1]: is not in a later period than the cell before it"},
		{"an account twice", func(_ *movementsState, a *accounts) { *a = append(*a, (*a)[0]) }, "ids[1]: is ids[0] again"},
		{"an empty account", func(_ *movementsState, a *accounts) { (*a)[0].ID = "" }, "ids[0]: must not be empty"},
		{"an absurd exponent", func(s *movementsState, _ *accounts) { s.Ledger.Exp = -40 }, "exp: -40 is not between -18 and 0"},
	}
	pack := func(s movementsState, a accounts) movementsState {
		s.Ledger = ledger.StateOf(s.Ledger.Exp, a)
		return s
	}
	encode := func(s movementsState) []byte {
		data, err := accum.Encode(movementsKind, movementsVersion, s)
		require.NoError(t, err)
		return data
	}
	// The cells column itself: cut short, with bytes after its last
	// account, with a count of cells its bytes cannot hold, or with a
	// varint longer than 64 bits.
	columns := []struct {
		name  string
		cells func([]byte) []byte
		want  string
	}{
		{"cut short", func(c []byte) []byte { return c[:len(c)-1] }, "cells: ends before the last account's cells"},
		{"bytes after the last account", func(c []byte) []byte { return append(c, 0) }, "cells: 1 bytes after the last account's cells"},
		{"a count too large", func(c []byte) []byte { return append([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, c[1:]...) }, "cells: 4294967295 cells at byte 0"},
		{"a varint too long", func(c []byte) []byte {
			return append([]byte{1}, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)
		}, "cells: a malformed number at byte 1"},
	}
	var m Movements
	require.NoError(t, m.UnmarshalBinary(encode(pack(valid()))), "the unbroken state is valid")
	rep, err := m.Report(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	require.Len(t, rep.Periods, 1)
	assert.Equal(t, "1.00 USD", rep.Periods[0].EndMRR.String())
	err = m.UnmarshalBinary([]byte(`{"kind":"churn.movements","version":2,"state":{"grain":"fortnight","window":12,"ledger":{"exp":0,"ids":[],"cells":""}}}`))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `unknown grain "fortnight"`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, a := valid()
			tt.corrupt(&s, &a)
			var m Movements
			err := m.UnmarshalBinary(encode(pack(s, a)))
			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.Nil(t, m.book, "a failed decode changes nothing")
		})
	}
	for _, tt := range columns {
		t.Run(tt.name, func(t *testing.T) {
			s := pack(valid())
			s.Ledger.Cells = tt.cells(s.Ledger.Cells)
			var m Movements
			err := m.UnmarshalBinary(encode(s))
			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.Nil(t, m.book, "a failed decode changes nothing")
		})
	}
	// A state of the first layout (accounts with their cells as arrays) is
	// no longer read: states live between the workers of one build.
	err = m.UnmarshalBinary([]byte(`{"kind":"churn.movements","version":1,"state":{"grain":"month","window":12,"ledger":{"exp":0,"accounts":[]}}}`))
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "accounts")
}
