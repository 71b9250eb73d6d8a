package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/secondsale/secondsale/examples/internal/records"
)

// maxStderrRejects is how many rejects are listed on stderr without
// -rejects; the rest are counted.
const maxStderrRejects = 20

// rejectSink writes rejects as JSON Lines to a file, or lists the first
// few on stderr. A reject names file, line, field and reason, never the
// value.
type rejectSink struct {
	f      *os.File
	w      *bufio.Writer
	stderr io.Writer
	n      int64
}

func (s *rejectSink) open(path string, stderr io.Writer) error {
	s.stderr = stderr
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	s.f, s.w = f, bufio.NewWriter(f)
	return nil
}

func (s *rejectSink) add(r records.Reject) {
	s.n++
	if s.w != nil {
		b, _ := json.Marshal(r) // a struct of strings and an int: cannot fail
		s.w.Write(append(b, '\n'))
		return
	}
	if s.n <= maxStderrRejects {
		fmt.Fprintf(s.stderr, "reject: %s\n", r.Error())
	} else if s.n == maxStderrRejects+1 {
		fmt.Fprintf(s.stderr, "reject: ... (more; write them all with -rejects FILE)\n")
	}
}

func (s *rejectSink) close() error {
	if s.f == nil {
		return nil
	}
	err := s.w.Flush()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.f = nil
	return err
}
