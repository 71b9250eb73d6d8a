package success_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
)

// Fuzz targets for entry points that take typed values rather than
// documents: milestones, division and rounding, currency scanning, and fit
// assessment of fuzzed accounts. Each input runs under fuzzinput.Deadline,
// so an input that takes too long is reported as a failure.

// fuzzEast is a zone east of UTC, so dates cross day boundaries.
var fuzzEast = time.FixedZone("east", 14*60*60)

// fuzzTime draws a date: mostly around 2026, now and then zero, at either end
// of the years JSON can hold, or in another zone.
func fuzzTime(b *fuzzinput.Bytes) time.Time {
	switch k := b.Byte(); {
	case k < 12:
		return fuzzinput.Pick(b, time.Time{}, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC))
	default:
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k)*37*time.Hour + time.Duration(b.Byte())*time.Minute)
		if b.Bool() {
			at = at.In(fuzzEast)
		}
		return at
	}
}

func FuzzAssessMilestones(f *testing.F) {
	f.Add([]byte{200, 0, 1, 3, 0, 0, 1, 1, 0, 30, 1, 1, 2, 1, 5, 3, 40})
	f.Add([]byte{0, 0, 250, 4, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{100, 0, 1, 120, 0, 6, 0, 1, 1, 0, 1, 7, 1, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		start, asOf := fuzzTime(&b), fuzzTime(&b)
		n := int(b.Byte() % 12)
		ms := make([]success.Milestone, n)
		for i := range ms {
			ms[i] = success.Milestone{
				ID:       fuzzinput.Pick(&b, "kickoff", "integration", "ebr", "", "kickoff", "m"+string(rune('a'+i))),
				Name:     fuzzinput.Pick(&b, "Kick-off", "", "EBR"),
				Required: b.Bool(),
				DueAfterDays: fuzzinput.Pick(&b, int(b.Byte()), 0, 30*i, -1, success.MaxMilestoneDays,
					success.MaxMilestoneDays+1, math.MaxInt, math.MinInt),
			}
			if b.Bool() {
				ms[i].CompletedAt = fuzzTime(&b)
			}
		}
		j, err := success.AssessMilestones(ms, start, asOf)
		if err != nil {
			requireInvalid(t, err)
			return
		}
		if len(j.Milestones) != len(ms) {
			t.Fatalf("%d milestones assessed, %d given", len(j.Milestones), len(ms))
		}
		done, next := 0, ""
		for i, a := range j.Milestones {
			if err := a.Status.Validate(); err != nil {
				t.Fatal(err)
			}
			if a.Due.Before(start) {
				t.Fatalf("milestone %d due %v before the start %v", i, a.Due, start)
			}
			isDone := a.Status == success.MilestoneDone || a.Status == success.MilestoneDoneLate
			if isDone != (!ms[i].CompletedAt.IsZero() && !ms[i].CompletedAt.After(asOf)) {
				t.Fatalf("milestone %d status %s with completion %v as of %v", i, a.Status, ms[i].CompletedAt, asOf)
			}
			if isDone {
				done++
			} else if next == "" {
				next = a.ID
			}
			if a.Status == success.MilestoneOverdue && !asOf.After(a.Due) {
				t.Fatalf("milestone %d overdue as of %v, due %v", i, asOf, a.Due)
			}
		}
		if done != j.Done || next != j.Next {
			t.Fatalf("done %d next %q, want %d %q", j.Done, j.Next, done, next)
		}
		requireRoundTrip(t, j)
	})
}

// fuzzDecimal draws a decimal a host might build: small, from text, or with
// an extreme exponent or coefficient.
func fuzzDecimal(b *fuzzinput.Bytes, text string) decimal.Decimal {
	switch b.Byte() % 6 {
	case 0:
		if len(text) <= success.MaxAmountTextLen { // longer text is decimal's parsing cost, not ours
			if d, err := decimal.NewFromString(text); err == nil {
				return d
			}
		}
		return decimal.NewFromInt(int64(int8(b.Byte())))
	case 1:
		return decimal.New(int64(int16(uint16(b.Byte())<<8|uint16(b.Byte()))), int32(int8(b.Byte())))
	case 2:
		return decimal.New(int64(int8(b.Byte())), fuzzinput.Pick(b, int32(math.MaxInt32), math.MinInt32, 1e6, -1e6, 129, -129, 128, -128))
	case 3:
		return decimal.New(fuzzinput.Pick(b, int64(math.MaxInt64), math.MinInt64, 1e18, 3, 7), int32(int8(b.Byte())))
	default:
		return decimal.NewFromInt(int64(int8(b.Byte())))
	}
}

func FuzzMoneyDiv(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 0, 2}, "1200.50", int32(2))
	f.Add([]byte{3, 1, 2, 1, 5, 4}, "-2.5", int32(0))
	f.Add([]byte{2, 0, 2, 3, 0, 1}, "1e-12", int32(math.MaxInt32))
	f.Add([]byte{1, 9, 8, 7, 0, 3}, "0.000000000001", int32(-33))
	f.Fuzz(func(t *testing.T, data []byte, text string, places int32) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		m, err := success.NewMoney(fuzzDecimal(&b, text), "USD")
		if err != nil {
			m = success.MustMoney("1", "USD").Mul(fuzzDecimal(&b, text)) // host-grown, unchecked
		}
		divisor := fuzzDecimal(&b, text)
		r := success.Rounding(int(b.Byte()%8) - 1)
		q, err := m.Div(divisor, places, r)
		if err != nil {
			requireInvalid(t, err)
			if len(err.Error()) > 200 {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
			return
		}
		if q.Currency() != m.Currency() {
			t.Fatalf("currency %s became %s", m.Currency(), q.Currency())
		}
		if !q.Amount().Shift(places).IsInteger() {
			t.Fatalf("%s is not rounded to %d places", q.Amount(), places)
		}
		// diff = a - q·b is exact; the exact quotient x lies on the side of q
		// given by sign(diff)·sign(b), and |x - q| = |diff| / |b|.
		a, d := m.Amount(), divisor
		diff := a.Sub(q.Amount().Mul(d))
		side := diff.Sign() * d.Sign() // sign of x - q
		xSign := a.Sign() * d.Sign()
		unitB := d.Abs().Mul(decimal.New(1, -places)) // |b|·10^-places
		if diff.Abs().Cmp(unitB) >= 0 {
			t.Fatalf("%s / %s to %d places = %s: off by a unit or more", a, d, places, q.Amount())
		}
		half := diff.Abs().Mul(decimal.NewFromInt(2)).Cmp(unitB) // 2|x-q| against one unit
		ok := true
		switch r {
		case success.RoundDown:
			ok = side*xSign >= 0
		case success.RoundUp:
			ok = side*xSign <= 0
		case success.RoundFloor:
			ok = side >= 0
		case success.RoundCeiling:
			ok = side <= 0
		case success.RoundHalfUp, success.RoundHalfEven:
			ok = half <= 0
		}
		if !ok {
			t.Fatalf("%s / %s to %d places rounded %s = %s", a, d, places, r, q.Amount())
		}
		if d.Equal(decimal.NewFromInt(1)) {
			rq, err := m.Round(places, r)
			if err != nil || !rq.Equal(q) {
				t.Fatalf("Round = %v, %v; Div by 1 = %v", rq, err, q)
			}
		}
	})
}

