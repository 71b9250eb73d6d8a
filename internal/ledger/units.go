package ledger

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// A book keeps every amount as an int64 count of 10^exp currency units (exp
// = -2: cents). Integer arithmetic is exact and allocates nothing, which
// decimal.Decimal's big.Int arithmetic cannot promise on a hot path. exp
// starts at 0 and moves to finer places when an input needs them, rescaling
// what is stored; nothing is ever rounded.

// pow10 holds 10^0 .. 10^18, the powers that fit in an int64.
var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// MaxUnits bounds one cell's amount in units, so that the sum or difference
// of two never overflows an int64.
const MaxUnits = 1<<62 - 1

// Coefficient returns d as c × 10^e with c an int64, and whether it fits
// (at most 18 significant digits).
func Coefficient(d decimal.Decimal) (c int64, e int32, ok bool) {
	if d.NumDigits() > 18 {
		return 0, 0, false
	}
	return d.CoefficientInt64(), d.Exponent(), true
}

// toUnits returns c × 10^e as a count of 10^exp units. need is the finer
// exponent to rescale to first when c × 10^e has more places than exp.
//
// e may be any int32 (a host can build decimal.New(1, math.MinInt32)), so
// no exponent difference is taken in int32: an amount finer than
// MaxPlaces gives need = -MaxPlaces-1, which no book or sum rescales to
// (TooFine), and one more than 18 places coarser than exp does not fit
// (TooLarge), whatever its exponent.
func toUnits(c int64, e, exp int32) (v int64, need int32, ok bool) {
	for e < exp && c%10 == 0 && c != 0 { // at most 18 times: |c| < 10^19
		c /= 10
		e++
	}
	if c == 0 {
		return 0, exp, true
	}
	if e < exp {
		return 0, max(e, -MaxPlaces-1), false
	}
	if int64(e)-int64(exp) >= int64(len(pow10)) {
		return 0, exp, false
	}
	v, ok = scaleUp(c, e-exp)
	if !ok || v > MaxUnits || v < -MaxUnits {
		return 0, exp, false
	}
	return v, exp, true
}

// scaleUp returns c × 10^k, for k >= 0, and whether it fits an int64.
func scaleUp(c int64, k int32) (int64, bool) {
	if k == 0 || c == 0 {
		return c, true
	}
	if k < 0 || k >= int32(len(pow10)) {
		return 0, false
	}
	p := pow10[k]
	if c > math.MaxInt64/p || c < math.MinInt64/p {
		return 0, false
	}
	return c * p, true
}

// U128 is an unsigned 128-bit total of non-negative amounts, so that no
// realistic ledger overflows a period or cohort total: 2^64 cells of
// MaxUnits each still fit.
type U128 struct{ Hi, Lo uint64 }

// Add adds a non-negative v.
func (x *U128) Add(v int64) {
	var carry uint64
	x.Lo, carry = bits.Add64(x.Lo, uint64(v), 0)
	x.Hi += carry
}

// Decimal returns x × 10^exp.
func (x U128) Decimal(exp int32) decimal.Decimal {
	if x.Hi == 0 && x.Lo <= math.MaxInt64 {
		return decimal.New(int64(x.Lo), exp)
	}
	b := new(big.Int).SetUint64(x.Hi)
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(x.Lo))
	return decimal.NewFromBigInt(b, exp)
}

// MaxPlaces is the finest decimal place a book keeps: 10^-18. An amount
// that needs more places, after its trailing zeros are dropped, is TooFine;
// one whose units at the book's exponent exceed MaxUnits is TooLarge. So
// every int32 exponent is answered: below about -36 always TooFine, above 18
// always TooLarge (for a non-zero amount).
const MaxPlaces = 18

// Places returns the decimal places c × 10^e needs, trailing zeros dropped,
// as an int64 so that the places of decimal.New(1, math.MinInt32) are
// 2147483648 and not a wrapped negative number.
func Places(c int64, e int32) int64 {
	for e < 0 && c%10 == 0 && c != 0 {
		c /= 10
		e++
	}
	if e >= 0 || c == 0 {
		return 0
	}
	return -int64(e)
}

// Plus returns x + y.
func (x U128) Plus(y U128) U128 {
	lo, carry := bits.Add64(x.Lo, y.Lo, 0)
	return U128{Hi: x.Hi + y.Hi + carry, Lo: lo}
}
