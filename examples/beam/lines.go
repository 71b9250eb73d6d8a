package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxLine caps one input line; a longer line is a reject, and reading goes
// on after it, so one runaway line costs no more than maxLine of memory.
const maxLine = 1 << 20

// eachLine calls fn with every line of the file at path, numbered from 1,
// without its line ending. A line longer than maxLine is passed with
// tooLong set and no text. A last line without a newline is still a line.
func eachLine(path string, fn func(line int, text []byte, tooLong bool) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	var long []byte
	tooLong := false
	line := 0
	for {
		chunk, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(long)+len(chunk) > maxLine {
				tooLong, long = true, long[:0]
			} else if !tooLong {
				long = append(long, chunk...)
			}
			continue
		}
		if len(long) > 0 || tooLong {
			long = append(long, chunk...)
			chunk = long
		}
		if len(chunk) > 0 {
			line++
			text := trimEOL(chunk)
			over := tooLong || len(text) > maxLine
			if over {
				text = nil
			}
			if err := fn(line, text, over); err != nil {
				return err
			}
		}
		long, tooLong = long[:0], false
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: after line %d: %w", path, line, err)
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
