package expansion_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// FuzzAssess builds inputs and options from the fuzzer's bytes (NaN, ±Inf,
// negative and huge quantities, NPS outside 0..10, purchases before the
// first sale) and requires Assess and Opportunities to answer without a
// panic: an error wrapping the sentinel, or an assessment within its bounds.
func FuzzAssess(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 200, 7, 9, 64, 100, 5, 1, 1, 0, 3})
	f.Add([]byte("\x00\xff\x80\x40\x10\x20\x30\x02\x05\x09\x0a\x0b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fuzzinput.Bytes(data)
		in := ready()
		in.DesiredOutcome.Outcomes[0].Status = fuzzinput.Pick(&b, statuses...)
		if b.Bool() {
			in.DesiredOutcome = nil
		}
		in.Fit = fuzzinput.Pick(&b, success.GoodFit, success.BadFit, "", "x")
		if b.Bool() {
			in.Health = nil
		} else {
			in.Health.Score = b.Float()
			in.Health.Band = fuzzinput.Pick(&b, expansion.Green, expansion.Red, "", "blue")
		}
		in.Entitlements = nil
		for i := range int(b.Byte() % 4) {
			in.Entitlements = append(in.Entitlements, expansion.Entitlement{ID: string(rune('a' + i%2)), Purchased: b.Float() * 1e6, Used: b.Float() * 1e6,
				Tier: fuzzinput.Pick(&b, "", "starter", "pro", "none")})
		}
		if b.Bool() {
			in.Advocacy.NPS = ptr(int(int8(b.Byte())))
		}
		if b.Bool() {
			in.SecondPurchase = ptr(b.Float())
		}
		in.Purchases.Later[0].At = t0.Add(time.Duration(int8(b.Byte())) * 24 * time.Hour)
		in.Risk.OpenPlay = b.Bool()
		opts := expansion.Options{StrongUtilisation: b.Float(), EarlyBoost: b.Float(), NurtureScore: b.Float()}
		day := asOf.AddDate(0, 0, int(int8(b.Byte())))
		a, err := expansion.Assess(in, day, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, expansion.ErrInvalid)
			return
		}
		if !(a.Score >= 0 && a.Score <= 100) || a.Level.Validate() != nil || math.IsNaN(a.KnownWeight) {
			t.Fatalf("assessment out of bounds: %+v", a)
		}
		fuzzinput.RequireJSON(t, a)
		p := prices()
		if _, err := p.Opportunities(in, a, opts); err != nil {
			fuzzinput.RequireSentinel(t, err, expansion.ErrInvalid, success.ErrCurrencyMismatch)
		}
	})
}

// FuzzInputJSON decodes an input and assesses it: strict decoding never
// panics and every error wraps the sentinel.
func FuzzInputJSON(f *testing.F) {
	seed, _ := json.Marshal(ready())
	f.Add(seed)
	f.Add([]byte(`{"account":{"id":"a"},"advocacy":{"nps":11},"entitlements":[{"id":"s","purchased":-1,"used":1e400}]}`))
	f.Add([]byte(`{"account":{"id":"a","start_date":"2026-01-01T00:00:00Z","stage":"adoption","arr":null},"purchases":{"later":[{"at":"2025-01-01T00:00:00Z","amount":{"amount":"1","currency":"USD"}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var in expansion.Input
		if err := json.Unmarshal(data, &in); err != nil {
			return // a syntax error is encoding/json's; strict problems wrap ErrInvalid (TestInputJSON)
		}
		if _, err := expansion.Assess(in, asOf, expansion.Options{}); err != nil {
			fuzzinput.RequireSentinel(t, err, expansion.ErrInvalid)
		}
	})
}

// FuzzBacktestState feeds forged states to UnmarshalBinary and Result.
func FuzzBacktestState(f *testing.F) {
	var a expansion.BacktestAccumulator
	_ = a.Add(btOutcome("a", 90, expansion.Ready, true, "5"))
	_ = a.Add(btOutcome("b", 10, expansion.NotReady, false, ""))
	seed, _ := a.MarshalBinary()
	f.Add(seed)
	f.Add([]byte(`{"kind":"expansion.backtest","version":1,"state":{"rows":[{"account":"a","score":1,"level":"ready","expanded":true,"gained":"1e40"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a expansion.BacktestAccumulator
		if err := a.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, expansion.ErrInvalid)
			return
		}
		if _, err := a.Result(); err != nil {
			fuzzinput.RequireSentinel(t, err, expansion.ErrInvalid, expansion.ErrEmpty)
		}
	})
}
