package cohort_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// benchLedger builds the peers' cohort_table job (../shared/peers/README.md):
// n ledger rows in shuffled order, each account signing up in one of 36
// months and active for a geometric(0.04) number of months within a 60-month
// window, with one line per month or two with probability 0.10, amounts in
// integer cents of a lognormal base. Built once, outside the timing.
func benchLedger(n int) []success.LedgerRow {
	rng := rand.New(rand.NewPCG(7, 7))
	rows := make([]success.LedgerRow, 0, n)
	for acct := 0; len(rows) < n; acct++ {
		id := success.AccountID("acct-" + itoa(acct))
		signup := rng.IntN(36)
		life := 1 + int(math.Floor(math.Log(1-rng.Float64())/math.Log(1-0.04)))
		base := math.Exp(math.Log(400) + 0.8*rng.NormFloat64())
		for m := signup; m < min(signup+life, 60) && len(rows) < n; m++ {
			lines := 1
			if rng.Float64() < 0.10 {
				lines = 2
			}
			at := time.Date(2022, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
			for range lines {
				if len(rows) == n {
					break
				}
				cents := int64(math.Round(base * (0.85 + 0.4*rng.Float64()) * 100))
				rows = append(rows, success.LedgerRow{Account: id, Date: at, Minor: cents, Currency: "USD"})
			}
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	for ; i > 0; i /= 10 {
		p--
		b[p] = byte('0' + i%10)
	}
	return string(b[p:])
}

func benchmarkTable(b *testing.B, n int) {
	rows := benchLedger(n)
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		a, err := cohort.NewTableAccumulator(cohort.TableOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range rows {
			if err := a.Add(rows[i]); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := a.Table(asOf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}

// BenchmarkCohortTable1M is the peers' job at a million shuffled rows.
func BenchmarkCohortTable1M(b *testing.B) { benchmarkTable(b, 1_000_000) }

// BenchmarkCohortTable10M is the peers' job at its default size.
func BenchmarkCohortTable10M(b *testing.B) { benchmarkTable(b, 10_000_000) }
