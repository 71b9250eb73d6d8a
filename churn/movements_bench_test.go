package churn_test

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// benchLedger yields accounts × months rows in period order, as a ledger
// export would: every account every month, with a mix of steady, expanding,
// contracting, churned (zero) and returning accounts. The rows are built from
// shared IDs and prices, so the generator itself allocates nothing.
func benchLedger(accounts, months int) iter.Seq[success.LedgerRow] {
	ids := make([]success.AccountID, accounts)
	for i := range ids {
		ids[i] = success.AccountID(fmt.Sprintf("acct-%07d", i))
	}
	prices := make([]success.Money, 64)
	for i := range prices {
		prices[i] = success.MustMoney(fmt.Sprintf("%d.%02d", 49*(i%8), i), "USD")
	}
	periods := make([]time.Time, months)
	for i := range periods {
		periods[i] = time.Date(2023, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
	}
	return func(yield func(success.LedgerRow) bool) {
		for p, period := range periods {
			for a, id := range ids {
				// Most accounts keep their price for a year; one in eight
				// pays 0 in some months (churn and reactivation).
				price := prices[(a*7+(p/12)*(a%5))%len(prices)]
				if (a+p)%97 == 0 {
					price = prices[(a+p)%len(prices)]
				}
				if !yield(success.LedgerRow{Account: id, Date: period, MRR: price}) {
					return
				}
			}
		}
	}
}

func BenchmarkMovements(b *testing.B) {
	for _, size := range []struct{ accounts, months int }{{10_000, 36}, {1_000_000, 12}, {1_000_000, 36}} {
		b.Run(fmt.Sprintf("accounts=%d/months=%d", size.accounts, size.months), func(b *testing.B) {
			rows := benchLedger(size.accounts, size.months)
			var heap uint64
			b.ReportAllocs()
			cpu0 := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				m, err := churn.NewMovements(churn.MovementOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if err := m.AddAll(rows); err != nil {
					b.Fatal(err)
				}
				rep, err := m.Report(time.Time{})
				if err != nil || len(rep.Periods) != size.months {
					b.Fatal(err, len(rep.Periods))
				}
				b.StopTimer()
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = ms.HeapAlloc
				runtime.KeepAlive(m)
				b.StartTimer()
			}
			cpuPerOp := (cpuTime() - cpu0).Seconds() / float64(b.N)
			perOp := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(size.accounts*size.months)/cpuPerOp, "account-periods/cpu-s")
			b.ReportMetric(float64(size.accounts*size.months)/perOp, "account-periods/s")
			b.ReportMetric(float64(heap)/float64(size.accounts), "heap-bytes/account")
		})
	}
}

