package churn

import (
	"encoding/json"
	"math"
	"math/big"

	"github.com/shopspring/decimal"
)

// Ratio is a rate kept as its exact numerator and denominator, so every figure
// can be traced to the amounts behind it. A zero denominator makes the ratio
// undefined: Float64 reports ok=false and String prints "undefined"; no NaN or
// Inf is ever produced.
type Ratio struct {
	Numerator   decimal.Decimal `json:"numerator"`
	Denominator decimal.Decimal `json:"denominator"`
}

// Defined reports whether the denominator is non-zero.
func (r Ratio) Defined() bool { return !r.Denominator.IsZero() }

// Float64 returns the float64 nearest the exact ratio and true, or 0 and
// false when undefined.
func (r Ratio) Float64() (float64, bool) {
	if !r.Defined() {
		return 0, false
	}
	f, _ := new(big.Rat).Quo(r.Numerator.Rat(), r.Denominator.Rat()).Float64()
	return f, true
}

// Decimal returns the ratio rounded half away from zero to places decimal
// places, and true, or zero and false when undefined.
func (r Ratio) Decimal(places int32) (decimal.Decimal, bool) {
	if !r.Defined() {
		return decimal.Decimal{}, false
	}
	return r.Numerator.DivRound(r.Denominator, places), true
}

// String formats the ratio with four decimal places, or "undefined".
func (r Ratio) String() string {
	d, ok := r.Decimal(4)
	if !ok {
		return "undefined"
	}
	return d.StringFixed(4)
}

// Percent formats the ratio as a percentage rounded half away from zero to
// one decimal place ("97.5%"), or "undefined". It rounds once, from the
// exact ratio.
func (r Ratio) Percent() string {
	if !r.Defined() {
		return "undefined"
	}
	return r.Numerator.Shift(2).DivRound(r.Denominator, 1).StringFixed(1) + "%"
}

// MarshalJSON writes numerator and denominator as exact strings and value as a
// number, or null when undefined.
func (r Ratio) MarshalJSON() ([]byte, error) {
	var v *float64
	if f, ok := r.Float64(); ok && !math.IsInf(f, 0) {
		v = &f
	}
	return json.Marshal(struct {
		Numerator   string   `json:"numerator"`
		Denominator string   `json:"denominator"`
		Value       *float64 `json:"value"`
	}{r.Numerator.String(), r.Denominator.String(), v})
}

func ratioInts(num, den int64) Ratio {
	return Ratio{Numerator: decimal.NewFromInt(num), Denominator: decimal.NewFromInt(den)}
}
