package calendar

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestDayMatchesTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no zone database")
	}
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.Int64Range(-62135596800, 253402300799).Draw(t, "unix")
		for _, loc := range []*time.Location{time.UTC, paris, time.FixedZone("x", -11*3600)} {
			tm := time.Unix(sec, 0).In(loc)
			y, m, d := tm.Date()
			day := Day(tm)
			require.Equal(t, DaysFromCivil(y, m, d), day, "%v: Day vs DaysFromCivil", tm)
			if sec >= 0 {
				require.Equal(t, int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400), day, "%v: Day", tm)
			}
			y2, m2, d2 := CivilFromDays(day)
			require.Equal(t, []int{y, int(m), d}, []int{y2, int(m2), d2}, "%v: CivilFromDays(%d)", tm, day)
			for _, g := range []Grain{Month, Quarter, Year, Week} {
				require.Equal(t, Of(g, tm), OfDay(g, day), "%v grain %d: OfDay vs Of", tm, g)
			}
		}
	})
}
