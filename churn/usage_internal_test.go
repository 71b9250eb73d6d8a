package churn

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/calendar"
)

// dayOf takes a shortcut (Unix time plus zone offset, floored); it must agree
// with the calendar date time.Time.Date reports, in any location, before and
// after 1970.
func TestDayOfMatchesCalendarDate(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		newYork = time.FixedZone("EST", -5*3600) // no tz database on this machine
	}
	locations := []*time.Location{time.UTC, newYork, time.FixedZone("UTC+14", 14*3600), time.FixedZone("UTC-9:30", -(9*3600 + 1800))}
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.Int64Range(time.Date(calendar.MinYear, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(calendar.MaxYear, 12, 31, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "unix")
		loc := rapid.SampledFrom(locations).Draw(t, "location")
		at := time.Unix(sec, 0).In(loc)
		y, m, d := at.Date()
		midnight := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
		require.Equal(t, int(midnight/secondsPerDay), dayOf(at), "dayOf(%s)", at)
	})
}
