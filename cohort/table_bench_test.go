package cohort

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
)

// benchFacts yields n facts cycling through a pool of 360 customers with up
// to 36 monthly facts each (three years of monthly cohorts, MRR between 10.50
// and 369.50 USD, a fifth expanding, a third churning). The pool (about 7,000
// facts) stays in cache, as the output of a streaming decoder would; the cost
// of decoding facts is the host's, not the accumulator's.
func benchFacts(n int) func(func(Fact) bool) {
	var pool []Fact
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	for c := range 360 {
		since := time.Date(2024, time.Month(1+c%36), 1+c%28, 9, 0, 0, 0, time.UTC)
		start := success.MustMoney(fmt.Sprintf("%d.50", 10+c), "USD")
		for k := range 36 {
			at := since.AddDate(0, k, 0)
			if at.After(asOf) {
				break
			}
			mrr := start
			switch {
			case k > 20 && c%3 == 0:
				mrr = success.ZeroMoney("USD")
			case k > 6 && c%5 == 0:
				mrr = success.MustMoney(fmt.Sprintf("%d.25", 20+c), "USD")
			}
			pool = append(pool, Fact{Customer: success.AccountID(fmt.Sprint("cust-", c)), Since: since, Key: []string{"pro", "basic", "team"}[c%3], At: at, MRR: mrr, StartMRR: start})
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

func benchmarkTable(b *testing.B, n int, opts TableOptions) {
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	facts := benchFacts(n)
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
func BenchmarkCohortTable10M(b *testing.B) { benchmarkTable(b, 10_000_000, TableOptions{}) }
func BenchmarkCohortTable1M(b *testing.B)  { benchmarkTable(b, 1_000_000, TableOptions{}) }
func BenchmarkCohortTable10MByKey(b *testing.B) {
	benchmarkTable(b, 10_000_000, TableOptions{Grouping: ByKey})
}

// Two shards on two goroutines (the host's choice; the library starts none),
// merged into one table: the shape of a parallel or pipelined deployment.
func BenchmarkCohortTable10MTwoShards(b *testing.B) {
	const n = 10_000_000
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	half := benchFacts(n / 2)
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
