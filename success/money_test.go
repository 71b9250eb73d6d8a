package success_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

func usd(s string) success.Money { return success.MustMoney(s, "USD") }

func TestMoneyArithmetic(t *testing.T) {
	sum, err := usd("1200.50").Add(usd("99.50"))
	require.NoError(t, err)
	assert.True(t, sum.Equal(usd("1300")), "got %s", sum)

	diff, err := usd("10").Sub(usd("12.25"))
	require.NoError(t, err)
	assert.True(t, diff.Equal(usd("-2.25")))
	assert.True(t, diff.Neg().Equal(usd("2.25")))
	assert.True(t, diff.IsNegative())

	assert.True(t, usd("19.99").Mul(decimal.NewFromInt(12)).Equal(usd("239.88")))

	c, err := usd("5").Cmp(usd("5.00"))
	require.NoError(t, err)
	assert.Equal(t, 0, c)

	// The zero Money is the identity of Add, so totals can start from it.
	var total success.Money
	total, err = total.Add(usd("7"))
	require.NoError(t, err)
	assert.True(t, total.Equal(usd("7")))
}

func TestMoneyCurrencyMismatch(t *testing.T) {
	eur := success.MustMoney("1", "EUR")
	_, err := usd("1").Add(eur)
	assert.ErrorIs(t, err, success.ErrCurrencyMismatch)
	_, err = usd("1").Sub(eur)
	assert.ErrorIs(t, err, success.ErrCurrencyMismatch)
	_, err = usd("1").Cmp(eur)
	assert.ErrorIs(t, err, success.ErrCurrencyMismatch)
	assert.False(t, usd("1").Equal(eur))
}

func TestMoneyDivRounding(t *testing.T) {
	tests := []struct {
		amount, divisor string
		places          int32
		mode            success.Rounding
		want            string
	}{
		{"100", "3", 2, success.RoundHalfUp, "33.33"},
		{"200", "3", 2, success.RoundHalfUp, "66.67"},
		{"0.125", "1", 2, success.RoundHalfUp, "0.13"},
		{"-0.125", "1", 2, success.RoundHalfUp, "-0.13"},
		{"0.125", "1", 2, success.RoundHalfEven, "0.12"},
		{"0.135", "1", 2, success.RoundHalfEven, "0.14"},
		{"0.1251", "1", 2, success.RoundHalfEven, "0.13"},
		{"1.001", "1", 2, success.RoundUp, "1.01"},
		{"-1.001", "1", 2, success.RoundUp, "-1.01"},
		{"1.009", "1", 2, success.RoundDown, "1"},
		{"-1.001", "1", 2, success.RoundFloor, "-1.01"},
		{"-1.009", "1", 2, success.RoundCeiling, "-1"},
		{"1.001", "1", 2, success.RoundCeiling, "1.01"},
		{"1000", "7", 0, success.RoundHalfUp, "143"},
		{"12", "-5", 1, success.RoundHalfUp, "-2.4"},
		{"1", "3", 20, success.RoundHalfUp, "0.33333333333333333333"},
		// Ties on negative amounts, and a negative divisor: the sign of the
		// exact quotient decides (-2.5 for all four rows below).
		{"-2.5", "1", 0, success.RoundHalfEven, "-2"},
		{"-3.5", "1", 0, success.RoundHalfEven, "-4"},
		{"5", "-2", 0, success.RoundHalfUp, "-3"},
		{"5", "-2", 0, success.RoundFloor, "-3"},
		{"5", "-2", 0, success.RoundCeiling, "-2"},
		{"-5", "-2", 0, success.RoundDown, "2"},
		{"-0.5", "1", 0, success.RoundHalfEven, "0"},
		// Negative places round left of the point: to hundreds, to thousands.
		{"1250", "1", -2, success.RoundHalfEven, "1200"},
		{"1350", "1", -2, success.RoundHalfEven, "1400"},
		{"-1250", "1", -2, success.RoundHalfUp, "-1300"},
		{"1250", "1", -3, success.RoundHalfEven, "1000"},
		// Large amounts are exact: 10^17 / 3 to 2 places (a result beyond the
		// input bound, which arithmetic does not check).
		{"1e17", "3", 2, success.RoundHalfUp, "33333333333333333.33"},
	}
	for _, tt := range tests {
		got, err := usd(tt.amount).Div(decimal.RequireFromString(tt.divisor), tt.places, tt.mode)
		require.NoError(t, err)
		assert.True(t, got.Amount().Equal(decimal.RequireFromString(tt.want)) && got.Currency() == "USD", "%s / %s (%d places, mode %d) = %s, want %s", tt.amount, tt.divisor, tt.places, tt.mode, got, tt.want)
	}
	_, err := usd("1").Div(decimal.Zero, 2, success.RoundHalfUp)
	assert.ErrorIs(t, err, success.ErrInvalid)
	_, err = usd("1").Div(decimal.NewFromInt(2), 2, success.Rounding(99))
	assert.ErrorIs(t, err, success.ErrInvalid)
}