func FuzzCurrencyScan(f *testing.F) {
	for _, s := range []string{"USD", "usd", "", "XYZ", "EURO", "JPY ", "alice@example.com", "\xff\xfe\xfd"} {
		f.Add(s, byte(0))
	}
	f.Add("USD", byte(1))
	f.Add("USD", byte(2))
	source := func(s string, as byte) any {
		switch as % 4 {
		case 1:
			return []byte(s)
		case 2:
			return nil
		case 3:
			return len(s)
		}
		return s
	}
	f.Fuzz(func(t *testing.T, s string, as byte) {
		defer fuzzinput.Deadline()()
		var c success.Currency
		if err := c.Scan(source(s, as)); err != nil {
			requireInvalid(t, err)
			if len(err.Error()) > 200 {
				t.Fatalf("error of %d bytes for a %d-byte code", len(err.Error()), len(s))
			}
			// Only a three-letter code may be quoted: any longer input that
			// shows in the error must show in the error for any input of
			// its length (it is part of the fixed wording).
			if len(s) > 3 && strings.Contains(err.Error(), s) {
				var other success.Currency
				if neutral := other.Scan(source(strings.Repeat("\x01", len(s)), as)); neutral == nil || neutral.Error() != err.Error() {
					t.Fatalf("error %q repeats the %d-byte input", err, len(s))
				}
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("scanned %q is invalid: %v", c, err)
		}
		v, err := c.Value()
		if err != nil {
			t.Fatal(err)
		}
		var back success.Currency
		if err := back.Scan(v); err != nil || back != c {
			t.Fatalf("round trip of %q: %q, %v", c, back, err)
		}
	})
}

// fuzzPersonal is the personal value fuzzed accounts carry; it must never
// appear in an error, a reason of a personal attribute, or a log value.
const fuzzPersonal = "alice.smith@example.com"

// fuzzProfile reads every kind of rule, marks contact and phone personal,
// and compares the built-in arr.
var fuzzProfile = success.Profile{ID: "icp", Personal: []string{"contact", "phone"}, Criteria: []success.Criterion{
	{ID: "size", Attribute: "employees", Weight: 3, Range: success.Between(50, 5000)},
	{ID: "industry", Attribute: "industry", Weight: 2, OneOf: []success.Value{success.StringValue("saas"), success.StringValue("fintech")}},
	{ID: "sso", Attribute: "sso", Weight: 1, Equals: ptr(success.BoolValue(true)), Disqualify: success.MustHave},
	{ID: "contact", Attribute: "contact", Weight: 1, Present: true},
	{ID: "contact-known", Attribute: "contact", Weight: 1, Equals: ptr(success.StringValue(fuzzPersonal))},
	{ID: "phone", Attribute: "phone", Weight: 1, OneOf: []success.Value{success.StringValue("+1 415 555 0100"), success.NumberValue(5550100)}},
	{ID: "arr", Attribute: "arr", Weight: 2, Range: success.Between(10000, 50000)},
	{ID: "arr-exact", Attribute: "arr", Weight: 1, Equals: ptr(success.NumberValue(12000))},
	{ID: "cur", Attribute: "arr_currency", Disqualify: success.MustNotHave, Equals: ptr(success.StringValue("JPY"))},
	{ID: "signed", Attribute: "signed", Weight: 1, Equals: ptr(success.TimeValue(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)))},
	{ID: "seg", Attribute: "segment", Weight: 1, Equals: ptr(success.StringValue("smb"))},
}}

