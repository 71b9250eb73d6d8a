package success

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// The bounds on the operands of arithmetic (Money.Div, Round, Add, Sub,
// Cmp). The work of exact decimal arithmetic grows with the places asked for
// and with the digits and exponents of its operands, so each is capped:
// within them an operation takes microseconds, and past them it is refused
// with ErrInvalid instead of taking minutes (Round(math.MaxInt32) did).
// Amounts made from outside (NewMoney, ParseMoney, JSON, Scan) are far
// inside them; only an amount grown by Mul, or a divisor the host built
// (decimal.New(1, 1e9)), can pass them.
const (
	// MaxDivPlaces bounds |places| of Div and Round: a quotient is rounded to
	// at most 32 places right of the point, or to at most 10^32 left of it.
	MaxDivPlaces = 32
	// MaxOperandDigits bounds the digits of the amount divided and of the
	// divisor: at most 128 each.
	MaxOperandDigits = 128
	// MaxOperandExponent bounds the exponent of every operand of Div, Round,
	// Add, Sub and Cmp: within ±512, room enough for an amount times any
	// float64 factor (decimal.NewFromFloat(1e-300)).
	MaxOperandExponent = 512
)

// maxOperandCoefficient is 10^MaxOperandDigits: an operand's coefficient
// must be below it.
var maxOperandCoefficient = new(big.Int).Exp(big.NewInt(10), big.NewInt(MaxOperandDigits), nil)

// checkExponent reports an operand whose exponent is beyond MaxOperandExponent.
func checkExponent(what string, d decimal.Decimal) error {
	if e := d.Exponent(); e > MaxOperandExponent || e < -MaxOperandExponent {
		return fmt.Errorf("%w: %s has exponent %d, beyond ±%d", ErrInvalid, what, e, MaxOperandExponent)
	}
	return nil
}

// checkDivOperand reports an operand of a division beyond MaxOperandDigits
// or MaxOperandExponent.
func checkDivOperand(what string, d decimal.Decimal) error {
	if err := checkExponent(what, d); err != nil {
		return err
	}
	if c := d.Coefficient(); c.CmpAbs(maxOperandCoefficient) >= 0 {
		return fmt.Errorf("%w: %s has more than %d digits", ErrInvalid, what, MaxOperandDigits)
	}
	return nil
}

// Rounding says how a division that does not come out even is rounded.
type Rounding int

const (
	RoundHalfUp   Rounding = iota // to nearest; ties away from zero (2.5 → 3, -2.5 → -3)
	RoundHalfEven                 // to nearest; ties to the even digit, "banker's rounding" (2.5 → 2)
	RoundDown                     // toward zero (truncate)
	RoundUp                       // away from zero
	RoundFloor                    // toward negative infinity
	RoundCeiling                  // toward positive infinity
)

// String names the rounding mode as its constant does, without the prefix ("HalfEven").
func (r Rounding) String() string {
	names := [...]string{"HalfUp", "HalfEven", "Down", "Up", "Floor", "Ceiling"}
	if r < RoundHalfUp || r > RoundCeiling {
		return fmt.Sprintf("Rounding(%d)", int(r))
	}
	return names[r]
}

// divRound returns a/b rounded to places decimal places, exactly: the
// remainder decides the last digit, not a binary or a 16-digit approximation.
func divRound(a, b decimal.Decimal, places int32, r Rounding) (decimal.Decimal, error) {
	if b.IsZero() {
		return decimal.Decimal{}, fmt.Errorf("%w: division by zero", ErrInvalid)
	}
	if r < RoundHalfUp || r > RoundCeiling {
		return decimal.Decimal{}, fmt.Errorf("%w: unknown rounding %d", ErrInvalid, r)
	}
	if places < -MaxDivPlaces || places > MaxDivPlaces {
		return decimal.Decimal{}, fmt.Errorf("%w: places %d is beyond ±%d", ErrInvalid, places, MaxDivPlaces)
	}
	if err := checkDivOperand("amount", a); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkDivOperand("divisor", b); err != nil {
		return decimal.Decimal{}, err
	}
	q, rem := a.QuoRem(b, places) // q truncated toward zero; rem has a's sign
	if rem.IsZero() {
		return q, nil
	}
	sign := a.Sign() * b.Sign() // sign of the exact quotient
	unit := decimal.New(1, -places)
	away := q.Add(unit.Mul(decimal.NewFromInt(int64(sign))))
	// half compares 2|rem| with |b|·unit: the discarded fraction against one half.
	half := rem.Abs().Mul(decimal.NewFromInt(2)).Cmp(b.Abs().Mul(unit))
	switch r {
	case RoundDown:
		return q, nil
	case RoundUp:
		return away, nil
	case RoundFloor:
		if sign < 0 {
			return away, nil
		}
		return q, nil
	case RoundCeiling:
		if sign > 0 {
			return away, nil
		}
		return q, nil
	case RoundHalfUp:
		if half >= 0 {
			return away, nil
		}
		return q, nil
	default: // RoundHalfEven
		if half > 0 || (half == 0 && lastDigitOdd(q, places)) {
			return away, nil
		}
		return q, nil
	}
}

func lastDigitOdd(q decimal.Decimal, places int32) bool {
	digits := q.Shift(places).BigInt() // q is a multiple of 10^-places, so this is exact
	return digits.Bit(0) == 1
}
