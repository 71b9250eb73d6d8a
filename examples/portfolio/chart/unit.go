package chart

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// A Unit formats a value twice: briefly for axis ticks and exactly for
// tooltips and tables, where the reader checks the figure.
type Unit struct {
	Tick  func(float64) string
	Exact func(float64) string
	// Short, when set, is the headline form of a figure too long to read
	// at a glance ("734.9M USD"); the page keeps Exact as its tooltip.
	Short func(float64) string
}

// Percent shows a fraction (0.25) as a percentage (25%).
var Percent = Unit{
	Tick:  func(v float64) string { return trim(strconv.FormatFloat(v*100, 'f', 1, 64)) + "%" },
	Exact: func(v float64) string { return strconv.FormatFloat(v*100, 'f', 2, 64) + "%" },
}

// Count shows plain numbers.
var Count = Unit{Tick: compact, Exact: exact}

// Fixed shows numbers with the given decimals (a score, a ratio).
func Fixed(decimals int) Unit {
	return Unit{
		Tick:  compact,
		Exact: func(v float64) string { return unsigned0(strconv.FormatFloat(v, 'f', decimals, 64)) },
	}
}

// Significant shows numbers to n significant digits, in exponent form
// when small: p-values, whose size matters more than their digits.
func Significant(n int) Unit {
	return Unit{
		Tick:  compact,
		Exact: func(v float64) string { return strconv.FormatFloat(v, 'g', n, 64) },
	}
}

// Money shows amounts of one currency, compact on axes ("12.5k").
func Money(currency string) Unit {
	return Unit{
		Tick: compact,
		Exact: func(v float64) string {
			return grouped(v) + " " + currency
		},
		Short: func(v float64) string {
			if math.Abs(v) < 1e4 {
				return grouped(v) + " " + currency
			}
			return compact(v) + " " + currency
		},
	}
}

// Months labels a month offset from origin with its calendar month.
func Months(origin time.Time) Unit {
	f := func(v float64) string {
		return origin.AddDate(0, int(math.Round(v)), 0).Format("2006-01")
	}
	return Unit{Tick: f, Exact: f}
}

func exact(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// compact keeps tick labels short enough not to collide.
func compact(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trim(strconv.FormatFloat(v/1e9, 'f', 1, 64)) + "G"
	case a >= 1e6:
		return trim(strconv.FormatFloat(v/1e6, 'f', 1, 64)) + "M"
	case a >= 1e4:
		return trim(strconv.FormatFloat(v/1e3, 'f', 1, 64)) + "k"
	}
	return trim(strconv.FormatFloat(v, 'f', 2, 64))
}

// grouped prints v with two decimals and thousands separators.
func grouped(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + frac
}

// unsigned0 drops the sign of a number that rounds to zero ("-0.0").
func unsigned0(s string) string {
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

func trim(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}
