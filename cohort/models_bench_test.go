package cohort

import (
	"fmt"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/shareddata"
	"github.com/secondsale/secondsale/success"
)

// benchmarkCDNOWSummaries reads a CDNOW summary file for benchmarks.
func benchmarkCDNOWSummaries(b *testing.B, name string) []CustomerSummary {
	b.Helper()
	return parseCDNOWSummaries(b, name, readCSVFile(b, shareddata.Path(b, name)))
}

// The loops below check errors with b.Fatal, not testify: require calls
// b.Helper on every iteration, which would be measured with the predictions.

// BenchmarkFitBGNBD fits BG/NBD (with standard errors) to the 2,357 CDNOW
// customers; the target is under 50 ms.
func BenchmarkFitBGNBD(b *testing.B) {
	customers := benchmarkCDNOWSummaries(b, "cdnow_customers_summary.csv")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitBGNBD(customers, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitGammaGamma fits the spend model to the 946 CDNOW repeat buyers.
func BenchmarkFitGammaGamma(b *testing.B) {
	customers := benchmarkCDNOWSummaries(b, "cdnow_customers_summary_with_transactions.csv")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitGammaGamma(customers, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

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
	c := CustomerSummary{Account: "1", Frequency: 2, Recency: 30.43, Age: 38.86, Unit: success.Weekly}
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

// benchmarkCustomerLifetimeValue values one customer over monthly periods.
func benchmarkCustomerLifetimeValue(b *testing.B, months int) {
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	c := CustomerSummary{Account: "1", Frequency: 2, Recency: 30.43, Age: 38.86, MeanRepeatSpend: 22.35, Currency: "USD", Unit: success.Weekly}
	v := Valuation{Periods: months, PeriodLength: 30.0 / 7, DiscountRate: 0.01}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CustomerLifetimeValue(cdnowPublished, gg, c, v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCustomerLifetimeValue(b *testing.B) { benchmarkCustomerLifetimeValue(b, 12) }

// Fifty years of months: the early stop ends the sum once the rest is
// negligible.
func BenchmarkCustomerLifetimeValue50Years(b *testing.B) { benchmarkCustomerLifetimeValue(b, 600) }

func BenchmarkSummarize(b *testing.B) {
	// 100,000 transactions of 10,000 customers over a year.
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	txs := make([]Transaction, 100_000)
	for i := range txs {
		txs[i] = Transaction{
			Account: success.AccountID(fmt.Sprint(i % 10_000)),
			At:      start.Add(time.Duration(i*7919%(365*24)) * time.Hour),
			Amount:  success.MustMoney(fmt.Sprint(10+i%90), "USD"),
		}
	}
	end := start.AddDate(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarize(slices.Values(txs), end, success.Daily, SummaryOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(txs))*float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// scalePopulation is simulateCDNOW's 2.5 million customers, in the order
// drawn, and compressed; drawn once for every benchmark that needs them.
var scalePopulation = sync.OnceValues(func() ([]CustomerSummary, []CustomerSummary) {
	customers := simulateCDNOW(scaleCustomers, 18)
	compressed, err := CompressSummaries(customers)
	if err != nil {
		panic(err)
	}
	return customers, compressed
})

// BenchmarkFitAtScale fits both models to 2.5 million simulated CDNOW
// customers, standard errors included: from the compressed summaries (the
// fit proper, whose cost grows with the distinct summaries) and from every
// customer (the fit merging them itself). The target is under a
// second each.
func BenchmarkFitAtScale(b *testing.B) {
	customers, compressed := scalePopulation()
	for _, in := range []struct {
		name string
		data []CustomerSummary
	}{{"compressed", compressed}, {"customers", customers}} {
		b.Run("BGNBD/"+in.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := FitBGNBD(in.data, FitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			reportPerSecond(b, len(customers), processCPU()-cpu)
			b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
		b.Run("GammaGamma/"+in.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := FitGammaGamma(in.data, FitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			reportPerSecond(b, len(customers), processCPU()-cpu)
			b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// processCPU returns the CPU time the process has used. On a machine shared
// with other work, wall-clock time measures the queue as much as the code;
// run with -cpu 1 (GOMAXPROCS=1, so the garbage collector shares the one
// core) and the CPU time is the one-core cost.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerSecond reports customers per second of wall-clock time and of
// CPU time (see processCPU).
func reportPerSecond(b *testing.B, customers int, cpu time.Duration) {
	n := float64(customers) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "customers/s")
	if cpu > 0 {
		b.ReportMetric(n/cpu.Seconds(), "customers/cpu-s")
	}
}

// BenchmarkCompressSummaries merges the 2.5 million simulated customers.
func BenchmarkCompressSummaries(b *testing.B) {
	customers, _ := scalePopulation()
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		if _, err := CompressSummaries(customers); err != nil {
			b.Fatal(err)
		}
	}
	reportPerSecond(b, len(customers), processCPU()-cpu)
}

// BenchmarkPredictionsAtScale predicts for the 2.5 million simulated CDNOW
// customers, in the order drawn (shuffled as far as (x, T) go), with the
// batch methods: P(alive), expected purchases in the next 39 weeks, and the
// lifetime value over 12 months at 1% a month. The target is at
// least 5 million customers a second on one core.
func BenchmarkPredictionsAtScale(b *testing.B) {
	customers, _ := scalePopulation()
	dst := make([]float64, len(customers))
	v := Valuation{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01}
	for _, p := range []struct {
		name string
		run  func() error
	}{
		{"ProbabilityAliveInto", func() error { return cdnowBGNBD.ProbabilityAliveInto(dst, customers) }},
		{"ExpectedPurchasesInto", func() error { return cdnowBGNBD.ExpectedPurchasesInto(dst, customers, 39) }},
		{"CustomerLifetimeValuesInto", func() error {
			return CustomerLifetimeValuesInto(dst, cdnowBGNBD, cdnowGammaGamma, customers, v)
		}},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if err := p.run(); err != nil {
					b.Fatal(err)
				}
			}
			reportPerSecond(b, len(customers), processCPU()-cpu)
		})
	}
}
