package success

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/strictjson"
)

// Money is an exact decimal amount in one currency: ARR, MRR, a contract value.
// It is an immutable value; operations return new values.
//
// Operations that combine two amounts return ErrCurrencyMismatch when their
// currencies differ. The zero Money has no currency and amount 0; it is the
// identity of Add and Sub, so a running total may start from it, but it is not
// a valid input where an amount is required (Validate rejects it).
type Money struct {
	amount   decimal.Decimal
	currency Currency
}

// The bound on an amount made from outside (NewMoney, ParseMoney, JSON, Scan).
// Within it, any realistic number of amounts sums exactly and quickly, and
// fixed-point accumulators can hold every amount in 128 bits; an amount
// beyond it is refused where it enters, not by some sum later on.
// Arithmetic on valid amounts (Add, Sub, Mul) is not checked again.
const (
	// MaxAmountDigits is the most significant digits an amount may have,
	// trailing zeros not counted: 1234567890.12345678 has 18.
	MaxAmountDigits = 18
	// MaxAmountPlaces is the most decimal places an amount may have,
	// trailing zeros not counted: 0.000000000001 has 12.
	MaxAmountPlaces = 12
	// MaxAmountMagnitude is the number of digits before the point an
	// amount may have: its absolute value is below 10^18 currency units.
	MaxAmountMagnitude = 18
	// MaxAmountTextLen is the longest text an amount may be written in
	// (sign, point, exponent and any zeros included); longer text is refused
	// before it is parsed, and a decimal whose coefficient has more digits
	// before it is examined, so an amount of ten megabytes fails at once.
	MaxAmountTextLen = 64
)

// NewMoney returns amount in currency c, or an error wrapping ErrInvalid when
// c is not an active ISO 4217 code or amount is beyond the bound
// (MaxAmountDigits, MaxAmountPlaces, MaxAmountMagnitude).
func NewMoney(amount decimal.Decimal, c Currency) (Money, error) {
	if err := c.Validate(); err != nil {
		return Money{}, err
	}
	a, err := checkAmount(amount)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: a, currency: c}, nil
}

// ParseMoney parses a decimal amount such as "1200.50" in currency code c.
// The amount must be within the bound NewMoney checks, written in at most
// MaxAmountTextLen characters.
func ParseMoney(amount, c string) (Money, error) {
	cur, err := ParseCurrency(c)
	if err != nil {
		return Money{}, err
	}
	if len(amount) > MaxAmountTextLen {
		return Money{}, fmt.Errorf("%w: amount is %d characters long, more than %d", ErrInvalid, len(amount), MaxAmountTextLen)
	}
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, fmt.Errorf("%w: amount is not a decimal number", ErrInvalid) // the text is not repeated: it may be a misplaced personal value
	}
	a, err := checkAmount(d)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: a, currency: cur}, nil
}

// checkAmount returns d if it is within the bound, zero with exponent 0 if
// it is zero (a zero with exponent -1e7 would make every sum with it huge),
// and an error wrapping ErrInvalid otherwise. It looks at the coefficient's
// size before formatting anything.
func checkAmount(d decimal.Decimal) (decimal.Decimal, error) {
	c := d.Coefficient()
	if c.Sign() == 0 {
		return decimal.Decimal{}, nil
	}
	if c.BitLen() > maxCoefficientBits {
		return decimal.Decimal{}, fmt.Errorf("%w: amount has more than %d digits", ErrInvalid, MaxAmountTextLen)
	}
	digits := strings.TrimPrefix(c.String(), "-")
	if len(digits) > MaxAmountTextLen {
		return decimal.Decimal{}, fmt.Errorf("%w: amount has more than %d digits", ErrInvalid, MaxAmountTextLen)
	}
	significant := strings.TrimRight(digits, "0")
	exp := int64(d.Exponent()) + int64(len(digits)-len(significant)) // of the last significant digit
	switch whole := int64(len(significant)) + exp; {
	case whole > MaxAmountMagnitude:
		return decimal.Decimal{}, fmt.Errorf("%w: amount is 10^%d or more; amounts must be below 10^%d", ErrInvalid, whole-1, MaxAmountMagnitude)
	case len(significant) > MaxAmountDigits:
		return decimal.Decimal{}, fmt.Errorf("%w: amount has %d significant digits, more than %d", ErrInvalid, len(significant), MaxAmountDigits)
	case -exp > MaxAmountPlaces:
		return decimal.Decimal{}, fmt.Errorf("%w: amount has %d decimal places, more than %d", ErrInvalid, -exp, MaxAmountPlaces)
	}
	return d, nil
}

// amountWithinBound reports whether d passes checkAmount.
func amountWithinBound(d decimal.Decimal) bool {
	_, err := checkAmount(d)
	return err == nil
}

// maxCoefficientBits is the bit length of the largest coefficient of
// MaxAmountTextLen digits, 10^64 - 1: 213 bits.
const maxCoefficientBits = 213

