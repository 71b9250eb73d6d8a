package cohort

import (
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/secondsale/secondsale/success"
)

// Grouping decides which cohort a customer belongs to.
type Grouping string

// Groupings.
const (
	// ByStartPeriod puts customers whose first subscription started in the
	// same calendar period into one cohort ("2026-01").
	ByStartPeriod Grouping = "start_period"
	// ByKey puts customers with the same key (TableOptions.Key: plan,
	// segment, fit verdict) into one cohort; offsets still count periods
	// since each customer's own start, so the cohort aligns customers who
	// started at different times.
	ByKey Grouping = "key"
)

// Validate reports whether g is a known grouping.
func (g Grouping) Validate() error {
	return oneOf(g, "grouping", ByStartPeriod, ByKey)
}

// TableOptions tunes a cohort table. The zero value means monthly cohorts by
// start period.
type TableOptions struct {
	// Grain is the calendar period of cohorts and offsets: success.Monthly
	// (the default, when empty), Quarterly or Yearly.
	Grain    success.Grain
	Grouping Grouping // empty means ByStartPeriod
	// Key gives each account's cohort when grouping ByKey (an empty key is
	// an error naming the account). It is read when the table is extracted,
	// so shards need not know it and it is not part of the encoded state.
	Key func(success.AccountID) string
	// Workers is how many goroutines TableAccumulator.Table reads the
	// accumulated ledger with, each over its own share of the accounts (at
	// most GOMAXPROCS; 0 or 1 means the calling goroutine alone). The table
	// is the same for any number. A table grouped by key is read by one,
	// as Key is called from the calling goroutine only.
	Workers int
}

func (o TableOptions) withDefaults() (TableOptions, error) {
	if o.Grain == "" {
		o.Grain = success.Monthly
	}
	if o.Grouping == "" {
		o.Grouping = ByStartPeriod
	}
	var problems success.FieldErrors
	if err := checkGrain(o.Grain, success.Monthly, success.Quarterly, success.Yearly); err != nil {
		fielderr.AddErr(&problems, ErrInvalid, "grain", err)
	}
	if err := o.Grouping.Validate(); err != nil {
		fielderr.AddErr(&problems, ErrInvalid, "grouping", err)
	}
	if o.Grouping == ByKey && o.Key == nil {
		fielderr.Addf(&problems, ErrInvalid, "key", "is required when grouping by key")
	}
	if o.Workers < 0 {
		fielderr.Addf(&problems, ErrInvalid, "workers", "is negative")
	}
	return o, problems.Err()
}

// Table is a cohort retention table: one row per cohort, one cell per period
// offset since the customers' start. All rows have the same number of cells;
// cells the as-of date does not yet let us observe are marked as such.
//
// Customers are accounts, each counted once: a customer's MRR in a period
// is the sum of its lines on its last observed date in the period, as
// success.LedgerRow defines it and churn.Movements reads it, so the same
// ledger at the same grain gives the same customers and MRR in both. A
// customer joins the cohort of the first period in which it pays (MRR > 0);
// its MRR then is its starting MRR. A customer that never pays is in no
// cohort.
//
// JSON omits an empty Currency.
type Table struct {
	AsOf     time.Time        `json:"as_of"`              // the ledger's horizon: offsets after its period are unobservable
	Grain    success.Grain    `json:"grain"`              // the calendar period of cohorts and offsets
	Grouping Grouping         `json:"grouping"`           // how customers were put into cohorts
	Currency success.Currency `json:"currency,omitempty"` // of every amount; empty when all amounts were 0 without one
	Cohorts  []CohortRow      `json:"cohorts"`            // by start period, or by key
}

// CohortRow is one cohort's retention over time.
type CohortRow struct {
	// Label is "2026-01", "2026-Q1" or "2026" for start-period cohorts, the
	// key for ByKey cohorts.
	Label string `json:"label"`
	// Start is the first day of the cohort's period, midnight UTC (zero, and
	// omitted from JSON, for ByKey).
	Start     time.Time     `json:"start,omitzero"`
	Customers int64         `json:"customers"` // customers in the cohort
	StartMRR  success.Money `json:"start_mrr"` // their MRR in their first period
	Cells     []Cell        `json:"cells"`     // Cells[k] is offset k
}

// Cell is one cohort at one period offset. The denominators (Customers,
// StartMRR) count the cohort's customers for whom the offset has been reached
// by the as-of date; for start-period cohorts that is the whole cohort or
// nobody, for ByKey cohorts it may be part of it.
//
// JSON adds the three rates as logo_retention, net_revenue_retention and
// gross_revenue_retention: fractions (1 = 100%), null where the method
// reports ok=false (an unobservable cell, a zero starting MRR), as
// churn.Ratio writes an undefined value. Decoding ignores them.
type Cell struct {
	Offset int `json:"offset"`
	// Observable is false when no customer of the cohort has reached this
	// offset by the as-of date: the cell is unknown, not zero. The period
	// containing the as-of date counts as reached, with every row given for
	// it; for whole periods only, pass a date in the last whole period.
	Observable bool          `json:"observable"`
	Customers  int64         `json:"customers"` // customers who reached this offset
	StartMRR   success.Money `json:"start_mrr"` // their starting MRR
	Retained   int64         `json:"retained"`  // of them, customers with MRR > 0 at this offset
	MRR        success.Money `json:"mrr"`       // their MRR at this offset, expansion included
	// GrossMRR is MRR with each customer capped at its starting MRR, so
	// expansion cannot hide contraction and churn.
	GrossMRR success.Money `json:"gross_mrr"`
}

// LogoRetention is Retained / Customers; ok is false when the cell is not
// observable.
func (c Cell) LogoRetention() (rate float64, ok bool) {
	if !c.Observable || c.Customers == 0 {
		return 0, false
	}
	return float64(c.Retained) / float64(c.Customers), true
}

// NetRevenueRetention is MRR / StartMRR (above 1 when expansion outweighs
// churn and contraction); ok is false when the cell is not observable or the
// starting MRR is 0.
func (c Cell) NetRevenueRetention() (rate float64, ok bool) {
	return moneyRatio(c.Observable, c.MRR, c.StartMRR)
}

// GrossRevenueRetention is GrossMRR / StartMRR, never above 1; ok is false
// when the cell is not observable or the starting MRR is 0.
func (c Cell) GrossRevenueRetention() (rate float64, ok bool) {
	return moneyRatio(c.Observable, c.GrossMRR, c.StartMRR)
}

func moneyRatio(observable bool, num, den success.Money) (float64, bool) {
	if !observable || !den.IsPositive() {
		return 0, false
	}
	return num.Amount().InexactFloat64() / den.Amount().InexactFloat64(), true
}
