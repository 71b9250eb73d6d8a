package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// errInterrupted ends a read when an interrupt asked to stop.
var errInterrupted = errors.New("interrupted")

// interruptible stops reading at an interrupt: each Read first checks the
// context. A file never blocks, so that is enough for it; a pipe or a
// terminal can block for as long as its producer pauses, so it is read on
// a goroutine of its own (see piped) and Read also returns at the interrupt.
func (c *cli) interruptible(r io.Reader) io.Reader {
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
			return newPiped(c.ctx, f)
		}
	}
	return checked{ctx: c.ctx, r: r}
}

// checked checks the context before each Read.
type checked struct {
	ctx context.Context
	r   io.Reader
}

func (r checked) Read(p []byte) (int, error) {
	if r.ctx.Err() != nil {
		return 0, errInterrupted
	}
	return r.r.Read(p)
}

// piped reads a blocking reader on its own goroutine, a chunk ahead, so
// that Read can return at an interrupt while the goroutine still waits for
// input. The goroutine copies into chunks of its own, never the caller's
// buffer; it ends at the end of the input or with the process.
type piped struct {
	ctx  context.Context
	ch   chan pipedChunk
	left []byte
	err  error
}

type pipedChunk struct {
	data []byte
	err  error
}

func newPiped(ctx context.Context, r io.Reader) *piped {
	p := &piped{ctx: ctx, ch: make(chan pipedChunk, 1)}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := r.Read(buf)
			p.ch <- pipedChunk{data: append([]byte(nil), buf[:n]...), err: err}
			if err != nil {
				return
			}
		}
	}()
	return p
}

func (p *piped) Read(b []byte) (int, error) {
	for len(p.left) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		if p.ctx.Err() != nil {
			return 0, errInterrupted
		}
		select {
		case c := <-p.ch:
			p.left, p.err = c.data, c.err
		case <-p.ctx.Done():
			return 0, errInterrupted
		}
	}
	n := copy(b, p.left)
	p.left = p.left[n:]
	return n, nil
}

// readErr is the error that ended an input: nil, with the place noted, when
// an interrupt stopped it, else the error named by its file.
func (c *cli) readErr(file string, line int64, err error) error {
	if errors.Is(err, errInterrupted) {
		c.stopped(file, line)
		return nil
	}
	return fmt.Errorf("%s: %w", file, err)
}