// cpuTime is the process's user+system CPU time. The benchmark reports it
// besides wall time because the machine it runs on is shared: wall time then
// counts other processes' work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkMovementsAdd measures one row in the steady state: 100,000 known
// accounts, each row the account's next month. It shows the hot path
// allocates nothing.
func BenchmarkMovementsAdd(b *testing.B) {
	const accounts = 100_000
	ids := make([]success.AccountID, accounts)
	for i := range ids {
		ids[i] = success.AccountID(fmt.Sprintf("acct-%07d", i))
	}
	prices := []success.Money{usd("99.00"), usd("149.50"), usd("0"), usd("199.99"), usd("149.50")}
	months := make([]time.Time, 2000)
	for i := range months {
		months[i] = time.Date(2000, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)
	}
	m, err := churn.NewMovements(churn.MovementOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range ids {
		if err := m.Add(success.LedgerRow{Account: id, Date: months[0], MRR: prices[0]}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := accounts
	for b.Loop() {
		a, p := i%accounts, i/accounts
		if p >= len(months) {
			b.Fatal("benchmark ran past its calendar")
		}
		if err := m.Add(success.LedgerRow{Account: ids[a], Date: months[p], MRR: prices[(a+p)%len(prices)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// shuffledLedger is a realistic ledger held compactly, in shuffled order:
// accounts × months account-periods, most accounts paying every month on
// one line, a third with an add-on line, one in fifty rows exported twice
// (a repeated row adds up, as a line does), one account-period in twenty
// with an earlier snapshot on the 10th that the month-end one supersedes,
// and one account in eight with months at 0 (churn and reactivation).
// Amounts are integer cents: the minor-unit form, which allocates nothing.
type shuffledLedger struct {
	account []int32
	day     []uint8 // month*2, +1 for the snapshot on the 10th
	cents   []int32
	ids     []success.AccountID
	dates   []time.Time
}

func newShuffledLedger(accounts, months int) *shuffledLedger {
	rng := rand.New(rand.NewPCG(11, 11))
	l := &shuffledLedger{ids: make([]success.AccountID, accounts)}
	for i := range l.ids {
		l.ids[i] = success.AccountID(fmt.Sprintf("acct-%07d", i))
	}
	for m := range months {
		l.dates = append(l.dates, time.Date(2023, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC), time.Date(2023, time.Month(m+1), 10, 0, 0, 0, 0, time.UTC))
	}
	add := func(a, d int, cents int) {
		l.account = append(l.account, int32(a))
		l.day = append(l.day, uint8(d))
		l.cents = append(l.cents, int32(cents))
	}
	for a := range accounts {
		base, addOn := 4900+rng.IntN(20000), 0
		if rng.IntN(3) == 0 {
			addOn = 1000 + rng.IntN(5000)
		}
		for m := range months {
			price := base + (m/12)*(a%5)*100
			if a%8 == 0 && (a+m)%7 == 0 {
				price, addOn = 0, 0 // a month at 0
			}
			if rng.IntN(20) == 0 {
				add(a, 2*m+1, price/2) // an earlier snapshot, superseded
			}
			for _, c := range []int{price, addOn} {
				if c == 0 && addOn == 0 && price != 0 {
					continue
				}
				add(a, 2*m, c)
				if rng.IntN(50) == 0 {
					add(a, 2*m, c) // the same row exported twice
				}
			}
		}
	}
	rng.Shuffle(len(l.account), func(i, j int) {
		l.account[i], l.account[j] = l.account[j], l.account[i]
		l.day[i], l.day[j] = l.day[j], l.day[i]
		l.cents[i], l.cents[j] = l.cents[j], l.cents[i]
	})
	return l
}

func (l *shuffledLedger) rows() iter.Seq[success.LedgerRow] {
	return func(yield func(success.LedgerRow) bool) {
		for i, a := range l.account {
			if !yield(success.LedgerRow{Account: l.ids[a], Date: l.dates[l.day[i]], Minor: int64(l.cents[i]), Currency: "USD"}) {
				return
			}
		}
	}
}

// BenchmarkMovementsShuffled is the realistic case: 1M accounts × 36 months
// of shuffled rows in minor units, with add-on lines, repeated rows and
// superseded snapshots. It reports rows and account-periods per second.
func BenchmarkMovementsShuffled(b *testing.B) {
	accounts, months := 1_000_000, 36
	if testing.Short() {
		accounts = 100_000
	}
	l := newShuffledLedger(accounts, months)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		m, err := churn.NewMovements(churn.MovementOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := m.AddAll(l.rows()); err != nil {
			b.Fatal(err)
		}
		rep, err := m.Report(time.Time{})
		if err != nil || len(rep.Periods) != months {
			b.Fatal(err, len(rep.Periods))
		}
	}
	cpuPerOp := (cpuTime() - cpu0).Seconds() / float64(b.N)
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(len(l.account))/perOp/1e6, "Mrows/s")
	b.ReportMetric(float64(accounts*months)/perOp, "account-periods/s")
	b.ReportMetric(float64(accounts*months)/cpuPerOp, "account-periods/cpu-s")
}

// columns returns the ledger as a columnar batch (success.LedgerColumns).
func (l *shuffledLedger) columns() *success.LedgerColumns {
	c := &success.LedgerColumns{Accounts: l.ids, Account: l.account, Day: make([]int32, len(l.day)), Minor: make([]int64, len(l.cents)), Currency: "USD"}
	for i, d := range l.day {
		c.Day[i], c.Minor[i] = success.EpochDay(l.dates[d]), int64(l.cents[i])
	}
	return c
}

// BenchmarkMovementsColumns is BenchmarkMovementsShuffled's ledger given as
// columns to Movements.AddColumns, in one batch or in chunks of 5M rows.
func BenchmarkMovementsColumns(b *testing.B) {
	accounts, months := 1_000_000, 36
	if testing.Short() {
		accounts = 100_000
	}
	c := newShuffledLedger(accounts, months).columns()
	n := c.Len()
	for _, chunk := range []int{n, 5_000_000} {
		b.Run("chunk="+strconv.Itoa(min(chunk, n)), func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime()
			for b.Loop() {
				m, err := churn.NewMovements(churn.MovementOptions{})
				if err != nil {
					b.Fatal(err)
				}
				for lo := 0; lo < n; lo += chunk {
					hi := min(lo+chunk, n)
					part := &success.LedgerColumns{Accounts: c.Accounts, Account: c.Account[lo:hi], Day: c.Day[lo:hi], Minor: c.Minor[lo:hi], Currency: c.Currency}
					if err := m.AddColumns(part, success.ColumnOptions{}); err != nil {
						b.Fatal(err)
					}
				}
				rep, err := m.Report(time.Time{})
				if err != nil || len(rep.Periods) != months {
					b.Fatal(err, len(rep.Periods))
				}
			}
			cpuPerOp := (cpuTime() - cpu0).Seconds() / float64(b.N)
			perOp := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(n)/perOp/1e6, "Mrows/s")
			b.ReportMetric(float64(accounts*months)/perOp, "account-periods/s")
			b.ReportMetric(float64(accounts*months)/cpuPerOp, "account-periods/cpu-s")
		})
	}
}
