package main

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// The cohort_table job: a monthly cohort retention table from N subscription
// facts in shuffled order, as cohort_pandas.py draws them: each account signs
// up in one of 36 months and stays a geometric(0.04) number of months within
// a 60-month window, with one line a month or two with probability 0.10, at
// a lognormal(ln 400, 0.8) base times U(0.85, 1.25), in cents.
var cohortTable = job{unit: "facts", repeats: 3, prepare: prepareCohortTable}

// ledgerFacts hold the input as a data engineer holds such a ledger in
// Arrow or Parquet, and as success.LedgerColumns takes it: per fact an
// index into the dictionary of account IDs, a day (Arrow's date32: days
// since 1970-01-01, here the first of the month) and an amount in cents
// (16 bytes), with the account IDs in the dictionary.
type ledgerFacts struct {
	cols success.LedgerColumns
}

func newLedgerFacts(n int) *ledgerFacts {
	rng := rand.New(rand.NewPCG(7, 0))
	var months [60]int32
	for m := range months {
		months[m] = success.EpochDay(time.Date(2022, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC))
	}
	c := success.LedgerColumns{Account: make([]int32, 0, n), Day: make([]int32, 0, n), Minor: make([]int64, 0, n), Currency: "USD"}
	for acct := 0; len(c.Account) < n; acct++ {
		signup := rng.IntN(36)
		life := 1 + int(math.Floor(math.Log(1-rng.Float64())/math.Log(1-0.04))) // geometric, >= 1
		base := math.Round(math.Exp(math.Log(400)+0.8*rng.NormFloat64())*100) / 100
		for m := signup; m < min(signup+life, 60) && len(c.Account) < n; m++ {
			lines := 1
			if rng.Float64() < 0.10 {
				lines = 2
			}
			for range min(lines, n-len(c.Account)) {
				c.Account = append(c.Account, int32(acct))
				c.Day = append(c.Day, months[m])
				c.Minor = append(c.Minor, int64(math.Round(base*(0.85+0.4*rng.Float64())*100)))
			}
		}
	}
	rng.Shuffle(n, func(i, j int) {
		c.Account[i], c.Account[j] = c.Account[j], c.Account[i]
		c.Day[i], c.Day[j] = c.Day[j], c.Day[i]
		c.Minor[i], c.Minor[j] = c.Minor[j], c.Minor[i]
	})
	accounts := 0
	for _, a := range c.Account {
		accounts = max(accounts, int(a)+1)
	}
	// The IDs share one backing string, as a dictionary read from one file would.
	var sb strings.Builder
	ends := make([]int, accounts)
	for i := range ends {
		sb.WriteString("acct-")
		sb.WriteString(strconv.Itoa(i))
		ends[i] = sb.Len()
	}
	all, start := sb.String(), 0
	c.Accounts = make([]success.AccountID, accounts)
	for i, end := range ends {
		c.Accounts[i], start = success.AccountID(all[start:end]), end
	}
	return &ledgerFacts{cols: c}
}

// slice returns facts [lo, hi) as columns sharing the dictionary.
func (f *ledgerFacts) slice(lo, hi int) *success.LedgerColumns {
	c := &f.cols
	return &success.LedgerColumns{Accounts: c.Accounts, Account: c.Account[lo:hi], Day: c.Day[lo:hi], Minor: c.Minor[lo:hi], Currency: c.Currency}
}

// rows yields facts [lo, hi) as ledger rows in minor units (the row path,
// SECONDSALE_COHORT_ROWS=1): no allocation per row.
func (f *ledgerFacts) rows(lo, hi int) iter.Seq[success.LedgerRow] {
	return func(yield func(success.LedgerRow) bool) {
		for i := lo; i < hi; i++ {
			r, _ := f.cols.Row(i)
			if !yield(r) {
				return
			}
		}
	}
}

// add adds facts [lo, hi) to a: as columns in chunks batches
// (SECONDSALE_COHORT_CHUNKS, default 1: the whole input in one call) on up
// to workers goroutines (ColumnOptions.Workers), or, with
// SECONDSALE_COHORT_ROWS=1, as rows.
func (f *ledgerFacts) add(a *cohort.TableAccumulator, lo, hi, workers int) error {
	if os.Getenv("SECONDSALE_COHORT_ROWS") == "1" {
		return a.AddAll(f.rows(lo, hi))
	}
	chunks, _ := strconv.Atoi(os.Getenv("SECONDSALE_COHORT_CHUNKS"))
	chunks = max(chunks, 1)
	for k := range chunks {
		if err := a.AddColumns(f.slice(lo+k*(hi-lo)/chunks, lo+(k+1)*(hi-lo)/chunks), success.ColumnOptions{Workers: workers}); err != nil {
			return err
		}
	}
	return nil
}

