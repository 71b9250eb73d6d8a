package cohort

import (
	"math"

	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// The accumulator sums money as int64 micro-units (10⁻⁶ of the currency
// unit): exact, mergeable, and fast enough for tens of millions of facts per
// second, where decimal arithmetic would allocate on every fact.
const microExp = 6

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// maxScalable[e] is the largest coefficient that can be multiplied by 10^e
// without overflow: a table, because integer division costs more than the
// rest of the conversion.
var maxScalable = func() (m [len(pow10)]int64) {
	for i, p := range pow10 {
		m[i] = math.MaxInt64 / p
	}
	return m
}()

// toMicros converts an amount to micro-units; ok is false when it has more
// than six decimal places or more than 18 significant digits (so that it
// surely fits an int64: amounts up to 10¹² currency units). Amounts with at
// most six decimal places, the usual case, take the inlined multiplication.
func toMicros(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	c, e := d.CoefficientInt64(), int(d.Exponent())+microExp
	if uint(e) < uint(len(pow10)) && c <= maxScalable[e] && c >= -maxScalable[e] {
		return c * pow10[e], true
	}
	return scaleMicros(c, e)
}

// scaleMicros is toMicros for a coefficient c (at most 18 digits) and a
// power of ten e outside the fast path: a large exponent or more than six
// decimal places, exact only when the dropped digits are zeros.
func scaleMicros(c int64, e int) (int64, bool) {
	switch {
	case c == 0:
		return 0, true
	case e >= 0:
		return 0, false // e >= 19, or c·10^e overflows
	case -e >= len(pow10):
		return 0, false // |c| < 10¹⁸ and non-zero: a fraction below a micro-unit
	}
	p := pow10[-e]
	if c%p != 0 {
		return 0, false
	}
	return c / p, true
}

// fromMicros converts micro-units back to Money in currency c, exactly, with
// the trailing zeros below the currency's minor unit dropped: 300 USD is
// 300.00, as a host would write it, not 300.000000.
func fromMicros(v int64, c success.Currency) success.Money {
	exp := int32(-microExp)
	for exp < -c.MinorUnits() && v%10 == 0 {
		v /= 10
		exp++
	}
	m, err := success.NewMoney(decimal.New(v, exp), c)
	if err != nil {
		// c was validated when the first fact was added.
		return success.ZeroMoney(c)
	}
	return m
}

// addMicros adds two non-negative sums, reporting overflow.
func addMicros(a, b int64) (int64, bool) {
	if a > math.MaxInt64-b {
		return 0, false
	}
	return a + b, true
}
