package churn_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadTaxonomyManyProblems: 20,000 definitions without controllable give
// one problem each, all in the list, but an error text of bounded size.
func TestLoadTaxonomyManyProblems(t *testing.T) {
	const n = 20_000
	var doc strings.Builder
	doc.WriteString("[")
	for i := range n {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"code":"r%d"}`, i)
	}
	doc.WriteString("]")
	_, err := churn.LoadTaxonomy(strings.NewReader(doc.String()))
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Len(t, success.AsFieldErrors(err), n)
	assert.Less(t, len(err.Error()), 20_000)
	assert.True(t, strings.HasSuffix(err.Error(), fmt.Sprintf("; and %d more problems", n-100)), err.Error()[len(err.Error())-60:])
}

// TestLoadTaxonomyRefusesAnOversizedDocument: a valid document over the
// 8 MiB cap (an empty list padded with spaces) used to load.
func TestLoadTaxonomyRefusesAnOversizedDocument(t *testing.T) {
	doc := "[" + strings.Repeat(" ", 8<<20) + "]"
	_, err := churn.LoadTaxonomy(strings.NewReader(doc))
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Contains(t, err.Error(), "larger than the maximum")
	_, err = churn.LoadTaxonomy(strings.NewReader(doc[len(doc)-1000:]))
	require.Error(t, err, "not a document, but read")
	assert.NotContains(t, err.Error(), "larger than the maximum")
}

// TestInvalidUTF8IsRejected: codes and account IDs that differ only in a
// byte that is not UTF-8 used to decode to one U+FFFD.
func TestInvalidUTF8IsRejected(t *testing.T) {
	_, err := churn.LoadTaxonomy(strings.NewReader("[{\"code\": \"a\xffb\", \"controllable\": true}]"))
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.EqualError(t, err, "[0].code: is not valid UTF-8")

	var e churn.Event
	err = json.Unmarshal([]byte("{\"account\": \"a\xfeb\", \"kind\": \"churn\"}"), &e)
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Contains(t, err.Error(), "account: is not valid UTF-8")
}

// TestMovementsStateIsStrict: a state with a repeated key, or an account ID
// that is not UTF-8, is rejected; encoding/json kept the last value and
// replaced the bytes.
func TestMovementsStateIsStrict(t *testing.T) {
	m := movements(t, churn.MovementOptions{}, row("A", month(1), "100"), row("B", month(2), "50"))
	data, err := m.MarshalBinary()
	require.NoError(t, err)
	good := string(data)
	require.Contains(t, good, `"ids":["A"`)
	for name, bad := range map[string]string{
		"repeated key at the top":    strings.Replace(good, `"version":2`, `"version":2,"version":2`, 1),
		"repeated key in the ledger": strings.Replace(good, `"ids":["A"`, `"ids":["C"],"ids":["A"`, 1),
		"repeated key in the state":  strings.Replace(good, `"window":`, `"window":3,"window":`, 1),
		"an ID that is not UTF-8":    strings.Replace(good, `"ids":["A"`, "\"ids\":[\"A\xff\"", 1),
		"an escaped lone surrogate":  strings.Replace(good, `"ids":["A"`, `"ids":["A\udc00"`, 1),
	} {
		require.NotEqual(t, good, bad, name)
		back := movements(t, churn.MovementOptions{}, row("Z", month(1), "1"))
		err := back.UnmarshalBinary([]byte(bad))
		require.ErrorIs(t, err, churn.ErrInvalid, name)
		assert.Equal(t, 1, back.Accounts(), "%s: a failed decode changes nothing", name)
	}
	back := movements(t, churn.MovementOptions{})
	require.NoError(t, back.UnmarshalBinary(data))
	assert.Equal(t, 2, back.Accounts())
}

// TestMovementsExtremeExponent: a host-built amount with an extreme exponent
// (Money.Mul checks nothing) used to panic in the ledger (int32 overflow of
// the exponent difference before indexing a table of powers of ten).
func TestMovementsExtremeExponent(t *testing.T) {
	for _, tt := range []struct {
		factor  decimal.Decimal
		problem string
	}{
		{decimal.New(1, math.MinInt32), "needs 2147483648 decimal places, too fine for exact totals"},
		{decimal.New(1, math.MinInt32+2), "needs 2147483646 decimal places, too fine for exact totals"},
		{decimal.New(1, math.MaxInt32), "is beyond the exact range"},
		{decimal.New(1, 40), "is beyond the exact range"},
	} {
		m := movements(t, churn.MovementOptions{}, row("A", month(1), "100"))
		r := row("B", month(1), "1")
		r.MRR = r.MRR.Mul(tt.factor)
		err := m.Add(r)
		require.ErrorIs(t, err, churn.ErrOverflow)
		assert.Contains(t, err.Error(), tt.problem)
		assert.Equal(t, 1, m.Accounts())
	}
}

// TestConversionBounds: an amount with an extreme exponent panicked in
// decimal's Mul (int32 exponent overflow) during conversion, and a rate like
// 1e-10000000 took seconds to round; both are rejected now, in RateTable.Set,
// from a host Converter, in Movements and in Classify.
func TestConversionBounds(t *testing.T) {
	rates, err := churn.NewRateTable(success.Monthly)
	require.NoError(t, err)
	for _, bad := range []decimal.Decimal{
		decimal.New(1, -10_000_000), decimal.New(1, math.MinInt32), decimal.New(1, math.MaxInt32),
		decimal.New(1, 18), decimal.New(1, -19), decimal.RequireFromString("1.0000000000000000001"),
	} {
		err := rates.Set("EUR", month(1), bad)
		require.ErrorIs(t, err, churn.ErrInvalid, "%s", bad.Exponent())
		m := movements(t, churn.MovementOptions{Currency: "USD", Rates: fixedRate(bad)})
		err = m.Add(success.LedgerRow{Account: "eu", Date: month(1), MRR: success.MustMoney("10", "EUR")})
		require.ErrorIs(t, err, churn.ErrInvalid)
		assert.Contains(t, err.Error(), "the rate from EUR to USD for 2026-01 ")
	}
	require.NoError(t, rates.Set("EUR", month(1), decimal.New(1, -18)))
	require.NoError(t, rates.Set("EUR", month(1), decimal.RequireFromString("999999999999999999")))
	require.NoError(t, rates.Set("EUR", month(1), decimal.RequireFromString("1.1")))

	m := movements(t, churn.MovementOptions{Currency: "USD", Rates: rates})
	for _, factor := range []decimal.Decimal{decimal.New(1, math.MinInt32), decimal.New(1, math.MaxInt32-1), decimal.New(1, -40)} {
		err := m.Add(success.LedgerRow{Account: "eu", Date: month(1), MRR: success.MustMoney("10", "EUR").Mul(factor)})
		require.ErrorIs(t, err, churn.ErrOverflow)
		assert.Contains(t, err.Error(), "beyond the exact range a conversion takes")
	}
	require.NoError(t, m.Add(success.LedgerRow{Account: "eu", Date: month(1), MRR: success.MustMoney("10", "EUR").Mul(decimal.New(0, math.MinInt32))}))

	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{Currency: "USD", Rates: rates})
	require.NoError(t, err)
	e := event("eu", success.GoodFit, churn.ReasonPrice)
	e.Date = month(1)
	e.LostMRR = success.MustMoney("10", "EUR").Mul(decimal.New(1, math.MinInt32))
	_, err = c.Classify(context.Background(), e)
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Contains(t, err.Error(), "lost_mrr: is beyond the exact range a conversion takes")
}

// TestReportKeepsAmountsBeyondMoneyInputBounds: report amounts used to go
// through NewMoney, whose input bounds (12 places, 18 digits, below 10^18)
// turned a valid total into zero and broke conservation (found by
// FuzzMovementsRates).
func TestReportKeepsAmountsBeyondMoneyInputBounds(t *testing.T) {
	tiny := success.MustMoney("1", "USD").Mul(decimal.New(1, -17)) // host-built: 17 places
	m := movements(t, churn.MovementOptions{}, success.LedgerRow{Account: "a", Date: month(1), MRR: tiny}, row("a", month(2), "0.001"))
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "0.00000000000000001", rep.Periods[0].EndMRR.Amount().String())
	assert.Equal(t, "0.00099999999999999", rep.Periods[1].Expansion.MRR.Amount().String())

	m = movements(t, churn.MovementOptions{}, row("b", month(1), "900000000000000000"), row("c", month(1), "900000000000000001"))
	rep, err = m.Report(time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "1800000000000000001", rep.Periods[0].EndMRR.Amount().String(), "past 10^18 and 18 digits")
}
