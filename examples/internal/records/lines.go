package records

import (
	"bufio"
	"io"
)

// MaxLine is the longest line a reader accepts, in bytes; a longer line is
// a reject, skipped to its end, so that one runaway line (a file with no
// newlines) cannot take unbounded memory.
const MaxLine = 1 << 20

// Lines reads an io.Reader line by line, counting lines from 1. A line
// longer than MaxLine is returned as too long rather than in full. The last
// line may lack its newline: Truncated then says so, and a parser's reject of
// such a line should mention it (a file cut off mid-write).
type Lines struct {
	r    *bufio.Reader
	long []byte
	n    int64
	err  error

	// Truncated is true after Next returned a last line with no newline.
	Truncated bool
	// TooLong is true after Next returned a line longer than MaxLine (the
	// line returned is then empty).
	TooLong bool
}

// NewLines returns a line reader over r.
func NewLines(r io.Reader) *Lines {
	return &Lines{r: bufio.NewReaderSize(r, 256<<10)}
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
	line, err := l.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull { // bufio returns it unwrapped; errors.Is costs per line
		l.long = append(l.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = l.r.ReadSlice('\n')
			if len(l.long)+len(line) > MaxLine+2 {
				l.TooLong = true
			} else {
				l.long = append(l.long, line...)
			}
		}
		if !l.TooLong {
			line = l.long
		}
	}
	if err != nil && err != io.EOF {
		l.err = err
		return nil, false
	}
	if err == io.EOF {
		if len(line) == 0 && !l.TooLong {
			return nil, false
		}
		l.Truncated = true
	}
	l.n++
	if l.TooLong {
		return nil, true
	}
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) > MaxLine {
		l.TooLong = true
		return nil, true
	}
	return line, true
}

// TruncatedReason is the reject reason added for a bad last line without a
// newline.
const TruncatedReason = " (last line has no newline: truncated input?)"

// TooLongReason is the reject reason of a line longer than MaxLine.
const TooLongReason = "line longer than 1 MiB"