func TestMoneyJSON(t *testing.T) {
	b, err := json.Marshal(usd("1200.50"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"amount":"1200.50","currency":"USD"}`, string(b))

	var m success.Money
	require.NoError(t, json.Unmarshal([]byte(`{"amount":"1200.50","currency":"USD"}`), &m))
	assert.Equal(t, "1200.5", m.Amount().String())
	require.NoError(t, json.Unmarshal([]byte(`{"amount":0.1,"currency":"JPY"}`), &m))
	assert.True(t, m.Equal(success.MustMoney("0.1", "JPY")), "number amounts are read exactly")

	for _, bad := range []string{
		`{"amount":"12","currency":"usd"}`,
		`{"amount":"12","currency":"XXX"}`,
		`{"amount":"twelve","currency":"USD"}`,
		`{"amount":"12"}`,
		`{"currency":"USD"}`,
		`{"amount":"12","currency":"USD","note":"x"}`,
		`{"amount":"1","currency":"USD","currency":"EUR"}`,
		`{"amount":"1","amount":"2","currency":"USD"}`,
		`{"amount":"12","currency":7}`,
		`"12 USD"`,
		`{"amount":"12","currency":"USD"`,
	} {
		err := json.Unmarshal([]byte(bad), &m)
		assert.Error(t, err, bad)
		if err != nil && !errors.Is(err, success.ErrInvalid) {
			var syn *json.SyntaxError
			assert.ErrorAs(t, err, &syn, "%s: %v", bad, err)
		}
	}
}

func TestMoneySQL(t *testing.T) {
	v, err := usd("42.10").Value()
	require.NoError(t, err)
	assert.Equal(t, "42.10 USD", v)
	var m success.Money
	require.NoError(t, m.Scan([]byte("42.10 USD")))
	assert.True(t, m.Equal(usd("42.1")))
	assert.ErrorIs(t, m.Scan("42.10"), success.ErrInvalid)
	assert.ErrorIs(t, m.Scan(42), success.ErrInvalid)
	assert.ErrorIs(t, m.Scan("1 ABC"), success.ErrUnknownCurrency)
}

func TestCurrency(t *testing.T) {
	for _, ok := range []string{"USD", "EUR", "JPY", "GBP", "KWD"} {
		_, err := success.ParseCurrency(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{"", "usd", "US", "USDD", "XXX", "ABC"} {
		_, err := success.ParseCurrency(bad)
		assert.ErrorIs(t, err, success.ErrUnknownCurrency, bad)
		assert.ErrorIs(t, err, success.ErrInvalid, bad)
	}
	assert.Equal(t, int32(0), success.Currency("JPY").MinorUnits())
	assert.Equal(t, int32(3), success.Currency("KWD").MinorUnits())
	_, err := success.ParseMoney("1", "ZZZ")
	assert.ErrorIs(t, err, success.ErrUnknownCurrency)
}

// genMoney draws an amount with up to 6 decimal places in one currency.
func genMoney(cur string) *rapid.Generator[success.Money] {
	return rapid.Custom(func(t *rapid.T) success.Money {
		units := rapid.Int64Range(-1e12, 1e12).Draw(t, "units")
		exp := rapid.Int32Range(-6, 0).Draw(t, "exp")
		m, err := success.NewMoney(decimal.New(units, exp), success.Currency(cur))
		if err != nil {
			t.Fatal(err)
		}
		return m
	})
}

func TestMoneyAdditionProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := rapid.SampledFrom([]string{"USD", "EUR", "JPY"}).Draw(t, "cur")
		a, b, c := genMoney(cur).Draw(t, "a"), genMoney(cur).Draw(t, "b"), genMoney(cur).Draw(t, "c")
		ab, _ := a.Add(b)
		ba, _ := b.Add(a)
		if !ab.Equal(ba) {
			t.Fatalf("not commutative: %s + %s", a, b)
		}
		abc1, _ := ab.Add(c)
		bc, _ := b.Add(c)
		abc2, _ := a.Add(bc)
		if !abc1.Equal(abc2) {
			t.Fatalf("not associative: %s, %s, %s", a, b, c)
		}
		back, _ := ab.Sub(b)
		if !back.Equal(a) {
			t.Fatalf("(a+b)-b = %s, want %s", back, a)
		}
	})
}

func TestMoneyAcrossCurrenciesAlwaysErrors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genMoney("USD").Draw(t, "a")
		b := genMoney(rapid.SampledFrom([]string{"EUR", "GBP", "JPY"}).Draw(t, "cur")).Draw(t, "b")
		if _, err := a.Add(b); !errors.Is(err, success.ErrCurrencyMismatch) {
			t.Fatalf("Add(%s, %s) error = %v", a, b, err)
		}
		if _, err := a.Sub(b); !errors.Is(err, success.ErrCurrencyMismatch) {
			t.Fatalf("Sub(%s, %s) error = %v", a, b, err)
		}
	})
}

func TestMoneyJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMoney(rapid.SampledFrom([]string{"USD", "EUR", "KWD"}).Draw(t, "cur")).Draw(t, "m")
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back success.Money
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !back.Equal(m) {
			t.Fatalf("round trip %s -> %s -> %s", m, b, back)
		}
	})
}

func TestZeroMoneyRoundTrips(t *testing.T) {
	b, err := json.Marshal(success.Money{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))
	m := usd("3")
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Equal(t, success.Money{}, m)

	v, err := success.Money{}.Value()
	require.NoError(t, err)
	assert.Nil(t, v)
	m = usd("3")
	require.NoError(t, m.Scan(nil))
	assert.Equal(t, success.Money{}, m)
}

// ZeroMoney does not validate its currency; writing one out must fail then,
// not produce JSON or a column that cannot be read back.
func TestMoneyWithUnknownCurrencyIsNotWritten(t *testing.T) {
	_, err := json.Marshal(success.ZeroMoney("XYZ"))
	assert.ErrorIs(t, err, success.ErrUnknownCurrency)
	_, err = success.ZeroMoney("XYZ").Value()
	assert.ErrorIs(t, err, success.ErrUnknownCurrency)
}

func TestMoneyRound(t *testing.T) {
	r, err := usd("12.345").Round(2, success.RoundHalfEven)
	require.NoError(t, err)
	assert.True(t, r.Equal(usd("12.34")))
	_, err = usd("12.345").Round(2, success.Rounding(99))
	assert.ErrorIs(t, err, success.ErrInvalid)
}

// Div and Round refuse places and operands past their caps at once: before
// the caps, Round(math.MaxInt32) ran for minutes and Round(math.MinInt32)
// panicked inside decimal.QuoRem.
func TestMoneyDivCaps(t *testing.T) {
	start := time.Now()
	tests := []struct {
		name    string
		amount  success.Money
		divisor decimal.Decimal
		places  int32
	}{
		{"places MaxInt32", usd("1"), decimal.NewFromInt(3), math.MaxInt32},
		{"places MinInt32", usd("1"), decimal.NewFromInt(3), math.MinInt32},
		{"places above the cap", usd("1"), decimal.NewFromInt(3), success.MaxDivPlaces + 1},
		{"places below the cap", usd("1"), decimal.NewFromInt(3), -success.MaxDivPlaces - 1},
		{"divisor exponent", usd("1"), decimal.New(1, 1e9), 2},
		{"divisor exponent past the cap", usd("1"), decimal.New(1, success.MaxOperandExponent+1), 2},
		{"divisor exponent negative", usd("1"), decimal.New(1, -1e9), 2},
		{"divisor digits", usd("1"), decimal.RequireFromString(strings.Repeat("7", success.MaxOperandDigits+1)), 2},
		{"amount grown by Mul", usd("1").Mul(decimal.New(1, -1e6)), decimal.NewFromInt(3), 2},
		{"exponent overflow", usd("1").Mul(decimal.New(1, math.MinInt32+5)), decimal.New(1, math.MaxInt32-5), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.amount.Div(tt.divisor, tt.places, success.RoundHalfEven)
			assert.ErrorIs(t, err, success.ErrInvalid)
		})
	}
	_, err := usd("1").Round(math.MaxInt32, success.RoundHalfUp)
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.Less(t, time.Since(start), 5*time.Second)

	// Add, Sub and Cmp refuse exponents past the cap too: aligning 1 with
	// 10^-1e9 took minutes.
	grown := usd("1").Mul(decimal.New(1, -1e9))
	_, err = usd("1").Add(grown)
	assert.ErrorIs(t, err, success.ErrInvalid)
	_, err = grown.Sub(usd("1"))
	assert.ErrorIs(t, err, success.ErrInvalid)
	_, err = usd("1").Cmp(grown)
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.Less(t, time.Since(start), 5*time.Second)

	// At the caps, arithmetic still works and is exact.
	tiny := usd("1").Mul(decimal.NewFromFloat(1e-300)) // an amount times a tiny float factor
	r, err := tiny.Round(2, success.RoundHalfEven)
	require.NoError(t, err)
	assert.True(t, r.IsZero())
	sum, err := tiny.Add(usd("1"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Sign())
	q, err := usd("1").Div(decimal.NewFromInt(4), success.MaxDivPlaces, success.RoundHalfEven)
	require.NoError(t, err)
	assert.True(t, q.Equal(usd("0.25")), "got %s", q)
	q, err = usd("123456789").Round(-success.MaxDivPlaces, success.RoundUp)
	require.NoError(t, err)
	assert.True(t, q.Amount().Equal(decimal.New(1, success.MaxDivPlaces)), "got %s", q.Amount())
}

// Amounts grown by Mul beyond the bound are written with an exponent, and
// a zero with any exponent as 0, at once (found by FuzzProfileAssess: a
// zero times 10^MaxInt32 was written out as two billion zeros).
func TestMoneyStringBeyondBound(t *testing.T) {
	start := time.Now()
	assert.Equal(t, "0.00 USD", usd("1").Mul(decimal.New(0, math.MaxInt32)).String())
	assert.Equal(t, "1e100000000 USD", usd("1").Mul(decimal.New(1, 100_000_000)).String())
	assert.Equal(t, "-3e-100000000 USD", usd("-3").Mul(decimal.New(1, -100_000_000)).String())
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestMoneyStringKeepsMinorUnits(t *testing.T) {
	assert.Equal(t, "1200.50 USD", usd("1200.5").String())
	assert.Equal(t, "0.125 USD", usd("0.125").String(), "more places than the minor unit are kept, not rounded")
	assert.Equal(t, "1000.00 USD", success.MustMoney("1e3", "USD").String())
	assert.Equal(t, "1200 JPY", success.MustMoney("1200", "JPY").String())
	assert.Equal(t, "300.00 USD", usd("300.000000").String(), "trailing zeros below the minor unit are not significant")
	assert.Equal(t, "0.10 USD", usd("0.1000").String())
	assert.Equal(t, "-2.50 EUR", success.MustMoney("-2.5000", "EUR").String())
	assert.Equal(t, "1.500 KWD", success.MustMoney("1.5", "KWD").String())
}

func TestMoneyZeroEqualsZeroInAnyCurrency(t *testing.T) {
	assert.True(t, success.Money{}.Equal(success.ZeroMoney("USD")), "Equal agrees with Cmp")
	c, err := success.Money{}.Cmp(success.ZeroMoney("USD"))
	require.NoError(t, err)
	assert.Zero(t, c)
	assert.False(t, usd("0").Equal(success.ZeroMoney("EUR")), "a zero with a currency is not a zero in another")
	assert.Equal(t, "HalfEven", success.RoundHalfEven.String())
	assert.Equal(t, "Rounding(9)", success.Rounding(9).String())
}

// Every way an amount enters refuses what cannot be summed exactly, with the
// bound MaxAmountDigits, MaxAmountPlaces and MaxAmountMagnitude.
func TestMoneyBoundAtEveryEntry(t *testing.T) {
	tests := []struct {
		amount string
		ok     bool
	}{
		{"999999999999999999", true},               // 18 digits, just below 10^18
		{"-999999999999999999", true},              // the same below zero
		{"123456.789012345678", true},              // 18 digits, 12 places
		{"0.000000000001", true},                   // 12 places
		{"1e17", true},                             // 10^17
		{"1.5e-11", true},                          // 12 places
		{"100000000000000000.0000000000000", true}, // trailing zeros are not digits
		{"0e400", true},                            // zero
		{"1e18", false},                            // 10^18
		{"1000000000000000000", false},             // 10^18 written out
		{"1e400", false},
		{"1234567890123456789", false},  // 19 digits
		{"1.234567890123456789", false}, // 19 digits
		{"0.0000000000001", false},      // 13 places
		{"1e-13", false},                // 13 places
		{"-1e-400", false},
		{"1." + strings.Repeat("0", 70), false}, // too long to read, though it is 1
	}
	for _, tt := range tests {
		t.Run(tt.amount, func(t *testing.T) {
			check := func(how string, err error) {
				t.Helper()
				if tt.ok {
					assert.NoError(t, err, how)
				} else {
					assert.ErrorIs(t, err, success.ErrInvalid, how)
				}
			}
			_, err := success.ParseMoney(tt.amount, "USD")
			check("ParseMoney", err)
			var m success.Money
			check("UnmarshalJSON string", json.Unmarshal([]byte(`{"amount":"`+tt.amount+`","currency":"USD"}`), &m))
			check("UnmarshalJSON number", json.Unmarshal([]byte(`{"amount":`+tt.amount+`,"currency":"USD"}`), &m))
			check("Scan", m.Scan(tt.amount+" USD"))
			check("Scan bytes", m.Scan([]byte(tt.amount+" USD")))
			if d, err := decimal.NewFromString(tt.amount); err == nil {
				_, err = success.NewMoney(d, "USD")
				check("NewMoney", err)
			}
		})
	}
}

func TestMoneyBoundIsCheap(t *testing.T) {
	huge := strings.Repeat("9", 1_000_000)
	hugeScan, hugeScanBytes := huge+" USD", []byte(huge+" USD")
	one := decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(100_000), nil), -100_000) // 1, written with 100,000 zeros
	start := time.Now()
	_, err := success.ParseMoney(huge, "USD")
	assert.ErrorIs(t, err, success.ErrInvalid)
	var m success.Money
	assert.ErrorIs(t, m.Scan(hugeScan), success.ErrInvalid)
	assert.ErrorIs(t, m.Scan(hugeScanBytes), success.ErrInvalid)
	// A host's decimal with a ten-million exponent is refused before it is
	// formatted (which would write ten million zeros).
	_, err = success.NewMoney(decimal.New(1, 1e7), "USD")
	assert.ErrorIs(t, err, success.ErrInvalid)
	_, err = success.NewMoney(decimal.New(1, -1e7), "USD")
	assert.ErrorIs(t, err, success.ErrInvalid)
	_, err = success.NewMoney(one, "USD")
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.Less(t, time.Since(start), 50*time.Millisecond)

	// A zero with a huge exponent is zero, and sums stay small.
	z, err := success.NewMoney(decimal.New(0, -1e7), "USD")
	require.NoError(t, err)
	sum, err := z.Add(usd("1.50"))
	require.NoError(t, err)
	assert.Equal(t, "1.5", sum.Amount().String())
}

func TestMoneyBoundMessages(t *testing.T) {
	for amount, want := range map[string]string{
		"1e400":                 "success: invalid input: amount is 10^400 or more; amounts must be below 10^18",
		"1234567890123456789":   "success: invalid input: amount is 10^18 or more; amounts must be below 10^18",
		"1.234567890123456789":  "success: invalid input: amount has 19 significant digits, more than 18",
		"0.0000000000001":       "success: invalid input: amount has 13 decimal places, more than 12",
		strings.Repeat("1", 65): "success: invalid input: amount is 65 characters long, more than 64",
		"12x":                   `success: invalid input: amount is not a decimal number`,
	} {
		_, err := success.ParseMoney(amount, "USD")
		assert.EqualError(t, err, want, amount)
	}
}

// A value that is not an amount or a currency code is not repeated in the
// error: a misplaced column may hold an e-mail address.
func TestMoneyErrorsDoNotQuoteMisplacedValues(t *testing.T) {
	const personal = "jane@example.com"
	_, err := success.ParseMoney(personal, "USD")
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.NotContains(t, err.Error(), personal)
	_, err = success.ParseMoney("1", personal)
	require.ErrorIs(t, err, success.ErrUnknownCurrency)
	assert.NotContains(t, err.Error(), personal)
	var m success.Money
	for _, doc := range []string{`{"amount": "jane@example.com", "currency": "USD"}`, `"jane@example.com"`,
		`{"amount": "1", "currency": "jane@example.com"}`, `{"amount": true, "currency": "USD"}`} {
		err := json.Unmarshal([]byte(doc), &m)
		require.ErrorIs(t, err, success.ErrInvalid, doc)
		assert.NotContains(t, err.Error(), "jane", doc)
	}
	require.Error(t, m.Scan(personal))
	assert.NotContains(t, m.Scan(personal).Error(), "jane")
	// A three-letter code that is not a currency is quoted: it helps and cannot be an address.
	_, err = success.ParseMoney("1", "XYZ")
	assert.ErrorContains(t, err, `"XYZ"`)
}