// MustMoney is ParseMoney for literals in programs and tests; it panics on a
// malformed amount or unknown currency. Never use it on input.
func MustMoney(amount, c string) Money {
	m, err := ParseMoney(amount, c)
	if err != nil {
		panic(err)
	}
	return m
}

// ZeroMoney returns 0 in currency c (not validated; Validate checks it).
func ZeroMoney(c Currency) Money { return Money{currency: c} }

// Amount returns the decimal amount.
func (m Money) Amount() decimal.Decimal { return m.amount }

// Currency returns the ISO 4217 code, empty for the zero Money.
func (m Money) Currency() Currency { return m.currency }

// Validate reports whether m has an active currency.
func (m Money) Validate() error { return m.currency.Validate() }

// IsZero reports whether the amount is 0, whatever the currency.
func (m Money) IsZero() bool { return m.amount.IsZero() }

// Sign returns -1, 0 or +1 as the amount is negative, zero or positive.
func (m Money) Sign() int { return m.amount.Sign() }

// IsNegative reports whether the amount is below 0.
func (m Money) IsNegative() bool { return m.amount.Sign() < 0 }

// IsPositive reports whether the amount is above 0.
func (m Money) IsPositive() bool { return m.amount.Sign() > 0 }

// unify returns the currency two operands share. The zero Money (no currency,
// amount 0) takes the currency of the other operand.
func unify(a, b Money) (Currency, error) {
	switch {
	case a.currency == b.currency:
		return a.currency, nil
	case a.currency == "" && a.amount.IsZero():
		return b.currency, nil
	case b.currency == "" && b.amount.IsZero():
		return a.currency, nil
	}
	return "", fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, a.currencyName(), b.currencyName())
}

func (m Money) currencyName() string {
	switch {
	case m.currency == "":
		return "(no currency)"
	case !looksLikeCode(m.currency): // a misplaced value is not repeated
		return fmt.Sprintf("(a currency of %d bytes that is not a code)", len(m.currency))
	}
	return string(m.currency)
}

// Add returns m + o. An operand whose exponent is beyond
// MaxOperandExponent (an amount grown by Mul) is an error wrapping
// ErrInvalid: aligning it would take minutes.
func (m Money) Add(o Money) (Money, error) {
	c, err := operands(m, o)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Add(o.amount), currency: c}, nil
}

// Sub returns m - o, with the bound of Add.
func (m Money) Sub(o Money) (Money, error) {
	c, err := operands(m, o)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Sub(o.amount), currency: c}, nil
}

// operands is unify for arithmetic, which also bounds the exponents.
func operands(a, b Money) (Currency, error) {
	c, err := unify(a, b)
	if err != nil {
		return "", err
	}
	if err := checkExponent("amount", a.amount); err != nil {
		return "", err
	}
	if err := checkExponent("amount", b.amount); err != nil {
		return "", err
	}
	return c, nil
}

// Neg returns -m.
func (m Money) Neg() Money { return Money{amount: m.amount.Neg(), currency: m.currency} }

// Abs returns |m|.
func (m Money) Abs() Money { return Money{amount: m.amount.Abs(), currency: m.currency} }

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o. Amounts in
// different currencies are not comparable: ErrCurrencyMismatch. The bound
// of Add applies.
func (m Money) Cmp(o Money) (int, error) {
	if _, err := operands(m, o); err != nil {
		return 0, err
	}
	return m.amount.Cmp(o.amount), nil
}

// Equal reports whether m and o are numerically equal amounts (1.50 equals
// 1.5) in the same currency. Like Cmp, it treats the zero Money as zero in any
// currency, so Money{} equals ZeroMoney("USD").
func (m Money) Equal(o Money) bool {
	_, err := unify(m, o)
	return err == nil && m.amount.Equal(o.amount)
}

// Mul returns m multiplied by factor, exactly (no rounding).
func (m Money) Mul(factor decimal.Decimal) Money {
	return Money{amount: m.amount.Mul(factor), currency: m.currency}
}

// Div returns m divided by divisor, rounded to places decimal places with the
// given rounding, decided on the exact quotient (so -2.5 rounds half-even to
// -2 and half-up, away from zero, to -3). A negative places rounds left of the
// point: -2 rounds to hundreds. Dividing by zero, an unknown Rounding,
// |places| above MaxDivPlaces, and an amount or divisor beyond
// MaxOperandDigits or MaxOperandExponent return an error wrapping
// ErrInvalid: the work of an exact division grows with them, so they are
// capped.
func (m Money) Div(divisor decimal.Decimal, places int32, r Rounding) (Money, error) {
	q, err := divRound(m.amount, divisor, places, r)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: q, currency: m.currency}, nil
}

// Round returns m rounded to places decimal places with r, as Div by 1 does;
// use m.Currency().MinorUnits() for the precision the currency is paid in.
// places is bounded as in Div.
func (m Money) Round(places int32, r Rounding) (Money, error) {
	return m.Div(decimal.NewFromInt(1), places, r)
}

