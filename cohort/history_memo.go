package cohort

import "math"

// historyMemo holds, per distinct (x, T) of a batch of customers, what their
// BG/NBD predictions share: the logarithms P(alive) takes that do not
// depend on t_x, and the prediction of a customer alive at T (expected
// purchases in a horizon, or discounted purchases over a valuation). A
// batch computes each once, so its cost is a logarithm and an exponential
// per customer plus the series per distinct (x, T): with ages and recencies
// in days, a few thousand for millions of customers.
type historyMemo struct {
	index   keyIndex[[2]float64]
	entries []memoEntry
}

type memoEntry struct {
	logOdds float64 // ln(a/(b+x−1)), the odds of having dropped out at the last purchase
	logAge  float64 // ln(α+T)
	value   float64 // the prediction of the customer alive at T
	err     error   // why value could not be computed
}

// entry returns the memo for (x, age), computing it with compute when new.
func (h *historyMemo) entry(m *BGNBD, x, age float64, compute func(x, age float64) (float64, error)) *memoEntry {
	j, seen := h.index.index([2]float64{x, age}, hashEnd(hashFloat(hashFloat(hashStart, x), age)))
	if !seen {
		v, err := compute(x, age)
		h.entries = append(h.entries, memoEntry{logOdds: m.logDropOdds(x), logAge: math.Log(m.Alpha + age), value: v, err: err})
	}
	return &h.entries[j]
}

// pAlive is BGNBD.pAlive for a customer with this entry's (x, T).
func (e *memoEntry) pAlive(m *BGNBD, x, tx float64) float64 {
	if x == 0 {
		return 1
	}
	return aliveFromLogs(e.logOdds, m.R+x, e.logAge, math.Log(m.Alpha+tx))
}
