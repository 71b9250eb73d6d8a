package records

import (
	"bytes"
	"math"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/success"
)

// ParseDay reads a calendar date as days from 1970-01-01 (success.EpochDay):
// YYYY-MM-DD, or an RFC 3339 timestamp whose date part is taken as it is
// written (the SDK reads a ledger date in its own location). With a layout
// (a Go time layout such as "20060102") the text is parsed with it instead.
// Years run from 1 to 9999, as everywhere in the SDK.
func ParseDay(b []byte, layout string) (int32, bool) {
	if layout != "" {
		t, err := time.Parse(layout, string(b))
		if err != nil || t.Year() < 1 || t.Year() > 9999 {
			return 0, false
		}
		return success.EpochDay(t), true
	}
	if len(b) < 10 || (len(b) > 10 && b[10] != 'T' && b[10] != 't' && b[10] != ' ') {
		return 0, false
	}
	if b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	if len(b) > 10 {
		if _, err := time.Parse(time.RFC3339Nano, string(b)); err != nil {
			return 0, false
		}
	}
	return int32(daysFromCivil(y, m, d)), true
}

// ParseTime reads a date (midnight UTC) or an RFC 3339 timestamp, or text in
// layout when one is given.
func ParseTime(b []byte, layout string) (time.Time, bool) {
	if layout != "" {
		t, err := time.Parse(layout, string(b))
		return t, err == nil && t.Year() >= 1 && t.Year() <= 9999
	}
	if len(b) == 10 {
		day, ok := ParseDay(b, "")
		return DayTime(day), ok
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	return t, err == nil && t.Year() >= 1 && t.Year() <= 9999
}

// DayTime is midnight UTC of an epoch day.
func DayTime(day int32) time.Time {
	return time.Unix(int64(day)*86400, 0).UTC()
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is Howard Hinnant's days_from_civil: days from 1970-01-01
// of a proleptic Gregorian date, without building a time.Time.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// maxMinor bounds an amount read as minor units: 18 significant digits,
// the SDK's cap on money from outside.
const maxMinor = 999_999_999_999_999_999

// ParseMinor reads a decimal amount ("-1234.5") as an integer count of
// minor units with exp decimal places (2 for cents). exact is false when
// the text is a number the minor units cannot hold exactly (more places,
// an exponent, more than 18 digits); ok is false when it is no number.
func ParseMinor(b []byte, exp int32) (minor int64, exact, ok bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg, i = b[0] == '-', 1
	}
	var n int64
	sawDigit, places, dot := false, int32(0), false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			sawDigit = true
			if dot {
				if places == exp {
					if c != '0' {
						return 0, false, numberLike(b)
					}
					continue
				}
				places++
			}
			if n > maxMinor/10 {
				return 0, false, numberLike(b)
			}
			n = n*10 + int64(c-'0')
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false, numberLike(b)
		}
	}
	if !sawDigit {
		return 0, false, false
	}
	for ; places < exp; places++ {
		if n > maxMinor/10 {
			return 0, false, true
		}
		n *= 10
	}
	if neg {
		n = -n
	}
	return n, true, true
}

// numberLike says whether b is a finite number strconv can read (an
// exponent, many digits), for amounts the fast path leaves to the SDK.
func numberLike(b []byte) bool {
	f, err := strconv.ParseFloat(string(b), 64)
	return err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && bytes.IndexFunc(b, isLetterNotE) < 0
}

func isLetterNotE(r rune) bool {
	return r != 'e' && r != 'E' && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_')
}

// ParseFloat reads a finite decimal number; NaN, Inf, hex and underscores
// are refused (the SDK rejects NaN and Inf at the boundary).
func ParseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || bytes.IndexFunc(b, isLetterNotE) >= 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil && !math.IsInf(f, 0)
}
