package calendar

import (
	"testing"
	"time"

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
			if want := DaysFromCivil(y, m, d); day != want {
				t.Fatalf("%v: Day %d, DaysFromCivil %d", tm, day, want)
			}
			if want := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400); want != day && sec >= 0 {
				t.Fatalf("%v: Day %d, want %d", tm, day, want)
			}
			if y2, m2, d2 := CivilFromDays(day); y2 != y || m2 != m || d2 != d {
				t.Fatalf("%v: CivilFromDays(%d) = %d-%d-%d", tm, day, y2, m2, d2)
			}
			for _, g := range []Grain{Month, Quarter, Year, Week} {
				if OfDay(g, day) != Of(g, tm) {
					t.Fatalf("%v grain %d: OfDay %d, Of %d", tm, g, OfDay(g, day), Of(g, tm))
				}
			}
		}
	})
}
