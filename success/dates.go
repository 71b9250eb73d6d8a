package success

import (
	"fmt"
	"math"
	"time"
)

// endOfDay returns the last instant of t's calendar day in t's location.
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 999999999, t.Location())
}

// secondsBetween returns the seconds from from to to, negative when to is
// earlier. It reads the instants' Unix seconds rather than to.Sub(from):
// a time.Duration saturates at about 292 years, which would make a
// 500-year period as long as a 292-year one. It is exact to the second for
// any date within some hundred million years of 1970.
func secondsBetween(from, to time.Time) float64 {
	return float64(to.Unix()) - float64(from.Unix()) + float64(to.Nanosecond()-from.Nanosecond())/1e9
}

// daysText writes the whole 24-hour days from from to to, rounded down, as
// "31 days" or "1 day", without time.Duration's 292-year saturation.
func daysText(from, to time.Time) string {
	n := math.Floor(secondsBetween(from, to) / (24 * 60 * 60))
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%.0f days", n)
}