// buildTable builds the table in one accumulator, or, with
// SECONDSALE_COHORT_SHARDS=k (k > 1), the way a pipeline spreads the work
// over k cores with the public API: one accumulator per core over a
// contiguous share of the facts (the shares overlap in accounts and months,
// which Merge resolves as one pass would), merged, then the table. On this
// project's shared 2-core machine the row path at 10M facts took 2.00 s in
// two shards against 2.70 s in one pass when the machine was nearly idle
// (load 1.5), but 5.26 s against 2.59 s under the other engineers' load,
// and up to 521 MB against 375 MB: each shard keeps its own book, and Merge
// copies one into the other. So one accumulator is the default.
func (f *ledgerFacts) buildTable(asOf time.Time, phases map[string]float64) (*cohort.Table, error) {
	n := len(f.cols.Account)
	shards, _ := strconv.Atoi(os.Getenv("SECONDSALE_COHORT_SHARDS"))
	shards = min(shards, runtime.GOMAXPROCS(0), 8)
	t0 := time.Now()
	if shards <= 1 {
		// Every core, as numpy's peer job and health_batch use them, to add
		// the facts and to read the table (SECONDSALE_COHORT_WORKERS=1: one).
		workers := runtime.GOMAXPROCS(0)
		if w, err := strconv.Atoi(os.Getenv("SECONDSALE_COHORT_WORKERS")); err == nil {
			workers = w
		}
		a, err := cohort.NewTableAccumulator(cohort.TableOptions{Workers: workers})
		if err == nil {
			err = f.add(a, 0, n, workers)
		}
		if err != nil {
			return nil, err
		}
		t1 := time.Now()
		tab, err := a.Table(asOf)
		phases["add"], phases["table"] = t1.Sub(t0).Seconds(), time.Since(t1).Seconds()
		return tab, err
	}
	accs := make([]*cohort.TableAccumulator, shards)
	errs := make([]error, shards)
	var wg sync.WaitGroup
	for s := range accs {
		wg.Go(func() {
			a, err := cohort.NewTableAccumulator(cohort.TableOptions{})
			if err == nil {
				err = f.add(a, s*n/shards, (s+1)*n/shards, 1) // a core per shard already
			}
			accs[s], errs[s] = a, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	t1 := time.Now()
	for _, a := range accs[1:] {
		if err := accs[0].Merge(a); err != nil {
			return nil, err
		}
	}
	accs = accs[:1] // let the merged shards go
	t2 := time.Now()
	tab, err := accs[0].Table(asOf)
	phases["add"], phases["merge"], phases["table"] = t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), time.Since(t2).Seconds()
	return tab, err
}

func prepareCohortTable(n int, _ string) (*run, error) {
	f := newLedgerFacts(n)
	asOf := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) // every offset of every cohort is observed
	var tab *cohort.Table
	phases := map[string]float64{}
	r := &run{inputMB: float64(n*16+len(f.cols.Accounts)*(16+11)) / (1 << 20)}
	r.work = func() (err error) {
		// The previous repeat's table and book are garbage: collected now
		// (timed), not left to double the heap as GOGC would let them.
		tab = nil
		t0 := time.Now()
		runtime.GC()
		gc := time.Since(t0).Seconds()
		clear(phases)
		tab, err = f.buildTable(asOf, phases)
		phases["gc"] = gc
		return err
	}
	r.phases = func() map[string]float64 {
		if len(phases) == 0 {
			return nil
		}
		out := map[string]float64{}
		for k, v := range phases {
			out[k] = sig(v, 4)
		}
		return out
	}
	r.check = func() (map[string]any, error) {
		if len(tab.Cohorts) == 0 || len(tab.Cohorts[0].Cells) <= 12 {
			return nil, fmt.Errorf("the table has %d cohorts, too few offsets", len(tab.Cohorts))
		}
		var accounts int64
		total := 0.0
		for _, c := range tab.Cohorts {
			accounts += c.Customers
			for _, cell := range c.Cells {
				total += cell.MRR.Amount().InexactFloat64()
			}
		}
		c0 := tab.Cohorts[0]
		logo, _ := c0.Cells[12].LogoRetention()
		nrr, _ := c0.Cells[12].NetRevenueRetention()
		return map[string]any{
			"accounts": accounts, "cohorts": len(tab.Cohorts), "offsets": len(c0.Cells),
			"customers_c0_k0": c0.Cells[0].Retained, "mrr_c0_k0": round2(c0.Cells[0].MRR.Amount().InexactFloat64()),
			"customer_retention_c0_k12": round6(logo), "mrr_retention_c0_k12": round6(nrr),
			"total_mrr": round2(total),
		}, nil
	}
	return r, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
