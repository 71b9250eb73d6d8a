package churn_test

import (
	"math"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// fuzzDecimal reads a decimal: a plain or extreme one from a list (the
// exponents a host can build with decimal.New included), or the fuzzer's
// own text when it parses and is short.
func fuzzDecimal(b *fuzzinput.Bytes, text string) decimal.Decimal {
	if k := b.Byte(); k < 200 {
		return fuzzinput.Pick(b,
			decimal.RequireFromString("1.0853"), decimal.NewFromInt(1), decimal.Zero, decimal.NewFromInt(-1),
			decimal.New(1, -18), decimal.New(1, -19), decimal.New(999999999999999999, 0), decimal.New(1, 18),
			decimal.New(1, math.MinInt32), decimal.New(1, math.MaxInt32), decimal.New(7, -10_000_000),
			decimal.RequireFromString("0.000000000000000001234"), decimal.RequireFromString("12345678901234567890"))
	}
	if len(text) <= 64 {
		if d, err := decimal.NewFromString(text); err == nil {
			return d
		}
	}
	return decimal.NewFromInt(int64(b.Byte()))
}

// RateTable.Set takes a rate or rejects it with ErrInvalid, and Rate gives
// back exactly what was set, for any time on the same calendar date.
func FuzzRateTable(f *testing.F) {
	f.Add([]byte{0, 3, 0, 0, 5, 1, 1, 10, 0, 0}, "1.1")
	f.Add([]byte{2, 200, 1, 1, 0, 1, 8, 0}, "1e-30")
	f.Add([]byte{1, 200, 4, 2, 9, 0, 10, 0, 200}, "-0.5")
	f.Fuzz(func(t *testing.T, data []byte, text string) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		table, err := churn.NewRateTable(fuzzinput.Pick(&b, success.Monthly, success.Weekly, success.Quarterly, success.Yearly, success.Daily, "fortnight"))
		if err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, success.ErrInvalid)
			return
		}
		east := time.FixedZone("UTC+14", 14*3600)
		for len(b) > 0 {
			from := fuzzinput.Pick(&b, success.Currency("EUR"), "GBP", "JPY", "", "eur", "XXX")
			at := time.Date(2026, time.Month(1+int(b.Byte()%24)), 1+int(b.Byte()%31), int(b.Byte()%24), 0, 0, 0, time.UTC)
			switch b.Byte() % 8 {
			case 0:
				at = at.In(east)
			case 1:
				at = fuzzinput.Pick(&b, time.Time{}, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC))
			}
			rate := fuzzDecimal(&b, text)
			if err := table.Set(from, at, rate); err != nil {
				fuzzinput.RequireSentinel(t, err, churn.ErrInvalid)
				continue
			}
			if rate.Sign() <= 0 || rate.NumDigits() > 18 {
				t.Fatalf("Set took the rate %s", rate)
			}
			got, ok := table.Rate(from, at)
			if !ok || !got.Equal(rate) {
				t.Fatalf("Rate(%s, %s) = %s, %v after setting %s", from, at, got, ok, rate)
			}
			// The period is that of the time's calendar date in its own zone.
			y, mo, d := at.Date()
			if again, ok := table.Rate(from, time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)); !ok || !again.Equal(rate) {
				t.Fatalf("Rate on the same date in UTC = %s, %v, want %s", again, ok, rate)
			}
		}
	})
}

// fuzzRates is a host Converter built from fuzzed decimals: a rate per
// currency, some of them out of bounds, missing for GBP.
type fuzzRates map[success.Currency]decimal.Decimal

func (r fuzzRates) Rate(from success.Currency, _ time.Time) (decimal.Decimal, bool) {
	d, ok := r[from]
	return d, ok
}

