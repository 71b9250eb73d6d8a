package records

import "bytes"

// SplitCSV splits one CSV line (RFC 4180, comma-separated, without its line
// ending) into dst's fields, reusing dst. Quoted fields may hold commas and
// doubled quotes, which are unescaped into scratch (reused too); a quoted
// field cannot span lines. It reports false for a malformed line (a quote
// that does not close, text after a closing quote). The fields alias line or
// scratch. It is hand-written because encoding/csv costs a copy per record
// and cannot take one line at a time from Beam.
func SplitCSV(dst [][]byte, scratch []byte, line []byte) ([][]byte, []byte, bool) {
	dst = dst[:0]
	scratch = scratch[:0]
	// The common case, short lines without quotes, in one pass.
	start := 0
	for i, c := range line {
		switch c {
		case ',':
			dst = append(dst, line[start:i:i])
			start = i + 1
			continue
		case '"':
			return splitQuoted(dst[:0], scratch, line)
		}
	}
	return append(dst, line[start:]), scratch, true
}

// splitQuoted is SplitCSV for a line with quotes.
func splitQuoted(dst [][]byte, scratch []byte, line []byte) ([][]byte, []byte, bool) {
	// Quotes somewhere: the slow path. scratch must not move while fields
	// point into it, so size it for the whole line first.
	if cap(scratch) < len(line) {
		scratch = make([]byte, 0, len(line))
	}
	for {
		if len(line) > 0 && line[0] == '"' {
			start := len(scratch)
			i := 1
			for {
				j := bytes.IndexByte(line[i:], '"')
				if j < 0 {
					return dst, scratch, false
				}
				scratch = append(scratch, line[i:i+j]...)
				i += j + 1
				if i < len(line) && line[i] == '"' {
					scratch = append(scratch, '"')
					i++
					continue
				}
				break
			}
			dst = append(dst, scratch[start:len(scratch):len(scratch)])
			if i == len(line) {
				return dst, scratch, true
			}
			if line[i] != ',' {
				return dst, scratch, false
			}
			line = line[i+1:]
			continue
		}
		i := bytes.IndexByte(line, ',')
		if i < 0 {
			if bytes.IndexByte(line, '"') >= 0 {
				return dst, scratch, false
			}
			return append(dst, line), scratch, true
		}
		if bytes.IndexByte(line[:i], '"') >= 0 {
			return dst, scratch, false
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}
