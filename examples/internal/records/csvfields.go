package records

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

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
	if fields, ok := splitPlain(dst, line); ok {
		return fields, scratch, true
	}
	return splitQuoted(dst[:0], scratch, line)
}

// splitPlain splits a line without quotes eight bytes at a time (a word's
// commas and quotes found with bit tricks, as simdjson does with vectors):
// the splitting was a third of the cost of reading a ledger line. It
// reports false, having split nothing useful, when the line has a quote.
func splitPlain(dst [][]byte, line []byte) ([][]byte, bool) {
	start, i := 0, 0
	for ; i+8 <= len(line); i += 8 {
		w := binary.LittleEndian.Uint64(line[i:])
		if bytesEqualTo(w, '"') != 0 {
			return dst, false
		}
		for c := bytesEqualTo(w, ','); c != 0; c &= c - 1 {
			j := i + bits.TrailingZeros64(c)/8
			dst = append(dst, line[start:j:j])
			start = j + 1
		}
	}
	for ; i < len(line); i++ {
		switch line[i] {
		case ',':
			dst = append(dst, line[start:i:i])
			start = i + 1
		case '"':
			return dst, false
		}
	}
	return append(dst, line[start:]), true
}

// bytesEqualTo has the high bit set in each byte of w that equals b, and
// no other bit (the exact form, without the borrow false positives of
// the shorter "has zero byte" trick).
func bytesEqualTo(w uint64, b byte) uint64 {
	const lo7, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	x := w ^ (0x0101010101010101 * uint64(b))
	return ^(((x & lo7) + lo7) | x) & hi
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
