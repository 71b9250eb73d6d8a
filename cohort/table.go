package cohort

import (
	"time"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/success"
)

// Period is the calendar granularity of cohorts and of the offsets since a
// customer's start.
type Period string

// Calendar periods.
const (
	PeriodMonth   Period = "month"
	PeriodQuarter Period = "quarter"
	PeriodYear    Period = "year"
)

// Validate reports whether p is a known period.
func (p Period) Validate() error {
	return enum.OneOf(p, "period", ErrInvalid, PeriodMonth, PeriodQuarter, PeriodYear)
}

// Grouping decides which cohort a customer belongs to.
type Grouping string

// Groupings.
const (
	// ByStartPeriod puts customers whose first subscription started in the
	// same calendar period into one cohort ("2026-01").
	ByStartPeriod Grouping = "start_period"
	// ByKey puts customers with the same Fact.Key (plan, segment, fit verdict)
	// into one cohort; offsets still count periods since each customer's own
	// start, so the cohort aligns customers who started at different times.
	ByKey Grouping = "key"
)

// Validate reports whether g is a known grouping.
func (g Grouping) Validate() error {
	return enum.OneOf(g, "grouping", ErrInvalid, ByStartPeriod, ByKey)
}

// TableOptions tunes a cohort table. The zero value means monthly cohorts by
// start period.
type TableOptions struct {
	Period   Period   // empty means PeriodMonth
	Grouping Grouping // empty means ByStartPeriod
}

func (o TableOptions) withDefaults() (TableOptions, error) {
	if o.Period == "" {
		o.Period = PeriodMonth
	}
	if o.Grouping == "" {
		o.Grouping = ByStartPeriod
	}
	if err := o.Period.Validate(); err != nil {
		return o, err
	}
	return o, o.Grouping.Validate()
}

// Fact is one customer's recurring revenue in one period: the row a billing
// system's monthly MRR snapshot produces. Send one fact per customer and
// period, with MRR summed over the customer's subscriptions, and always the
// fact of the customer's first period (offset 0), which enrols the customer
// in its cohort. A period without a fact, or with MRR 0, counts as churned in
// that period; a customer who pays again later counts as retained again from
// then on (reactivation), so logo retention need not fall monotonically.
//
// Each fact carries the customer's start and starting MRR so that it can be
// placed without remembering earlier facts: that keeps the accumulator's
// memory independent of the number of facts and customers, and lets shards
// split facts any way they like. The accumulator therefore cannot detect two
// facts for the same customer and period, nor facts of one customer that
// disagree on Since, Key or StartMRR; the host must not send them. (Table
// reports the symptom it can see: more customers retained at an offset than
// reached it.)
type Fact struct {
	Customer success.AccountID `json:"customer"` // named in errors
	// Since is the start of the customer's first subscription: its cohort
	// (when grouping by start period) and offset 0.
	Since time.Time `json:"since"`
	// Key is the customer's cohort when grouping ByKey.
	Key string `json:"key,omitempty"`
	// At is any instant in the period this fact describes; not after the as-of date.
	At time.Time `json:"at"`
	// MRR is the customer's monthly recurring revenue in that period, >= 0; 0
	// (or no fact) means not subscribed. The zero Money (JSON null) is
	// accepted as 0.
	MRR success.Money `json:"mrr"`
	// StartMRR is the customer's MRR in its first period, the baseline of its
	// net and gross revenue retention; in the first period MRR must equal it.
	StartMRR success.Money `json:"start_mrr"`
}

// Table is a cohort retention table: one row per cohort, one cell per period
// offset since the customers' start. All rows have the same number of cells;
// cells the as-of date does not yet let us observe are marked as such.
//
// JSON writes Location as its IANA name ("Europe/Paris") and omits an empty
// Currency.
type Table struct {
	AsOf     time.Time        `json:"as_of"`              // the facts' horizon: offsets after it are unobservable
	Period   Period           `json:"period"`             // the calendar period of cohorts and offsets
	Grouping Grouping         `json:"grouping"`           // how customers were put into cohorts
	Location *time.Location   `json:"location"`           // where calendar periods begin and end
	Currency success.Currency `json:"currency,omitempty"` // of every amount; empty when all amounts were 0 without one
	Cohorts  []CohortRow      `json:"cohorts"`            // by start period, or by key
}

// CohortRow is one cohort's retention over time.
type CohortRow struct {
	// Label is "2026-01", "2026-Q1" or "2026" for start-period cohorts, the
	// key for ByKey cohorts.
	Label string `json:"label"`
	// Start is the first instant of the cohort's period (zero, and omitted
	// from JSON, for ByKey).
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
	// containing the as-of date counts as reached, with the facts given so
	// far; for whole periods only, pass the last instant of the last whole
	// period as the as-of date.
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
