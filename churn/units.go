package churn

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// The movements accumulator keeps every amount as an int64 count of 10^exp
// currency units (exp = -2: cents). Integer arithmetic is exact and allocates
// nothing, which decimal.Decimal's big.Int arithmetic cannot promise on a hot
// path. exp starts at 0 and moves to finer places when an input needs them,
// rescaling the stored state; nothing is ever rounded.

// pow10 holds 10^0 .. 10^18, the powers that fit in an int64.
var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// unitsResult says how a conversion went.
type unitsResult uint8

const (
	unitsOK       unitsResult = iota
	unitsNeedFine             // d has more decimal places than exp; rescale to wantExp first
	unitsOverflow             // d does not fit an int64 at exp
)

// toUnits returns d as a count of 10^exp units.
func toUnits(d decimal.Decimal, exp int32) (v int64, wantExp int32, res unitsResult) {
	if d.NumDigits() > 18 {
		return 0, 0, unitsOverflow
	}
	c, e := d.CoefficientInt64(), d.Exponent()
	for e < exp && c%10 == 0 && c != 0 {
		c /= 10
		e++
	}
	if c == 0 {
		return 0, exp, unitsOK
	}
	if e < exp {
		return 0, e, unitsNeedFine
	}
	v, ok := scaleUp(c, e-exp)
	if !ok {
		return 0, 0, unitsOverflow
	}
	return v, exp, unitsOK
}

// scaleUp returns c × 10^k and whether it fits an int64.
func scaleUp(c int64, k int32) (int64, bool) {
	if k == 0 || c == 0 {
		return c, true
	}
	if k >= int32(len(pow10)) {
		return 0, false
	}
	p := pow10[k]
	if c > math.MaxInt64/p || c < math.MinInt64/p {
		return 0, false
	}
	return c * p, true
}

// maxUnits bounds one account's MRR in units, so that the difference of two
// amounts never overflows an int64.
const maxUnits = 1<<62 - 1

// u128 is an unsigned 128-bit total of non-negative amounts. Period totals use
// it so that no realistic ledger can overflow them: 2^64 rows of maxUnits
// each still fit.
type u128 struct{ hi, lo uint64 }

// add adds a non-negative v.
func (x *u128) add(v int64) {
	var carry uint64
	x.lo, carry = bits.Add64(x.lo, uint64(v), 0)
	x.hi += carry
}

// plus returns x + y.
func (x u128) plus(y u128) u128 {
	lo, carry := bits.Add64(x.lo, y.lo, 0)
	return u128{hi: x.hi + y.hi + carry, lo: lo}
}

// mul returns x × p and whether the product fits.
func (x u128) mul(p uint64) (u128, bool) {
	loHi, lo := bits.Mul64(x.lo, p)
	hiHi, hi := bits.Mul64(x.hi, p)
	hi, carry := bits.Add64(hi, loHi, 0)
	return u128{hi: hi, lo: lo}, hiHi == 0 && carry == 0
}

// decimal returns x × 10^exp.
func (x u128) decimal(exp int32) decimal.Decimal {
	if x.hi == 0 && x.lo <= math.MaxInt64 {
		return decimal.New(int64(x.lo), exp)
	}
	b := new(big.Int).SetUint64(x.hi)
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(x.lo))
	return decimal.NewFromBigInt(b, exp)
}

// canRescale reports whether every stored amount still fits after moving to
// the finer exponent want.
func (m *Movements) canRescale(want int32) bool {
	k := m.exp - want
	if k >= int32(len(pow10)) {
		return false
	}
	limit := int64(maxUnits) / pow10[k]
	for _, row := range m.ring {
		for _, v := range row {
			if v > limit {
				return false
			}
		}
	}
	for _, st := range m.accounts {
		if st.value > limit {
			return false
		}
	}
	for i := range m.periods {
		for _, a := range m.periods[i].amounts() {
			if _, ok := a.mul(uint64(pow10[k])); !ok {
				return false
			}
		}
	}
	return true
}

// rescale moves every stored amount to the finer exponent want; canRescale
// must have said it fits.
func (m *Movements) rescale(want int32) {
	p := pow10[m.exp-want]
	for _, row := range m.ring {
		for i := range row {
			row[i] *= p
		}
	}
	for i := range m.accounts {
		m.accounts[i].value *= p
	}
	for i := range m.periods {
		for _, a := range m.periods[i].amounts() {
			*a, _ = a.mul(uint64(p))
		}
	}
	m.exp = want
}
