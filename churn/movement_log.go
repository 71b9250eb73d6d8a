package churn

import (
	"iter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/success"
)

// MovementKind names one of the five MRR movements.
type MovementKind string

// The movement kinds, as PeriodReport defines them.
const (
	MovementNew          MovementKind = "new"          // first revenue from an account never seen paying
	MovementExpansion    MovementKind = "expansion"    // more revenue from an account paying last period
	MovementContraction  MovementKind = "contraction"  // less, but not zero
	MovementChurn        MovementKind = "churn"        // down to zero from a paying period
	MovementReactivation MovementKind = "reactivation" // revenue again from an account that had churned
)

// Validate reports whether k is one of the five movement kinds.
func (k MovementKind) Validate() error {
	return enum.OneOf(k, "movement kind", ErrInvalid, MovementNew, MovementExpansion, MovementContraction, MovementChurn, MovementReactivation)
}

// AccountMovement is one account's movement in one period: the line behind a
// retention report's totals ("which accounts churned in March, and from
// what?").
type AccountMovement struct {
	Account success.AccountID `json:"account"`
	Period  time.Time         `json:"period"` // first day, midnight UTC
	Label   string            `json:"label"`  // "2026-03"
	Kind    MovementKind      `json:"kind"`
	// From is the account's MRR in the previous period (0 without a row) and
	// To its MRR in this one (0 for churn, with or without a row).
	From success.Money `json:"from"`
	To   success.Money `json:"to"`
	// Amount is what the movement adds to its kind's total in PeriodReport:
	// To - From for new, expansion and reactivation, From - To for
	// contraction and churn. Never negative.
	Amount success.Money `json:"amount"`
}

// MovementLog yields every account movement of a ledger, the drill-down of
// Movements.Report: for each period and kind, the Amounts of the movements it
// yields sum exactly to the report's Movement and their number is its Count,
// because both come from one walk over the same accumulator. rows, through
// and opts mean what they mean for Movements.AddFrom and Movements.Report,
// and the amounts are in the report currency after the same conversion.
//
// The ledger is read whole first, because a later row may change any period
// (rows come in any order); then the movements come account by account, in
// the order the accounts first appeared, each account's in period order. A
// bad row, a read error or a bad option ends the sequence with its error,
// named as AddFrom names it. Memory is that of a Movements accumulator.
func MovementLog(rows iter.Seq[success.LedgerRow], through time.Time, opts MovementOptions) iter.Seq2[AccountMovement, error] {
	return MovementLogFrom(accum.Values(rows), through, opts)
}

// MovementLogFrom is MovementLog for a sequence that can fail, such as a
// file being read: a read error ends the sequence with that error.
func MovementLogFrom(rows iter.Seq2[success.LedgerRow, error], through time.Time, opts MovementOptions) iter.Seq2[AccountMovement, error] {
	return func(yield func(AccountMovement, error) bool) {
		m, err := NewMovements(opts)
		if err == nil {
			err = m.AddFrom(rows)
		}
		if err != nil {
			yield(AccountMovement{}, err)
			return
		}
		m.Log(through)(yield)
	}
}

// Log yields the account movements behind Report(through), as MovementLog
// does, from what m holds now.
func (m *Movements) Log(through time.Time) iter.Seq2[AccountMovement, error] {
	return func(yield func(AccountMovement, error) bool) {
		m.init()
		_, last, ok := m.book.Span()
		if !ok {
			return
		}
		last, err := m.lastPeriod(last, through)
		if err == nil {
			err = m.checkSeries(last)
		}
		if err != nil {
			yield(AccountMovement{}, err)
			return
		}
		stopped := false
		for slot, cells := range m.book.All() {
			walk(cells, last, func(kind MovementKind, p int32, from, to int64) {
				if !stopped {
					stopped = !yield(m.accountMovement(kind, slot, p, from, to), nil)
				}
			})
			if stopped {
				return
			}
		}
	}
}

// accountMovement builds the movement of the account in slot.
func (m *Movements) accountMovement(kind MovementKind, slot int, period int32, from, to int64) AccountMovement {
	amount := to - from
	if from > to {
		amount = from - to
	}
	exp := m.book.Exp()
	return AccountMovement{
		Account: m.book.ID(slot),
		Period:  periodStart(m.cal, period),
		Label:   periodLabel(m.cal, period),
		Kind:    kind,
		From:    m.money(decimal.New(from, exp)),
		To:      m.money(decimal.New(to, exp)),
		Amount:  m.money(decimal.New(amount, exp)),
	}
}
