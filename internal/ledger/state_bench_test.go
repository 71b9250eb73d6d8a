package ledger

import (
	"errors"
	"fmt"
	"testing"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// stateBook is a book of accounts × months as the Beam pipeline's shuffle
// carries it: each account pays a few hundred dollars a month, in cents.
func stateBook(b *testing.B, accounts, months int) *Book {
	b.Helper()
	book := New(calendar.Month)
	start := calendar.DaysFromCivil(2025, 1, 28)
	for a := range accounts {
		id := success.AccountID(fmt.Sprintf("acct-%07d", a))
		for m := range months {
			if p := book.Add(id, int32(start+30*m), int64(10000+137*a%50000), -2); p != OK {
				b.Fatalf("add: %v", p)
			}
		}
	}
	return book
}

var errBench = errors.New("invalid")

// BenchmarkState measures the state's round trip through the accumulator
// envelope, per account-month: what a Beam shuffle pays each way.
func BenchmarkState(b *testing.B) {
	const accounts, months = 10000, 20
	book := stateBook(b, accounts, months)
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			if _, err := accum.Encode("bench", 2, book.Snapshot(success.Monthly, "USD")); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*accounts*months), "ns/cell")
	})
	data, err := accum.Encode("bench", 2, book.Snapshot(success.Monthly, "USD"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			var s Snapshot
			if _, err := accum.Decode(data, "bench", 2, &s, errBench); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Book(calendar.Month, "bench", errBench); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*accounts*months), "ns/cell")
		b.ReportMetric(float64(len(data))/float64(accounts*months), "bytes/cell")
	})
}
