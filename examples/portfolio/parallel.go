package main

import (
	"runtime"
	"sync"
	"time"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/playbook"
)

// parallel computes f of every item on all cores, in the items' order; it
// returns the first error by position. The base is read-only once
// generated, so its readers may run at once; the engine and the
// accumulators, which are not, consume the results in order afterwards.
func parallel[T, R any](items []T, f func(T) (R, error)) ([]R, error) {
	out := make([]R, len(items))
	errs := make([]error, len(items))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(items)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(items); i += workers {
				out[i], errs[i] = f(items[i])
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// factsAt assembles every customer's facts as of t.
func (r *review) factsAt(cs []*sim.Customer, t time.Time) ([]playbook.Facts, error) {
	return parallel(cs, func(c *sim.Customer) (playbook.Facts, error) { return r.base.Facts(c, t) })
}