// Movements with Rates take each row, converted, or reject it with a
// sentinel (never a panic or a stall on an extreme rate or amount); the
// report conserves MRR and customers; converting one row by hand at the
// table's rate gives the row's MRR in the movement log.
func FuzzMovementsRates(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 10, 1, 1, 0, 1, 0, 1, 11, 1, 2, 1}, "1.1", "99.99")
	f.Add([]byte{1, 200, 0, 0, 10, 1, 7, 0, 1, 10, 1, 7, 0}, "1e-30", "1e20")
	f.Add([]byte{0, 200, 3, 1, 10, 1, 8, 1}, "0.5", "12345678.12345678")
	f.Fuzz(func(t *testing.T, data []byte, rateText, amount string) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		var rates churn.Converter
		if b.Bool() {
			host := fuzzRates{"EUR": fuzzDecimal(&b, rateText), "JPY": fuzzDecimal(&b, rateText), "USD": decimal.NewFromInt(1)}
			rates = host
		} else {
			table, _ := churn.NewRateTable(success.Monthly)
			for range 1 + b.Byte()%4 {
				_ = table.Set(fuzzinput.Pick(&b, success.Currency("EUR"), "JPY"), time.Date(2026, time.Month(1+int(b.Byte()%12)), 1, 0, 0, 0, 0, time.UTC), fuzzDecimal(&b, rateText))
			}
			rates = table
		}
		m, err := churn.NewMovements(churn.MovementOptions{Currency: "USD", Rates: rates, TrailingPeriods: 3})
		if err != nil {
			t.Fatal(err)
		}
		for len(b) > 0 {
			r := success.LedgerRow{
				Account: fuzzinput.Pick(&b, success.AccountID("a"), "b", "c"),
				Date:    time.Date(2026, time.Month(1+int(b.Byte()%12)), 1+int(b.Byte()%28), 0, 0, 0, 0, time.UTC),
			}
			currency := fuzzinput.Pick(&b, success.Currency("EUR"), "USD", "JPY", "GBP")
			text := fuzzinput.Pick(&b, "0", "100", "99.99", "0.001", amount)
			mrr, err := success.ParseMoney(text, string(currency))
			if err != nil {
				mrr = success.ZeroMoney(currency)
			}
			if b.Byte()%4 == 0 {
				// Host-built, unchecked; Mul itself panics when the exponents'
				// sum leaves int32 (decimal's rule, not the SDK's input).
				factor := fuzzDecimal(&b, rateText)
				if e := int64(mrr.Amount().Exponent()) + int64(factor.Exponent()); e >= math.MinInt32 && e <= math.MaxInt32 {
					mrr = mrr.Mul(factor)
				}
			}
			r.MRR = mrr
			if err := m.Add(r); err != nil {
				fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrCurrencyMismatch, churn.ErrOverflow)
			}
		}
		rep, err := m.Report(time.Time{})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrOverflow)
			return
		}
		requireConservation(t, rep)
		if rep.Currency != "USD" && len(rep.Periods) > 0 {
			t.Fatalf("report in %s", rep.Currency)
		}
	})
}

// MovementLog yields movements whose Amounts, per period and kind, add up
// exactly to the report's totals and whose number is the report's count;
// an error ends it and wraps a sentinel.
func FuzzMovementLog(f *testing.F) {
	f.Add([]byte{0, 10, 1, 1, 0, 1, 10, 1, 1, 0, 0, 11, 1, 2, 0, 1, 12, 1, 0, 0, 2, 12, 1, 1, 0}, "10", byte(0))
	f.Add([]byte{0, 10, 1, 7, 0, 0, 10, 1, 7, 0, 0, 9, 1, 1, 3}, "1.005", byte(1))
	f.Add([]byte{0, 0, 0, 1, 0, 4, 10, 1, 1, 0, 0, 10, 8, 1, 4}, "1e400", byte(2))
	f.Fuzz(func(t *testing.T, data []byte, amount string, throughByte byte) {
		defer fuzzinput.Deadline()()
		var through time.Time
		if throughByte%3 != 0 {
			through = time.Date(2026, time.Month(1+int(throughByte%40)), 1, 0, 0, 0, 0, time.UTC)
		}
		opts := churn.MovementOptions{Currency: "USD", TrailingPeriods: 3}
		type key struct {
			label string
			kind  churn.MovementKind
		}
		sums := map[key]decimal.Decimal{}
		counts := map[key]int64{}
		var logErr error
		for mv, err := range churn.MovementLog(fuzzMovementRows(data, amount), through, opts) {
			if err != nil {
				if logErr != nil {
					t.Fatalf("a second error after %v: %v", logErr, err)
				}
				logErr = err
				fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrCurrencyMismatch, churn.ErrOverflow)
				continue
			}
			if logErr != nil {
				t.Fatalf("a movement after the error %v", logErr)
			}
			if err := mv.Kind.Validate(); err != nil || mv.Amount.IsNegative() || mv.Account == "" {
				t.Fatalf("movement %+v", mv)
			}
			k := key{mv.Label, mv.Kind}
			sums[k] = sums[k].Add(mv.Amount.Amount())
			counts[k]++
		}
		// The same rows through Movements: the log is its drill-down.
		m, _ := churn.NewMovements(opts)
		var addErr error
		for r := range fuzzMovementRows(data, amount) {
			if addErr = m.Add(r); addErr != nil {
				break
			}
		}
		if addErr != nil {
			if logErr == nil {
				t.Fatalf("Add rejects a row (%v) that MovementLog took", addErr)
			}
			return
		}
		rep, err := m.Report(through)
		if (err == nil) != (logErr == nil) {
			if !(err != nil && logErr == nil && len(sums) == 0) { // an empty ledger logs nothing
				t.Fatalf("Report says %v, MovementLog %v", err, logErr)
			}
		}
		if err != nil || logErr != nil {
			return
		}
		seen := 0
		for _, p := range rep.Periods {
			for kind, mv := range map[churn.MovementKind]churn.Movement{
				churn.MovementNew: p.New, churn.MovementExpansion: p.Expansion, churn.MovementContraction: p.Contraction,
				churn.MovementChurn: p.Churn, churn.MovementReactivation: p.Reactivation,
			} {
				k := key{p.Label, kind}
				if counts[k] != mv.Count || !sums[k].Equal(mv.MRR.Amount()) {
					t.Fatalf("%s %s: the log has %d movements of %s, the report %d of %s", p.Label, kind, counts[k], sums[k], mv.Count, mv.MRR)
				}
				if counts[k] > 0 {
					seen++
				}
			}
		}
		if seen != len(counts) {
			t.Fatalf("the log has movements in %d period-kinds, the report in %d", len(counts), seen)
		}
	})
}
