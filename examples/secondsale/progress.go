package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress is the progress line on stderr: records, rate and elapsed time,
// redrawn at most four times a second, and only when stderr is a terminal
// (a log file or a pipe gets the closing summary alone).
type progress struct {
	w           io.Writer
	on, drawn   bool
	start, last time.Time
	name        string
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// begin starts the clock; force draws even when w is no terminal (tests).
func (p *progress) begin(name string, w io.Writer, force bool) {
	p.w, p.name, p.start, p.last = w, name, time.Now(), time.Now()
	p.on = force || isTerminal(w)
}

// tick redraws the line when a quarter second has passed.
func (p *progress) tick(records int64) {
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 250*time.Millisecond {
		return
	}
	p.last, p.drawn = now, true
	el := now.Sub(p.start)
	fmt.Fprintf(p.w, "\r%s: %d records, %.0f/s, %s elapsed ", p.name, records, float64(records)/el.Seconds(), el.Truncate(time.Second))
}

// done ends the line so the summary starts on its own.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
