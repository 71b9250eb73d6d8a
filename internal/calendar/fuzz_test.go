package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // every zone below, whatever the machine has installed
)

// fuzzZones are zones with unusual days: skipped midnights (Havana,
// Asuncion, Santiago), a skipped calendar day (Apia, 30 December 2011),
// half- and quarter-hour offsets, and the date line.
var fuzzZones = []string{"UTC", "America/Havana", "America/Asuncion", "America/Santiago", "Pacific/Apia",
	"Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Kiritimati", "America/St_Johns", "Europe/London", "Asia/Tehran"}

// FuzzPeriods checks, for any instant from year 1 to 9999 in any of the
// zones, that the period Of names brackets it, starts on its own first day,
// and has a label naming the period's year.
func FuzzPeriods(f *testing.F) {
	f.Add(int64(1333252800), uint8(0), uint8(1)) // Havana, 1 April 2012
	f.Add(int64(1325239200), uint8(3), uint8(4)) // Apia, around the skipped 30 December 2011
	f.Add(int64(-62135596800), uint8(3), uint8(0))
	f.Add(int64(253402300799), uint8(1), uint8(7))
	locs := make([]*time.Location, len(fuzzZones))
	for i, name := range fuzzZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			f.Fatal(err)
		}
		locs[i] = loc
	}
	f.Fuzz(func(t *testing.T, unix int64, grain, zone uint8) {
		const first, last = -62135596800, 253402300799 // 0001-01-01 to 9999-12-31 UTC
		span := uint64(last - first + 1)
		at := time.Unix(first+int64(uint64(unix)%span), 0)
		loc := locs[int(zone)%len(locs)]
		g := Grain(grain % 4)
		at = at.In(loc)
		n := Of(g, at)
		start, next := Start(g, n, loc), Start(g, n+1, loc)
		if at.Before(start) || !at.Before(next) {
			t.Fatalf("%v: period %d (%s) spans [%v, %v)", at, n, Label(g, n), start, next)
		}
		if got := Of(g, start); got != n {
			t.Fatalf("%v starts period %d (%s) but is numbered %d", start, n, Label(g, n), got)
		}
		label := Label(g, n)
		if g != Week && !strings.HasPrefix(label, start.Format("2006")) {
			t.Fatalf("period %d is labelled %q but starts %v", n, label, start)
		}
		if g == Week {
			if start.Weekday() != time.Monday {
				t.Fatalf("week %s starts on %v, a %v", label, start, start.Weekday())
			}
			if y, w := start.ISOWeek(); label != fmt.Sprintf("%04d-W%02d", y, w) {
				t.Fatalf("week starting %v is labelled %q, ISO week %d-W%02d", start, label, y, w)
			}
		}
	})
}
