package churn

import (
	"bytes"
	"encoding/gob"
	"fmt"

	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// movementsState is the accumulator's plain state, as encoded by
// MarshalBinary: what a distributed runner (an Apache Beam combine function,
// say) ships between workers.
type movementsState struct {
	Version  int
	Grain    Grain
	Window   int32
	Currency success.Currency
	Exp      int32
	Base     int32
	Periods  []periodState
	IDs      []success.AccountID
	Last     []int32
	Value    []int64
	Paid     []bool
	Ring     []int64 // account by account: Ring[slot*Window+k] = ring[k][slot]
}

type periodState struct {
	Amounts [8][2]uint64 // hi, lo of each u128 total, in amounts() order
	Counts  [7]int64     // in counts() order
}

const stateVersion = 1

// MarshalBinary encodes the accumulator's state (gob). The Rates converter is
// not part of the state.
func (m *Movements) MarshalBinary() ([]byte, error) {
	s := movementsState{
		Version: stateVersion, Grain: m.grain, Window: m.window, Currency: m.currency,
		Exp: m.exp, Base: m.base, IDs: m.ids,
		Ring:    make([]int64, 0, len(m.accounts)*int(m.window)),
		Periods: make([]periodState, len(m.periods)),
		Last:    make([]int32, len(m.accounts)),
		Value:   make([]int64, len(m.accounts)),
		Paid:    make([]bool, len(m.accounts)),
	}
	for i := range m.periods {
		for j, a := range m.periods[i].amounts() {
			s.Periods[i].Amounts[j] = [2]uint64{a.hi, a.lo}
		}
		for j, c := range m.periods[i].counts() {
			s.Periods[i].Counts[j] = *c
		}
	}
	for i, st := range m.accounts {
		s.Last[i], s.Value[i], s.Paid[i] = st.last, st.value, st.paid
		for _, row := range m.ring { // encoded account by account
			s.Ring = append(s.Ring, row[i])
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(s); err != nil {
		return nil, fmt.Errorf("churn: encoding movements: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary replaces m's state with the encoded one, after checking it
// is consistent. Grain, trailing window and currency come from the data. m
// keeps its Rates converter, which converts into m's currency only: with
// Rates, a state in another currency is an error wrapping
// ErrCurrencyMismatch, and a state with no currency yet keeps m's.
func (m *Movements) UnmarshalBinary(data []byte) error {
	var s movementsState
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return fmt.Errorf("%w: decoding movements: %v", ErrInvalid, err)
	}
	n := len(s.IDs)
	switch {
	case s.Version != stateVersion:
		return fmt.Errorf("%w: movements state version %d, want %d", ErrInvalid, s.Version, stateVersion)
	case s.Grain.Validate() != nil:
		return fmt.Errorf("%w: movements state: %v", ErrInvalid, s.Grain.Validate())
	case s.Window < 1 || int(s.Window) > maxTrailingYears*s.Grain.PeriodsPerYear():
		return fmt.Errorf("%w: movements state: trailing window %d", ErrInvalid, s.Window)
	case len(s.Periods) > 0 && (s.Base < s.Grain.index(calendarStart) ||
		int64(s.Base)+int64(len(s.Periods))-1 > int64(s.Grain.index(calendarEnd))):
		return fmt.Errorf("%w: movements state: %d periods from index %d are outside the years %d to %d",
			ErrInvalid, len(s.Periods), s.Base, minYear, maxYear)
	case s.Exp > 0 || s.Exp < -18:
		return fmt.Errorf("%w: movements state: exponent %d", ErrInvalid, s.Exp)
	case len(s.Last) != n || len(s.Value) != n || len(s.Paid) != n || len(s.Ring) != n*int(s.Window):
		return fmt.Errorf("%w: movements state: inconsistent lengths", ErrInvalid)
	case s.Currency != "" && s.Currency.Validate() != nil:
		return fmt.Errorf("%w: movements state: %v", ErrInvalid, s.Currency.Validate())
	case s.Currency == "" && (n > 0 || len(s.Periods) > 0):
		return fmt.Errorf("%w: movements state: amounts without a currency", ErrInvalid)
	case m.rates != nil && s.Currency != "" && s.Currency != m.currency:
		return fmt.Errorf("%w: movements state in %s cannot take rows converted by Rates into %s",
			ErrCurrencyMismatch, s.Currency, m.currency)
	}
	if m.rates != nil {
		s.Currency = m.currency // the currency the rates convert into
	}
	index := make(map[success.AccountID]int32, n)
	accounts := make([]accountState, n)
	end := s.Base + int32(len(s.Periods))
	for i, id := range s.IDs {
		if _, dup := index[id]; dup || id == "" {
			return fmt.Errorf("%w: movements state: account %q empty or repeated", ErrInvalid, string(id))
		}
		if s.Value[i] < 0 || s.Value[i] > maxUnits || s.Last[i] < s.Base || s.Last[i] >= end {
			return fmt.Errorf("%w: movements state: account %q out of range", ErrInvalid, string(id))
		}
		index[id] = int32(i)
		accounts[i] = accountState{last: s.Last[i], value: s.Value[i], paid: s.Paid[i]}
	}
	periods := make([]periodTotals, len(s.Periods))
	for i, ps := range s.Periods {
		for j, a := range periods[i].amounts() {
			*a = u128{hi: ps.Amounts[j][0], lo: ps.Amounts[j][1]}
		}
		for j, c := range periods[i].counts() {
			if ps.Counts[j] < 0 {
				return fmt.Errorf("%w: movements state: negative count in period %s", ErrInvalid, s.Grain.label(s.Base+int32(i)))
			}
			*c = ps.Counts[j]
		}
	}
	if err := checkStateTotals(s, periods, accounts); err != nil {
		return err
	}
	ring := newRing(int(s.Window), n)
	for i, v := range s.Ring {
		if v < 0 || v > maxUnits {
			return fmt.Errorf("%w: movements state: trailing value %d out of range", ErrInvalid, v)
		}
		ring[i%int(s.Window)] = append(ring[i%int(s.Window)], v)
	}
	m.grain, m.window, m.currency, m.exp = s.Grain, s.Window, s.Currency, s.Exp
	m.index, m.ids, m.accounts, m.ring = index, s.IDs, accounts, ring
	m.base, m.periods = s.Base, periods
	m.hint = 0
	m.setPeriodCache(cacheSentinel)
	return nil
}

// checkStateTotals checks that the period totals of a decoded state add up
// as Add builds them, so that Report conserves MRR and customers exactly.
// The accounts whose last row is in a period pay part of its end. A period's end is the end before it plus the movements recorded in it,
// less the churn not yet recorded: the accounts whose last row was the
// period before, still paying then, whose churn Report adds. Of the accounts
// paying window periods ago, those still paying, their MRR capped at its
// value then, and their MRR now, cannot exceed one another in that order.
func checkStateTotals(s movementsState, periods []periodTotals, accounts []accountState) error {
	pending := make([]u128, len(periods)+1) // by period, MRR paid in the period before by accounts stopped there
	pendingCount := make([]int64, len(periods)+1)
	for _, st := range accounts {
		if st.value > 0 {
			i := st.last + 1 - s.Base
			pending[i].add(st.value)
			pendingCount[i]++
		}
	}
	var before periodTotals
	for i := range periods {
		t := &periods[i]
		in := sumUnits(before.endMRR, t.newMRR, t.expansionMRR, t.reactivationMRR)
		out := sumUnits(t.endMRR, t.contractionMRR, t.churnMRR, pending[i])
		customers := before.endCustomers + t.newCount + t.reactivationCount - t.churnCount - pendingCount[i]
		if !in.Equal(out) || customers != t.endCustomers {
			return fmt.Errorf("%w: movements state: period %s does not add up to its end (MRR %s in, %s out; %d customers, want %d)",
				ErrInvalid, s.Grain.label(s.Base+int32(i)), in, out, t.endCustomers, customers)
		}
		// The accounts whose last row is this period pay part of its end.
		if next := pending[i+1].decimal(0); next.GreaterThan(t.endMRR.decimal(0)) || pendingCount[i+1] > t.endCustomers {
			return fmt.Errorf("%w: movements state: period %s ends below what its accounts last paid (%s from %d accounts)",
				ErrInvalid, s.Grain.label(s.Base+int32(i)), next, pendingCount[i+1])
		}
		if w := int(s.Window); i >= w {
			then := &periods[i-w]
			capped := t.cohortCappedMRR.decimal(0)
			if t.cohortLogos > then.endCustomers || capped.GreaterThan(then.endMRR.decimal(0)) || capped.GreaterThan(t.cohortMRR.decimal(0)) {
				return fmt.Errorf("%w: movements state: period %s has a trailing cohort larger than the one it started from",
					ErrInvalid, s.Grain.label(s.Base+int32(i)))
			}
		}
		before = *t
	}
	return nil
}

// sumUnits adds totals exactly, in decimal: a decoded state's totals may be
// anything, and u128 addition would wrap.
func sumUnits(totals ...u128) decimal.Decimal {
	sum := decimal.Zero
	for _, t := range totals {
		sum = sum.Add(t.decimal(0))
	}
	return sum
}
