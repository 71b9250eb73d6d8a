package main

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// appendJSONString appends s as a JSON string: plain printable ASCII as it
// is (the common case, no allocation), anything else through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendCSVField appends s as a CSV field, quoted only when it must be. A
// text starting with =, +, -, @, a tab or a carriage return gets a single
// quote in front, as cohort.Table.WriteCSV does (OWASP's advice against CSV
// injection), so a spreadsheet shows it as text rather than run it.
func appendCSVField(b []byte, s string) []byte {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		s = "'" + s
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
			b = append(b, '"')
			for j := 0; j < len(s); j++ {
				if s[j] == '"' {
					b = append(b, '"')
				}
				b = append(b, s[j])
			}
			return append(b, '"')
		}
	}
	return append(b, s...)
}

// appendFloat appends the shortest decimal that reads back as f, or null
// (JSON) / nothing (CSV) for NaN and Inf.
func appendFloat(b []byte, f float64, json bool) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		if json {
			return append(b, "null"...)
		}
		return b
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// formatTime writes a date as YYYY-MM-DD when it is midnight UTC, else as
// RFC 3339.
func formatTime(t time.Time) string {
	if t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// encodeEach writes items as JSON Lines, one value a line.
func encodeEach[T any](w io.Writer, items []T) error {
	enc := json.NewEncoder(w)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}
