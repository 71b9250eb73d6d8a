package cohort

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
)

// amountSharing says which amounts of a customer's facts share one decimal
// value in the benchmark pool, as the host's fact builder would produce them.
type amountSharing int

const (
	// shareStartMRR: each fact's MRR is its own decimal (decoded from the
	// period's snapshot) while StartMRR is the customer's one value, copied
	// into each of its facts. The usual shape, and the benchmarks' default.
	shareStartMRR amountSharing = iota
	// shareNothing: every amount of every fact is its own decimal, as a
	// decoder of denormalised rows produces them: the worst case.
	shareNothing
)

// benchFacts yields n facts cycling through a pool of 360 customers with up
// to 36 monthly facts each (three years of monthly cohorts, MRR between 10.50
// and 369.50 USD, a fifth expanding, a third churning). The pool (about 7,000
// facts) stays in cache, as the output of a streaming decoder would; the cost
// of decoding facts is the host's, not the accumulator's.
func benchFacts(n int, sharing amountSharing) func(func(Fact) bool) {
	var pool []Fact
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	for c := range 360 {
		since := time.Date(2024, time.Month(1+c%36), 1+c%28, 9, 0, 0, 0, time.UTC)
		startText := fmt.Sprintf("%d.50", 10+c)
		start := usd(startText)
		for k := range 36 {
			at := since.AddDate(0, k, 0)
			if at.After(asOf) {
				break
			}
			mrr := startText
			switch {
			case k > 20 && c%3 == 0:
				mrr = "0"
			case k > 6 && c%5 == 0:
				mrr = fmt.Sprintf("%d.25", 20+c)
			}
			f := Fact{Customer: success.AccountID(fmt.Sprint("cust-", c)), Since: since, Key: []string{"pro", "basic", "team"}[c%3], At: at, MRR: usd(mrr), StartMRR: start}
			if sharing == shareNothing {
				f.StartMRR = usd(startText)
			}
			pool = append(pool, f)
		}
	}
	return func(yield func(Fact) bool) {
		for i := 0; i < n; {
			for j := range pool {
				if i == n || !yield(pool[j]) {
					return
				}
				i++
			}
		}
	}
}

func benchmarkTable(b *testing.B, n int, sharing amountSharing, opts TableOptions) {
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	facts := benchFacts(n, sharing)
	b.ReportAllocs()
	for b.Loop() {
		a, err := NewTableAccumulator(asOf, time.UTC, opts)
		if err != nil {
			b.Fatal(err)
		}
		if err := a.AddAll(facts); err != nil {
			b.Fatal(err)
		}
		if _, err := a.Table(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mfacts/s")
}

// The target: 10 million facts at >= 20 million facts per second,
// memory independent of the number of facts (compare B/op with the 1M case).
func BenchmarkCohortTable10M(b *testing.B) {
	benchmarkTable(b, 10_000_000, shareStartMRR, TableOptions{})
}
func BenchmarkCohortTable1M(b *testing.B) {
	benchmarkTable(b, 1_000_000, shareStartMRR, TableOptions{})
}
func BenchmarkCohortTable10MByKey(b *testing.B) {
	benchmarkTable(b, 10_000_000, shareStartMRR, TableOptions{Grouping: ByKey})
}

// Every amount its own decimal: no conversion is saved by identity.
func BenchmarkCohortTable10MNoSharing(b *testing.B) {
	benchmarkTable(b, 10_000_000, shareNothing, TableOptions{})
}

// Two shards on two goroutines (the host's choice; the library starts none),
// merged into one table: the shape of a parallel or pipelined deployment.
func BenchmarkCohortTable10MTwoShards(b *testing.B) {
	const n = 10_000_000
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	half := benchFacts(n/2, shareStartMRR)
	b.ReportAllocs()
	for b.Loop() {
		var shards [2]*TableAccumulator
		var errs [2]error
		var wg sync.WaitGroup
		for i := range shards {
			shards[i], errs[i] = NewTableAccumulator(asOf, time.UTC, TableOptions{})
			if errs[i] != nil {
				b.Fatal(errs[i])
			}
			wg.Go(func() { errs[i] = shards[i].AddAll(half) })
		}
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			b.Fatal(err)
		}
		if err := shards[0].Merge(shards[1]); err != nil {
			b.Fatal(err)
		}
		if _, err := shards[0].Table(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mfacts/s")
}
