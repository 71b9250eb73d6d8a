package main

import (
	"math"
	"slices"
	"sync"
	"time"
)

// latencies collects the duration of every evaluation, from any worker.
type latencies struct {
	mu  sync.Mutex
	all []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.all = append(l.all, d)
	l.mu.Unlock()
}

// percentile returns the p-th percentile (0 < p <= 100) by the
// nearest-rank method: the smallest sample with at least p% of the samples
// at or below it; 0 without samples.
func (l *latencies) percentile(p float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.all) == 0 {
		return 0
	}
	s := slices.Clone(l.all)
	slices.Sort(s)
	rank := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(rank, 0), len(s)-1)]
}
