package cohort

import "github.com/shopspring/decimal"

// amountSum adds non-negative decimal amounts exactly. While every amount
// converts to int64 micro-units (toMicros, shared with the cohort table) and
// the sum does not overflow, it adds integers and allocates nothing;
// otherwise it falls back to decimal arithmetic. The zero value is an empty
// sum.
type amountSum struct {
	micros int64
	big    bool
	bigSum decimal.Decimal
}

func (s *amountSum) add(d decimal.Decimal) {
	if !s.big {
		if m, ok := toMicros(d); ok {
			if sum, ok := addMicros(s.micros, m); ok {
				s.micros = sum
				return
			}
		}
		s.big, s.bigSum = true, decimal.New(s.micros, -microExp)
	}
	s.bigSum = s.bigSum.Add(d)
}

// float returns the sum as a float64, to within a rounding or two.
func (s *amountSum) float() float64 {
	if s.big {
		return s.bigSum.InexactFloat64()
	}
	return float64(s.micros) / 1e6
}

// decimal returns the sum exactly.
func (s *amountSum) decimal() decimal.Decimal {
	if s.big {
		return s.bigSum
	}
	return decimal.New(s.micros, -microExp)
}
