package churn

import "fmt"

// Merge adds the accounts of o into m, so that m holds exactly what one pass
// over both ledgers would hold. The two must hold disjoint sets of accounts
// (ErrOverlap otherwise, naming an account in both) and share grain, trailing
// window and report currency. o is not modified. Merging nil or m into
// itself is ErrInvalid. On error m is unchanged.
// o's accounts are appended in the order o first saw them, so merging the
// same shards in the same order always gives the same encoded state. A zero
// m takes o's grain, window and currency, so a combiner may start from a
// zero Movements whatever its shards' options.
func (m *Movements) Merge(o *Movements) error {
	switch {
	case o == nil:
		return fmt.Errorf("%w: cannot merge a nil Movements", ErrInvalid)
	case o == m:
		return fmt.Errorf("%w: cannot merge a Movements into itself (its accounts would count twice)", ErrInvalid)
	case o.window == 0:
		return nil // the zero Movements holds nothing
	}
	if m.window == 0 {
		d, err := NewMovements(MovementOptions{Grain: o.grain, TrailingPeriods: int(o.window), Currency: o.currency})
		if err != nil {
			return err // unreachable: o's options were valid
		}
		*m = *d
	}
	switch {
	case m.grain != o.grain:
		return fmt.Errorf("%w: cannot merge grain %s into %s", ErrInvalid, o.grain, m.grain)
	case m.window != o.window:
		return fmt.Errorf("%w: cannot merge trailing window %d into %d", ErrInvalid, o.window, m.window)
	case m.currency != "" && o.currency != "" && m.currency != o.currency:
		return fmt.Errorf("%w: cannot merge a %s ledger into a %s ledger", ErrCurrencyMismatch, o.currency, m.currency)
	}
	for _, id := range o.ids {
		if _, ok := m.index[id]; ok {
			return fmt.Errorf("%w: account %q is in both accumulators", ErrOverlap, string(id))
		}
	}
	target := min(m.exp, o.exp)
	if target < m.exp {
		if !m.canRescale(target) {
			return fmt.Errorf("%w: merging needs %d decimal places, too fine for exact totals", ErrOverflow, -target)
		}
	}
	if target < o.exp && !o.canRescale(target) {
		return fmt.Errorf("%w: merging needs %d decimal places, too fine for exact totals", ErrOverflow, -target)
	}
	if target < m.exp {
		m.rescale(target)
	}
	if m.currency == "" {
		m.currency = o.currency
	}
	scale := pow10[o.exp-target]

	if len(o.periods) > 0 {
		m.touch(o.base)
		m.touch(o.base + int32(len(o.periods)) - 1)
		for i := range o.periods {
			src := &o.periods[i]
			dst := &m.periods[o.base+int32(i)-m.base]
			srcAmounts, dstAmounts := src.amounts(), dst.amounts()
			for j := range dstAmounts {
				scaled, _ := srcAmounts[j].mul(uint64(scale)) // canRescale checked
				*dstAmounts[j] = dstAmounts[j].plus(scaled)
			}
			srcCounts, dstCounts := src.counts(), dst.counts()
			for j := range dstCounts {
				*dstCounts[j] += *srcCounts[j]
			}
		}
	}
	for slot, id := range o.ids {
		st := o.accounts[slot]
		st.value *= scale
		m.index[id] = int32(len(m.accounts))
		m.ids = append(m.ids, id)
		m.accounts = append(m.accounts, st)
	}
	for k, row := range o.ring {
		for _, v := range row {
			m.ring[k] = append(m.ring[k], v*scale)
		}
	}
	return nil
}
