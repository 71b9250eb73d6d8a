package calendar

import "time"

// Day returns the number of t's calendar date in t's location, counted in
// days from 1970-01-01: the Unix time shifted by the zone's offset at t,
// floored to whole days (most ledgers and series are in UTC, which skips the
// zone lookup).
func Day(t time.Time) int {
	s := t.Unix()
	if t.Location() != time.UTC {
		_, offset := t.Zone()
		s += int64(offset)
	}
	return int(FloorDiv64(s, 86400))
}

// FloorDiv64 is FloorDiv for int64.
func FloorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// DaysFromCivil numbers the proleptic Gregorian date y-m-d in days from
// 1970-01-01 (Howard Hinnant's days_from_civil).
func DaysFromCivil(y int, m time.Month, d int) int {
	if m <= 2 {
		y--
	}
	era := FloorDiv(y, 400)
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// CivilFromDays is the inverse of DaysFromCivil.
func CivilFromDays(z int) (y int, m time.Month, d int) {
	z += 719468
	era := FloorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = time.Month(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// OfDay returns the number of the period of grain g containing day (days
// from 1970-01-01).
func OfDay(g Grain, day int) int {
	if g == Week {
		return FloorDiv(day-4, 7) // 1970-01-05, day 4, is a Monday: week 0
	}
	y, m, d := CivilFromDays(day)
	return Number(g, y, m, d)
}
