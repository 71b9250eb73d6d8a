package playbook_test

import (
	"testing"

	"github.com/secondsale/secondsale/playbook"
)

// BenchmarkLibraryCheck evaluates the 20 library triggers against one
// account's facts: the engine's steady-state cost per account, before
// stores. Compare with BenchmarkLibraryMatch, which records the clauses.
func BenchmarkLibraryCheck(b *testing.B) {
	plays := playbook.SecondSaleLibrary()
	f := baseFacts()
	b.ReportAllocs()
	for b.Loop() {
		for i := range plays {
			if _, _, err := plays[i].Trigger.Check(f, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(plays))/b.Elapsed().Seconds(), "evals/s")
}

func BenchmarkLibraryMatch(b *testing.B) {
	plays := playbook.SecondSaleLibrary()
	f := baseFacts()
	b.ReportAllocs()
	for b.Loop() {
		for i := range plays {
			if _, err := plays[i].Trigger.Match(f, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(plays))/b.Elapsed().Seconds(), "evals/s")
}
