package records

import (
	"bytes"
	"io"
)

// MaxLine is the longest line a reader accepts, in bytes; a longer line is
// a reject, skipped to its end, so that one runaway line (a file with no
// newlines) cannot take unbounded memory.
const MaxLine = 1 << 20

// Lines reads an io.Reader line by line, counting lines from 1. A line
// longer than MaxLine is returned as too long rather than in full. The last
// line may lack its newline: Truncated then says so, and a parser's reject of
// such a line should mention it (a file cut off mid-write). It keeps its own
// buffer rather than a bufio.Reader's: at tens of millions of short lines,
// the per-line bookkeeping of ReadSlice was a tenth of a ledger's cost.
type Lines struct {
	r          io.Reader
	buf        []byte
	start, end int
	from       int // buf[start:from] holds no newline: where the search resumes
	eof        bool
	skipped    bool // skipLong dropped a line: Next reports it
	n          int64
	err        error

	// Truncated is true after Next returned a last line with no newline.
	Truncated bool
	// TooLong is true after Next returned a line longer than MaxLine (the
	// line returned is then empty).
	TooLong bool
}

// NewLines returns a line reader over r.
func NewLines(r io.Reader) *Lines {
	return &Lines{r: r, buf: make([]byte, 256<<10)}
}

// Line is the number of the line Next returned last.
func (l *Lines) Line() int64 { return l.n }

// Err is the read error that ended the input, nil at a clean end of file.
func (l *Lines) Err() error { return l.err }

// Next returns the next line without its line ending ("\n" or "\r\n"), valid
// until the following call, and false at the end of the input or on a read
// error (see Err).
func (l *Lines) Next() ([]byte, bool) {
	if l.err != nil || l.Truncated {
		return nil, false
	}
	l.TooLong = false
	for {
		from := max(l.from, l.start)
		if i := bytes.IndexByte(l.buf[from:l.end], '\n'); i >= 0 {
			line := l.buf[l.start : from+i]
			l.start = from + i + 1
			return l.line(line)
		}
		l.from = l.end
		if l.eof {
			if l.start == l.end {
				return nil, false
			}
			line := l.buf[l.start:l.end]
			l.start = l.end
			l.Truncated = true
			return l.line(line)
		}
		if !l.fill() {
			return nil, false
		}
		if l.skipped {
			l.skipped = false
			return nil, true
		}
	}
}

// NextRecord returns the next line that holds a record, skipping blank
// lines (they hold none); a line too long comes back as its reject, with ok
// true. The readers of every format share it, so they count and reject
// lines alike.
func (l *Lines) NextRecord(file string) (line []byte, rej *Reject, ok bool) {
	for {
		line, ok := l.Next()
		switch {
		case !ok:
			return nil, nil, false
		case l.TooLong:
			return nil, l.Note(&Reject{Line: l.n, Reason: TooLongReason}, file), true
		case len(line) > 0:
			return line, nil, true
		}
	}
}

// Note completes a parser's reject of the line Next returned last: its
// file, and the note on a last line without its newline.
func (l *Lines) Note(r *Reject, file string) *Reject {
	r.File = file
	if l.Truncated {
		r.Reason += TruncatedReason
	}
	return r
}

// line counts and trims a line found in the buffer.
func (l *Lines) line(line []byte) ([]byte, bool) {
	l.n++
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) > MaxLine {
		l.TooLong = true
		return nil, true
	}
	return line, true
}

// fill reads more input behind the unread part, growing the buffer for a
// long line up to MaxLine and skipping the rest of a longer one. It reports
// false on a read error.
func (l *Lines) fill() bool {
	// Move the unread part to the front only when the buffer is full, so a
	// reader that hands out a few bytes at a time costs no quadratic copying.
	if l.end == len(l.buf) {
		switch {
		case l.start > 0:
			l.end = copy(l.buf, l.buf[l.start:l.end])
			l.from -= l.start
			l.start = 0
		case len(l.buf) <= MaxLine:
			l.buf = append(l.buf, make([]byte, len(l.buf))...)
		default:
			return l.skipLong()
		}
	}
	n, err := l.r.Read(l.buf[l.end:])
	l.end += n
	if err == io.EOF {
		l.eof = true
	} else if err != nil {
		l.err = err
		return false
	}
	return true
}

// skipLong drops a line longer than MaxLine up to its newline (or the end
// of the input), counts it as a line too long, and keeps what follows.
func (l *Lines) skipLong() bool {
	for {
		n, err := l.r.Read(l.buf)
		if i := bytes.IndexByte(l.buf[:n], '\n'); i >= 0 {
			l.start, l.end, l.from = i+1, n, 0
			l.n++
			l.TooLong, l.skipped = true, true
			l.eof = err == io.EOF
			return true
		}
		if err == io.EOF {
			l.start, l.end, l.from, l.eof = 0, 0, 0, true
			l.n++
			l.TooLong, l.skipped, l.Truncated = true, true, true
			return true
		}
		if err != nil {
			l.err = err
			return false
		}
	}
}

// TruncatedReason is the reject reason added for a bad last line without a
// newline.
const TruncatedReason = " (last line has no newline: truncated input?)"

// TooLongReason is the reject reason of a line longer than MaxLine.
const TooLongReason = "line longer than 1 MiB"
