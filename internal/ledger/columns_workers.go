package ledger

import (
	"runtime"
	"sync"
)

// minRowsPerWorker is the fewest rows of a columnar batch worth a goroutine
// of their own: below it, starting and joining one costs more than it
// saves. A variable only for SetMinRowsPerWorker.
var minRowsPerWorker = 1 << 16

// SetMinRowsPerWorker sets the fewest rows per worker, so that the tests of
// the readers split small batches, and returns the function that restores
// it. Tests only: it is not safe for concurrent use.
func SetMinRowsPerWorker(n int) (restore func()) {
	old := minRowsPerWorker
	minRowsPerWorker = n
	return func() { minRowsPerWorker = old }
}

// Workers returns how many goroutines a columnar batch of n rows uses when
// the host allows up to w: at most w, GOMAXPROCS and one per
// minRowsPerWorker rows, at least 1.
func Workers(w, n int) int { return max(1, min(w, runtime.GOMAXPROCS(0), n/minRowsPerWorker)) }

// scatter writes each row as an entry into its partition's share of lines
// (start[i] to start[i+1] for partition i), in row order within a
// partition; a row's slot is slots[key[i]], or key[i] when slots is nil.
// With several workers, each takes a range of rows: it counts its rows per
// partition, and writes them after the earlier ranges' rows of the same
// partition, so the lines are those of one worker, in the same order.
func scatter(key, slots []int32, days []int32, minor []int64, mul, div int64, workers int) (lines []entry, start [parts + 1]int) {
	n := len(key)
	counts := make([][parts]int, workers)
	each(workers, func(w int) {
		lo, hi := w*n/workers, (w+1)*n/workers
		k := key[lo:hi]
		if slots != nil {
			for i, a := range k {
				k[i] = slots[a]
			}
		}
		c := &counts[w]
		for _, s := range k {
			c[s&partMask]++
		}
	})
	// at[w][i] is where worker w writes its first row of partition i.
	at := make([][parts]int, workers)
	pos := 0
	for i := range parts {
		start[i] = pos
		for w := range at {
			at[w][i] = pos
			pos += counts[w][i]
		}
	}
	start[parts] = pos
	lines = make([]entry, n)
	each(workers, func(w int) {
		lo, hi := w*n/workers, (w+1)*n/workers
		scatterRange(lines, &at[w], key[lo:hi], days[lo:hi], minor[lo:hi], mul, div)
	})
	return lines, start
}

// scatterRange writes the rows of one range at at (advanced), converting
// their minor units to the book's: times mul, or divided by div.
func scatterRange(lines []entry, at *[parts]int, key, days []int32, minor []int64, mul, div int64) {
	switch {
	case mul == 1 && div == 1:
		for i, s := range key {
			lines[at[s&partMask]] = entry{slot: s, day: days[i], units: minor[i]}
			at[s&partMask]++
		}
	case div == 1:
		for i, s := range key {
			lines[at[s&partMask]] = entry{slot: s, day: days[i], units: minor[i] * mul}
			at[s&partMask]++
		}
	default:
		for i, s := range key {
			lines[at[s&partMask]] = entry{slot: s, day: days[i], units: minor[i] / div}
			at[s&partMask]++
		}
	}
}

// compactParts compacts each partition i with its share of lines
// (start[i] to start[i+1]), setting used[i] to the entries of lines it
// then holds. With several workers, each takes every workers-th partition
// with compaction buffers of its own: partitions share nothing, so the
// book is the same.
func (b *Book) compactParts(lines []entry, start *[parts + 1]int, used *[parts]int, workers int) {
	cps := make([]*compaction, workers)
	cps[0] = b.compactor()
	for w := 1; w < workers; w++ {
		cps[w] = b.newCompaction()
	}
	each(workers, func(w int) {
		cp := cps[w]
		for i := w; i < parts; i += workers {
			if start[i] < start[i+1] {
				used[i] = cp.compactWith(&b.parts[i], lines[start[i]:start[i+1]])
			}
		}
	})
}

// each runs f(0) ... f(workers-1), f(0) on the calling goroutine and the
// others on goroutines of their own, and returns when all have.
func each(workers int, f func(w int)) {
	if workers <= 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	f(0)
	wg.Wait()
}
