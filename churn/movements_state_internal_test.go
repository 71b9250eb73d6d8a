package churn

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A corrupt or hostile encoded state is rejected with ErrInvalid before it
// can make the accumulator allocate without bound, wrap its period indexes
// or sum negative amounts.
func TestUnmarshalBinaryRejectsCorruptState(t *testing.T) {
	valid := func() movementsState {
		s := movementsState{
			Version: stateVersion, Grain: Month, Window: 2, Currency: "USD", Exp: -2,
			Base: Month.index(calendarEnd) - 1, Periods: make([]periodState, 2),
			IDs: []success.AccountID{"a"}, Last: []int32{Month.index(calendarEnd)}, Value: []int64{100},
			Paid: []bool{true}, Ring: []int64{100, 0},
		}
		// Account a is new in the last period, paying 100.
		s.Periods[1].Amounts[0], s.Periods[1].Amounts[1] = [2]uint64{0, 100}, [2]uint64{0, 100}
		s.Periods[1].Counts[0], s.Periods[1].Counts[1] = 1, 1
		return s
	}
	tests := []struct {
		name    string
		corrupt func(*movementsState)
		want    string
	}{
		{"huge window", func(s *movementsState) {
			s.Window = 1 << 30
			s.Ring = nil
			s.IDs, s.Last, s.Value, s.Paid = nil, nil, nil, nil
		},
			"trailing window 1073741824"},
		{"periods past year 9999", func(s *movementsState) { s.Periods = make([]periodState, 3) }, "outside the years 1 to 9999"},
		{"base before year 1", func(s *movementsState) { s.Base = -5 }, "outside the years 1 to 9999"},
		{"negative count", func(s *movementsState) { s.Periods[1].Counts[0] = -1 }, "negative count in period 9999-12"},
		{"amounts without a currency", func(s *movementsState) { s.Currency = "" }, "amounts without a currency"},
		{"negative trailing value", func(s *movementsState) { s.Ring[1] = -7 }, "trailing value -7 out of range"},
		// Found by FuzzMovementsUnmarshalBinary: totals that do not add up
		// made Report break conservation.
		{"period totals that do not add up", func(s *movementsState) { s.Periods[1].Amounts[3] = [2]uint64{0, 12} },
			"period 9999-12 does not add up to its end"},
		{"an account paying more than its period's end", func(s *movementsState) { s.Value[0] = 150; s.Ring[0] = 150 },
			"period 9999-12 ends below what its accounts last paid"},
		{"a trailing cohort larger than it was", func(s *movementsState) {
			s.Base--
			s.Periods = append([]periodState{{}}, s.Periods...)
			s.Periods[2].Counts[6] = 1
		}, "period 9999-12 has a trailing cohort larger"},
	}
	encode := func(s movementsState) []byte {
		var buf bytes.Buffer
		require.NoError(t, gob.NewEncoder(&buf).Encode(s))
		return buf.Bytes()
	}
	var m Movements
	require.NoError(t, m.UnmarshalBinary(encode(valid())), "the unbroken state is valid")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.corrupt(&s)
			var m Movements
			err := m.UnmarshalBinary(encode(s))
			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
