package cohort_test

import (
	"iter"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// facts is the peers' cohort_table job (../shared/peers/README.md) held as
// compactly as a data engineer would hold it: per row an account number, a
// month and an amount in cents, with the account IDs and the month dates in
// side tables.
type facts struct {
	account []int32
	month   []int8
	cents   []int64
	ids     []success.AccountID
	months  [60]time.Time
}

// benchFacts builds n rows in shuffled order, each account signing up in one
// of 36 months and active for a geometric(0.04) number of months within a
// 60-month window, with one line per month or two with probability 0.10,
// amounts in integer cents of a lognormal base. Built once, outside the
// timing.
func benchFacts(n int) *facts {
	rng := rand.New(rand.NewPCG(7, 7))
	f := &facts{account: make([]int32, 0, n), month: make([]int8, 0, n), cents: make([]int64, 0, n)}
	for acct := 0; len(f.account) < n; acct++ {
		signup := rng.IntN(36)
		life := 1 + int(math.Floor(math.Log(1-rng.Float64())/math.Log(1-0.04)))
		base := math.Exp(math.Log(400) + 0.8*rng.NormFloat64())
		for m := signup; m < min(signup+life, 60) && len(f.account) < n; m++ {
			lines := 1
			if rng.Float64() < 0.10 {
				lines = 2
			}
			for range lines {
				if len(f.account) == n {
					break
				}
				f.account = append(f.account, int32(acct))
				f.month = append(f.month, int8(m))
				f.cents = append(f.cents, int64(math.Round(base*(0.85+0.4*rng.Float64())*100)))
			}
		}
	}
	rng.Shuffle(n, func(i, j int) {
		f.account[i], f.account[j] = f.account[j], f.account[i]
		f.month[i], f.month[j] = f.month[j], f.month[i]
		f.cents[i], f.cents[j] = f.cents[j], f.cents[i]
	})
	accounts := 0
	for _, a := range f.account {
		accounts = max(accounts, int(a)+1)
	}
	// The IDs share one backing string, as IDs read from one file would.
	var sb strings.Builder
	ends := make([]int, accounts)
	for i := range accounts {
		sb.WriteString("acct-")
		sb.WriteString(strconv.Itoa(i))
		ends[i] = sb.Len()
	}
	all, start := sb.String(), 0
	f.ids = make([]success.AccountID, accounts)
	for i, end := range ends {
		f.ids[i], start = success.AccountID(all[start:end]), end
	}
	for m := range f.months {
		f.months[m] = time.Date(2022, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	}
	return f
}

// rows yields the facts as ledger rows in minor units.
func (f *facts) rows() iter.Seq[success.LedgerRow] {
	return func(yield func(success.LedgerRow) bool) {
		for i, a := range f.account {
			if !yield(success.LedgerRow{Account: f.ids[a], Date: f.months[f.month[i]], Minor: f.cents[i], Currency: "USD"}) {
				return
			}
		}
	}
}

func benchmarkTable(b *testing.B, n int) {
	f := benchFacts(n)
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		c0 := cpuTime()
		if _, err := cohort.BuildTable(f.rows(), asOf, cohort.TableOptions{}); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/row")
}

// cpuTime is the process's user+system CPU time: the machine the benchmarks
// run on is shared, and wall time then counts other processes' work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCohortTable1M is the peers' job at a million shuffled rows.
func BenchmarkCohortTable1M(b *testing.B) { benchmarkTable(b, 1_000_000) }

// BenchmarkCohortTable10M is the peers' job at its default size.
func BenchmarkCohortTable10M(b *testing.B) { benchmarkTable(b, 10_000_000) }

// BenchmarkCohortTableRead is Table on an accumulator of 200,000 rows
// already compacted by a first Table: the cost of reading the book and
// assembling the table, without the rows.
func BenchmarkCohortTableRead(b *testing.B) {
	f := benchFacts(200_000)
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	a, err := cohort.NewTableAccumulator(cohort.TableOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := a.AddAll(f.rows()); err != nil {
		b.Fatal(err)
	}
	if _, err := a.Table(asOf); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Table(asOf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCohortTable200K is the peers' job at its QUICK size, where the
// fixed costs (the table's Money values, the first slabs) show.
func BenchmarkCohortTable200K(b *testing.B) { benchmarkTable(b, 200_000) }

// columns holds the facts as a columnar batch: the account column indexes
// the dictionary of IDs, the day column is each month's first day.
func (f *facts) columns() *success.LedgerColumns {
	c := &success.LedgerColumns{Accounts: f.ids, Account: f.account, Day: make([]int32, len(f.month)), Minor: f.cents, Currency: "USD"}
	for i, m := range f.month {
		c.Day[i] = success.EpochDay(f.months[m])
	}
	return c
}

// chunk returns rows [lo, hi) of c, sharing its dictionary.
func chunk(c *success.LedgerColumns, lo, hi int) *success.LedgerColumns {
	return &success.LedgerColumns{Accounts: c.Accounts, Account: c.Account[lo:hi], Day: c.Day[lo:hi], Minor: c.Minor[lo:hi], Currency: c.Currency}
}

func benchmarkTableColumns(b *testing.B, n, chunks int, opts success.ColumnOptions) {
	c := benchFacts(n).columns()
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		c0 := cpuTime()
		a, err := cohort.NewTableAccumulator(cohort.TableOptions{Workers: opts.Workers})
		if err != nil {
			b.Fatal(err)
		}
		for k := range chunks {
			if err := a.AddColumns(chunk(c, k*n/chunks, (k+1)*n/chunks), opts); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := a.Table(asOf); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/row")
}

// BenchmarkCohortTableColumns10M is the peers' job at its default size, its
// facts given as columns (success.LedgerColumns) in one batch or in chunks,
// read and the table built by one goroutine or two (ColumnOptions.Workers,
// TableOptions.Workers; the figures of two need two free cores).
func BenchmarkCohortTableColumns10M(b *testing.B) {
	for _, chunks := range []int{1, 4} {
		for _, workers := range []int{1, 2} {
			b.Run("chunks="+strconv.Itoa(chunks)+"/workers="+strconv.Itoa(workers), func(b *testing.B) {
				benchmarkTableColumns(b, 10_000_000, chunks, success.ColumnOptions{Workers: workers})
			})
		}
	}
}
