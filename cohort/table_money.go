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
// surely fits an int64: amounts up to 10¹² currency units).
func toMicros(d decimal.Decimal) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	c := d.CoefficientInt64()
	if c == 0 {
		return 0, true
	}
	e := int(d.Exponent()) + microExp
	if e >= 0 {
		if e >= len(pow10) {
			return 0, false
		}
		if c > maxScalable[e] || c < -maxScalable[e] {
			return 0, false
		}
		return c * pow10[e], true
	}
	if -e >= len(pow10) {
		return 0, false // |c| < 10¹⁸ and non-zero: a fraction below a micro-unit
	}
	p := pow10[-e]
	if c%p != 0 {
		return 0, false
	}
	return c / p, true
}

// fromMicros converts micro-units back to Money in currency c.
func fromMicros(v int64, c success.Currency) success.Money {
	m, err := success.NewMoney(decimal.New(v, -microExp), c)
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
