package ledger

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// bigBook is a compacted book of 450,000 accounts with 20 monthly cells
// each, added as one shuffled columnar batch.
func bigBook(b *testing.B) *Book {
	book := New(calendar.Month)
	if _, err := book.AddColumns(bigColumns(), fmt.Errorf("bad"), true, 0, nil); err != nil {
		b.Fatal(err)
	}
	return book
}

// bigColumns is bigBook's batch: 9M shuffled rows, a line per account and
// month.
func bigColumns() *success.LedgerColumns {
	rng := rand.New(rand.NewPCG(1, 2))
	const accounts, months = 450_000, 20
	c := &success.LedgerColumns{Accounts: make([]success.AccountID, accounts), Currency: "USD"}
	for i := range c.Accounts {
		c.Accounts[i] = success.AccountID(fmt.Sprintf("acct-%d", i))
		for m := range months {
			c.Account = append(c.Account, int32(i))
			c.Day = append(c.Day, int32(calendar.DaysFromCivil(2022+m/12, time.Month(1+m%12), 1)))
			c.Minor = append(c.Minor, int64(1000+rng.IntN(50000)))
		}
	}
	rng.Shuffle(len(c.Account), func(i, j int) {
		c.Account[i], c.Account[j] = c.Account[j], c.Account[i]
		c.Day[i], c.Day[j] = c.Day[j], c.Day[i]
		c.Minor[i], c.Minor[j] = c.Minor[j], c.Minor[i]
	})
	return c
}

// BenchmarkAddColumnsWorkers is bigBook's batch into an empty book on one
// goroutine or two (the scatter and the compaction split; the scan and the
// dictionary's lookups do not).
func BenchmarkAddColumnsWorkers(b *testing.B) {
	c := bigColumns()
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := New(calendar.Month).AddColumns(c, fmt.Errorf("bad"), true, w, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadBook compares the two ways of reading a large book: All, in
// slot order, and Cells, partition by partition.
func BenchmarkReadBook(b *testing.B) {
	book := bigBook(b)
	b.Run("All", func(b *testing.B) {
		for b.Loop() {
			var sum int64
			for _, cells := range book.All() {
				for _, c := range cells {
					sum += c.Units
				}
			}
		}
	})
	b.Run("Cells", func(b *testing.B) {
		for b.Loop() {
			var sum int64
			for _, cells := range book.Cells() {
				for _, c := range cells {
					sum += c.Units
				}
			}
		}
	})
}
