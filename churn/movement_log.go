package churn

import (
	"cmp"
	"iter"
	"slices"
	"time"

	"github.com/shopspring/decimal"

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
// because both come from one accumulator. rows, through and opts mean what
// they mean for Movements.AddAll and Movements.Report, and the amounts are in
// the report currency after the same conversion.
//
// Movements come in the order they become known: a row's movement as the row
// is read; the churn of an account that stopped sending rows when its next
// row arrives, or, for an account that never returns before through, after
// the last row, in period order. A bad row or option ends the sequence with its error, named as
// AddAll names it. Memory is that of a Movements accumulator.
func MovementLog(rows iter.Seq[MRRRow], through time.Time, opts MovementOptions) iter.Seq2[AccountMovement, error] {
	return func(yield func(AccountMovement, error) bool) {
		m, err := NewMovements(opts)
		if err != nil {
			yield(AccountMovement{}, err)
			return
		}
		stopped := false
		m.onMove = func(kind MovementKind, slot, period int32, from, to int64) {
			if !stopped {
				stopped = !yield(m.accountMovement(kind, slot, period, from, to), nil)
			}
		}
		if err := m.addRows(rows, &stopped); err != nil {
			if !stopped {
				yield(AccountMovement{}, err)
			}
			return
		}
		if stopped {
			return
		}
		if len(m.periods) == 0 {
			return
		}
		last, err := m.lastPeriod(through)
		if err != nil {
			yield(AccountMovement{}, err)
			return
		}
		// The accounts that never came back, in period order.
		var gone []int32
		for slot := range m.stopped(last) {
			gone = append(gone, slot)
		}
		slices.SortStableFunc(gone, func(a, b int32) int { return cmp.Compare(m.accounts[a].last, m.accounts[b].last) })
		for _, slot := range gone {
			st := m.accounts[slot]
			if !yield(m.accountMovement(MovementChurn, slot, st.last+1, st.value, 0), nil) {
				return
			}
		}
	}
}

// accountMovement builds the movement of the account in slot, amounts in the
// accumulator's current units.
func (m *Movements) accountMovement(kind MovementKind, slot, period int32, from, to int64) AccountMovement {
	amount := to - from
	if from > to {
		amount = from - to
	}
	return AccountMovement{
		Account: m.ids[slot],
		Period:  m.grain.start(period),
		Label:   m.grain.label(period),
		Kind:    kind,
		From:    m.money(decimal.New(from, m.exp)),
		To:      m.money(decimal.New(to, m.exp)),
		Amount:  m.money(decimal.New(amount, m.exp)),
	}
}