// fuzzValue draws an attribute value of any kind, the personal value among
// the strings.
func fuzzValue(b *fuzzinput.Bytes) success.Value {
	switch b.Byte() % 6 {
	case 0:
		return success.StringValue(fuzzinput.Pick(b, fuzzPersonal, "saas", "", "+1 415 555 0100", strings.Repeat("x", 100)))
	case 1:
		return success.NumberValue(b.Float())
	case 2:
		return success.BoolValue(b.Bool())
	case 3:
		return success.TimeValue(fuzzTime(b))
	case 4:
		return success.Value{}
	default:
		return success.StringValue(fuzzPersonal)
	}
}

func FuzzProfileAssess(f *testing.F) {
	f.Add([]byte{1, 0, 0, 1, 2, 3, 4, 0, 5, 0, 1, 2, 3})
	f.Add([]byte{0, 5, 4, 4, 4, 3, 2, 1, 0, 6, 6, 6})
	f.Add([]byte{2, 3, 6, 1, 128, 100, 0, 0, 2, 1, 1, 3, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		a := success.Account{
			ID:      fuzzinput.Pick(&b, success.AccountID("acme"), "", "b"),
			Segment: fuzzinput.Pick(&b, "smb", "", "enterprise"),
			Stage:   fuzzinput.Pick(&b, success.StageAdoption, "", success.LifecycleStage(fuzzPersonal)),
		}
		amount := fuzzDecimal(&b, "12000.000000000001")
		cur := fuzzinput.Pick(&b, success.Currency("USD"), "JPY", "", success.Currency(fuzzPersonal))
		if m, err := success.NewMoney(amount, cur); err == nil {
			a.ARR = m
		} else if b.Bool() {
			a.ARR = success.MustMoney("1", "USD").Mul(amount) // host-grown, unchecked
		}
		names := []string{"employees", "industry", "sso", "contact", "phone", "signed", "arr", "segment", "other"}
		for n := b.Byte() % 10; n > 0; n-- {
			if a.Attributes == nil {
				a.Attributes = success.Attributes{}
			}
			a.Attributes[fuzzinput.Pick(&b, names...)] = fuzzValue(&b)
		}
		var logged bytes.Buffer
		slog.New(slog.NewJSONHandler(&logged, nil)).Info("fuzz", "account", a, "attributes", a.Attributes)
		if strings.Contains(logged.String(), "alice") {
			t.Fatalf("log carries the personal value: %s", logged.String())
		}
		fa, err := fuzzProfile.Assess(a)
		if err != nil {
			requireInvalid(t, err)
			if strings.Contains(err.Error(), "alice") {
				t.Fatalf("error carries the personal value: %v", err)
			}
			return
		}
		if !(fa.Score >= 0 && fa.Score <= 100) {
			t.Fatalf("score %v outside [0,100]", fa.Score)
		}
		within01(t, "unknown weight", fa.UnknownWeight)
		if err := fa.Verdict.Validate(); err != nil {
			t.Fatal(err)
		}
		if fa.Verdict == success.GoodFit && (fa.Score < fa.Threshold || len(fa.DisqualifiedBy) > 0) {
			t.Fatalf("good fit with score %v < %v or disqualified by %v", fa.Score, fa.Threshold, fa.DisqualifiedBy)
		}
		for _, c := range fa.Criteria {
			if (c.Attribute == "contact" || c.Attribute == "phone") && (strings.Contains(c.Reason, "alice") || strings.Contains(c.Reason, "555")) {
				t.Fatalf("reason of a personal attribute carries its value: %q", c.Reason)
			}
		}
		requireRoundTrip(t, fa)
		if _, err := json.Marshal(fa); err != nil {
			t.Fatal(err)
		}
	})
}
