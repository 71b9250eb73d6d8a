package ledger

import "github.com/shopspring/decimal"

// Sum adds decimal amounts exactly. While every amount converts to int64
// units at a common exponent and the total fits, it adds integers and
// allocates nothing; otherwise it falls back to decimal arithmetic. The
// zero Sum is 0.
type Sum struct {
	units  int64
	exp    int32
	big    bool
	bigSum decimal.Decimal
}

// Add adds d.
func (s *Sum) Add(d decimal.Decimal) {
	if !s.big {
		if c, e, ok := Coefficient(d); ok {
			v, need, ok := toUnits(c, e, s.exp)
			if !ok && need < s.exp && s.rescale(need) {
				v, _, ok = toUnits(c, e, s.exp)
			}
			if ok && v <= MaxUnits-s.units && v >= -MaxUnits-s.units {
				s.units += v
				return
			}
		}
		s.big, s.bigSum = true, decimal.New(s.units, s.exp)
	}
	s.bigSum = s.bigSum.Add(d)
}

func (s *Sum) rescale(want int32) bool {
	if want < -MaxPlaces || want > s.exp || int64(s.exp)-int64(want) >= int64(len(pow10)) {
		return false // finer than MaxPlaces: the decimal fallback takes it
	}
	v, ok := scaleUp(s.units, s.exp-want)
	if !ok || v > MaxUnits || v < -MaxUnits {
		return false
	}
	s.units, s.exp = v, want
	return true
}

// Decimal returns the sum exactly.
func (s *Sum) Decimal() decimal.Decimal {
	if s.big {
		return s.bigSum
	}
	return decimal.New(s.units, s.exp)
}

// Float returns the sum as a float64, to within a rounding or two.
func (s *Sum) Float() float64 {
	if s.big {
		return s.bigSum.InexactFloat64()
	}
	return s.Decimal().InexactFloat64()
}
