package health_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// The benchmarks score benchCard (10 measures in 3 groups, every normaliser
// kind, a critical measure; in batch, 2% of the cells missing, the
// realistic case) and report accounts per second: run
// go test -bench . -benchmem ./health/...

func BenchmarkScoreSingleWithExplanation(b *testing.B) {
	p := mustCompile(b, benchCard())
	in := benchInputs()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Score("acme", in, t0, health.ScoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchmarkScoreSingleMissingInputs is the realistic single-account case:
// two inputs missing, so the weights are redistributed.
func BenchmarkScoreSingleMissingInputs(b *testing.B) {
	p := mustCompile(b, benchCard())
	in := benchInputs()
	delete(in, "dau_ratio")
	delete(in, "plan")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Score("acme", in, t0, health.ScoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
}

func BenchmarkScoreColumns(b *testing.B) {
	p := mustCompile(b, benchCard())
	const n = 4096
	cols := randomColumns(rand.New(rand.NewPCG(7, 8)), n, 0.02)
	values, bands := make([]float64, n), make([]int8, n)
	b.ReportAllocs()
	for b.Loop() {
		if err := p.ScoreColumns(cols, values, bands, nil, success.ColumnOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "accounts/s")
}

func BenchmarkScoreColumnsValuesOnly(b *testing.B) {
	p := mustCompile(b, benchCard())
	const n = 4096
	cols := randomColumns(rand.New(rand.NewPCG(7, 8)), n, 0.02)
	values := make([]float64, n)
	b.ReportAllocs()
	for b.Loop() {
		if err := p.ScoreColumns(cols, values, nil, nil, success.ColumnOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "accounts/s")
}

func BenchmarkScoreIntoReused(b *testing.B) {
	p := mustCompile(b, benchCard())
	in := benchInputs()
	var s health.Score
	b.ReportAllocs()
	for b.Loop() {
		if err := p.ScoreInto(&s, "acme", in, t0, health.ScoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
}

func BenchmarkScoreValuesReused(b *testing.B) {
	p := mustCompile(b, benchCard())
	in := benchInputs()
	values := make([]success.Value, len(p.MeasureIDs()))
	for i, id := range p.MeasureIDs() {
		values[i] = in[id]
	}
	var s health.Score
	b.ReportAllocs()
	for b.Loop() {
		if err := p.ScoreValues(&s, "acme", values, t0, health.ScoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchmarkScoreColumnsPeerJob is the health_batch job of
// ../shared/peers/README.md at 1M accounts: 10 linear measures in 3 groups,
// with 2% of the cells missing (the realistic case: 18% of the rows) and
// with none.
func BenchmarkScoreColumnsPeerJob(b *testing.B) {
	p := mustCompile(b, peerCard())
	const n = 1 << 20
	for _, c := range []struct {
		missing float64
		workers int
	}{{0.02, 0}, {0, 0}, {0.02, runtime.GOMAXPROCS(0)}} {
		b.Run(fmt.Sprintf("missing=%v/workers=%d", c.missing, c.workers), func(b *testing.B) {
			cols := peerColumns(n, c.missing, 1)
			values, bands := make([]float64, n), make([]int8, n)
			b.ReportAllocs()
			for b.Loop() {
				if err := p.ScoreColumns(cols, values, bands, nil, success.ColumnOptions{Workers: c.workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "accounts/s")
		})
	}
}