// String formats m as "1200.50 USD": the amount with at least the
// currency's minor-unit places (more when it has them), never rounded. An
// amount grown by Mul beyond the bound NewMoney checks is written with an
// exponent ("1e-100000000 USD") rather than digit by digit.
func (m Money) String() string {
	return m.formatAmount() + " " + m.currencyName()
}

// formatAmount writes the amount with at least the currency's minor-unit
// places, so 1200.5 USD reads 1200.50 and 0.125 USD keeps its three places.
//
// An amount beyond the bound NewMoney checks (grown by Mul) is written as
// its coefficient and exponent ("1e-100000000"): written out, it could take
// gigabytes and minutes. A zero is 0 whatever its exponent.
func (m Money) formatAmount() string {
	amount, err := checkAmount(m.amount)
	if err != nil {
		return m.amount.Coefficient().String() + "e" + strconv.FormatInt(int64(m.amount.Exponent()), 10)
	}
	// Significant places only: 300 held as 300.000000 (from micro-units, say)
	// prints as 300.00, while 0.125 USD keeps its third place.
	plain := amount.String() // decimal trims trailing zeros
	places := int32(0)
	if dot := strings.IndexByte(plain, '.'); dot >= 0 {
		places = int32(len(plain) - dot - 1)
	}
	if m.currency != "" {
		places = max(places, m.currency.MinorUnits())
	}
	if places <= 0 {
		return plain
	}
	return amount.StringFixed(places)
}

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON writes {"amount":"1200.50","currency":"USD"}. The amount is a
// string so no JSON reader rounds it through a float. The zero Money (no
// currency) is written as null. A currency that is not an active ISO 4217
// code (ZeroMoney("XYZ"), say) is an error: UnmarshalJSON could not read it back.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.currency == "" {
		return []byte("null"), nil
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("money: %w", err)
	}
	return json.Marshal(moneyJSON{Amount: m.formatAmount(), Currency: string(m.currency)})
}

// UnmarshalJSON reads {"amount":"1200.50","currency":"USD"}. Both fields are
// required, unknown and repeated fields are rejected, and the amount may also be a JSON
// number (read exactly, never through float64). null reads as the zero Money.
// The amount is bounded as in ParseMoney.
func (m *Money) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*m = Money{}
		return nil
	}
	// Decoded as a record: problems name the field and the kind of value
	// found, never the value.
	var in struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	if err := decodeRecord(b, &in); err != nil {
		return err
	}
	var errs FieldErrors
	amount := strings.TrimSpace(string(in.Amount))
	switch {
	case amount == "":
		errs.addf(ErrInvalid, "amount", "is required")
	case amount[0] == '"':
		if err := json.Unmarshal(in.Amount, &amount); err != nil {
			errs.addf(ErrInvalid, "amount", "must be a decimal string or number")
		}
	case amount[0] != '-' && (amount[0] < '0' || amount[0] > '9'):
		errs.addf(ErrInvalid, "amount", "must be a decimal string or number, got %s", strictjson.KindOf(in.Amount))
	}
	if in.Currency == "" {
		errs.addf(ErrInvalid, "currency", "is required")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	v, err := ParseMoney(amount, in.Currency)
	if err != nil {
		return err // names the amount or the currency; a prefix would hide the sentinel's text from path readers
	}
	*m = v
	return nil
}

// Value implements driver.Valuer, storing m as text "1200.50 USD", and the
// zero Money as NULL. Like MarshalJSON it refuses a currency Scan could not
// read back. Hosts that keep amount and currency in two columns store
// Amount() and Currency() instead.
func (m Money) Value() (driver.Value, error) {
	if m.currency == "" {
		return nil, nil
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("money: %w", err)
	}
	return m.String(), nil
}

// Scan implements sql.Scanner for text "1200.50 USD"; NULL scans as the zero
// Money. The amount is bounded as in ParseMoney.
func (m *Money) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*m = Money{}
		return nil
	case string:
		s = v
	case []byte:
		if len(v) > maxMoneyTextLen {
			return fmt.Errorf("%w: money text is %d bytes long, more than %d", ErrInvalid, len(v), maxMoneyTextLen)
		}
		s = string(v)
	default:
		return fmt.Errorf("%w: cannot scan %T into Money", ErrInvalid, src)
	}
	if len(s) > maxMoneyTextLen {
		return fmt.Errorf("%w: money text is %d bytes long, more than %d", ErrInvalid, len(s), maxMoneyTextLen)
	}
	amount, cur, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return fmt.Errorf("%w: money text is not \"<amount> <currency>\"", ErrInvalid)
	}
	v, err := ParseMoney(amount, strings.TrimSpace(cur))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// maxMoneyTextLen bounds the text Scan reads: an amount, a space, a code,
// and some white space around them.
const maxMoneyTextLen = MaxAmountTextLen + 32
