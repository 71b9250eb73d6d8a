package cohort

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
)

func BenchmarkFitSBG(b *testing.B) {
	cohorts := [][]float64{{1000, 631, 468, 382, 326, 289, 262, 241}, {1000, 869, 743, 653, 593, 551, 517, 491}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitSBG(cohorts, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBGNBDPredictions(b *testing.B) {
	c := CustomerSummary{Customer: "1", Frequency: 2, Recency: 30.43, Age: 38.86, Unit: Week}
	b.Run("ProbabilityAlive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := cdnowPublished.ProbabilityAlive(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ExpectedPurchases", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := cdnowPublished.ExpectedPurchases(c, 39); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSummarize(b *testing.B) {
	// 100,000 transactions of 10,000 customers over a year.
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	txs := make([]Transaction, 100_000)
	for i := range txs {
		txs[i] = Transaction{
			Customer: success.AccountID(fmt.Sprint(i % 10_000)),
			At:       start.Add(time.Duration(i*7919%(365*24)) * time.Hour),
			Amount:   success.MustMoney(fmt.Sprint(10+i%90), "USD"),
		}
	}
	end := start.AddDate(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarize(slices.Values(txs), end, Day, SummaryOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(txs))*float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}
