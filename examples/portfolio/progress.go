package main

import (
	"fmt"
	"io"
	"os"
)

// progress rewrites one status line on stderr while the review runs, and
// only when stderr is a terminal: piped or logged output stays clean.
type progress struct {
	w    io.Writer
	on   bool
	last int
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	if !ok {
		return &progress{w: w}
	}
	st, err := f.Stat()
	return &progress{w: w, on: err == nil && st.Mode()&os.ModeCharDevice != 0}
}

func (p *progress) step(what string) {
	if !p.on {
		return
	}
	line := "portfolio: " + what + "…"
	pad := max(0, p.last-len(line))
	fmt.Fprintf(p.w, "\r%s%*s", line, pad, "")
	p.last = len(line)
}

// done clears the line; a second call does nothing.
func (p *progress) done() {
	if p.on && p.last > 0 {
		fmt.Fprintf(p.w, "\r%*s\r", p.last, "")
		p.last = 0
	}
}
