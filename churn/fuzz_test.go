package churn_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// The fuzz targets feed every entry point that takes untrusted bytes or
// records arbitrary input and hold it to the package's promise: no panic,
// every error wraps a documented sentinel, and every success keeps its
// documented invariants (conservation, GRR <= 1) and encodes as JSON.

func FuzzLoadTaxonomy(f *testing.F) {
	f.Add(fuzzinput.RequireJSON(f, churn.DefaultTaxonomy()))
	f.Add([]byte(`[{"code":"price","controllable":true},{"code":"war","label":"War","controllable":false}]`))
	f.Add([]byte(`[{"code":"price","controllable":true},{"code":"price","controllable":false},{"code":"Bad Name","controllable":true},{"code":"x","colour":"red"},{"controllable":true},{"code":"budget_cut"}]`))
	f.Add([]byte(`[{"code":"price"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		tax, err := churn.LoadTaxonomy(bytes.NewReader(data))
		if err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid)
			return
		}
		out := fuzzinput.RequireJSON(t, tax)
		back, err := churn.LoadTaxonomy(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("a taxonomy it wrote does not load: %v\n%s", err, out)
		}
		if !slices.Equal(tax.Definitions(), back.Definitions()) {
			t.Fatalf("round trip changed the taxonomy:\n%v\n%v", tax.Definitions(), back.Definitions())
		}
		if _, err := churn.NewClassifier(nil, churn.ClassifyOptions{Taxonomy: tax}); err != nil {
			t.Fatalf("a loaded taxonomy makes no classifier: %v", err)
		}
	})
}

// fuzzClassifier has one flagged and one red account in its risk history.
var fuzzClassifier = func() *churn.Classifier {
	log, err := churn.NewRiskLog([]churn.RiskObservation{
		{Account: "flagged", At: feb1, Flagged: true},
		{Account: "red", At: mar1, BandRank: 1, Band: "red"},
	})
	if err != nil {
		panic(err)
	}
	c, err := churn.NewClassifier(log, churn.ClassifyOptions{AtRiskBandRank: 1})
	if err != nil {
		panic(err)
	}
	return c
}()

// An Event decoded from JSON either classifies into a valid quadrant with
// its evidence, or is reported.
func FuzzClassify(f *testing.F) {
	good := event("flagged", success.GoodFit, churn.ReasonProductGap)
	good.ID, good.Note, good.Products = "ev-1", "left for a rival", []string{"core"}
	f.Add(fuzzinput.RequireJSON(f, good))
	bad := event("red", success.BadFit, churn.ReasonBadFit)
	bad.NoticeDate, bad.AccountStart = mar1, jan1
	bad.LostARR = success.MustMoney("12000", "USD")
	f.Add(fuzzinput.RequireJSON(f, bad))
	f.Add([]byte(`{"account":"x","date":"2026-04-01T00:00:00Z","kind":"downgrade","initiator":"involuntary","lost_mrr":{"amount":"-1","currency":"EUR"},"reasons":[{"code":"nope"}]}`))
	f.Add([]byte(`{"account":"","date":"0001-01-01T00:00:00Z","notice_date":"2026-05-01T00:00:00Z","kind":"churn","lost_mrr":{"amount":"1","currency":"USD"},"lost_arr":{"amount":"1","currency":"EUR"},"reasons":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var e churn.Event
		if err := json.Unmarshal(data, &e); err != nil {
			return // encoding/json's, time's and the field types' own decoders
		}
		c, err := fuzzClassifier.Classify(context.Background(), e)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrCurrencyMismatch)
			return
		}
		if err := e.Validate(nil); err != nil {
			t.Fatalf("classified an event that fails Validate: %v", err)
		}
		if err := c.Quadrant.Validate(); err != nil {
			t.Fatalf("quadrant: %v", err)
		}
		want := map[[2]bool]churn.Quadrant{
			{true, false}: churn.AvoidableUnexpected, {true, true}: churn.AvoidableExpected,
			{false, false}: churn.UnavoidableUnexpected, {false, true}: churn.UnavoidableExpected,
		}[[2]bool{c.Avoidable, c.Expected}]
		if c.Quadrant != want {
			t.Fatalf("avoidable %v, expected %v, quadrant %s", c.Avoidable, c.Expected, c.Quadrant)
		}
		if c.Expected != (c.FirstRiskSignal != nil) {
			t.Fatalf("expected %v with first risk signal %v", c.Expected, c.FirstRiskSignal)
		}
		if c.LostARR.IsNegative() || len(c.Evidence) == 0 {
			t.Fatalf("lost ARR %v, evidence %v", c.LostARR, c.Evidence)
		}
		fuzzinput.RequireJSON(t, c)
		report, _, err := fuzzClassifier.Report(context.Background(), slices.Values([]churn.Event{e}))
		if err != nil {
			t.Fatalf("Report rejects an event Classify took: %v", err)
		}
		fuzzinput.RequireJSON(t, report)
	})
}

// fuzzMovementRows decodes MRR rows from bytes: a few accounts, periods
// around 2026 (some repeated, some out of order, some far off or in
// another time zone), amounts from decimal strings (the fuzzer's own
// amount among them) and currencies, some invalid.
func fuzzMovementRows(data []byte, amount string) iter.Seq[success.LedgerRow] {
	east := time.FixedZone("UTC+14", 14*3600)
	return func(yield func(success.LedgerRow) bool) {
		b := fuzzinput.Bytes(data)
		for len(b) > 0 {
			account := fuzzinput.Pick(&b, "a", "b", "c", "d", "")
			var period time.Time
			switch k := b.Byte(); {
			case k < 8:
				period = fuzzinput.Pick(&b, time.Time{}, time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2031, 12, 31, 23, 59, 59, 0, time.UTC))
			default:
				period = time.Date(2026, time.Month(1+int(k%36)), 1+int(b.Byte()%31), 0, 0, 0, 0, time.UTC)
				if b.Byte()%8 == 0 {
					period = period.In(east)
				}
			}
			amt := fuzzinput.Pick(&b, "0", "100", "250.5", "-1", "0.001", "1e20", "99999999999999999.99", amount, amount)
			currency := fuzzinput.Pick(&b, "USD", "USD", "USD", "EUR", "", "usd")
			mrr, err := success.ParseMoney(amt, currency)
			if err != nil {
				mrr = success.Money{}
			}
			if !yield(success.LedgerRow{Account: success.AccountID(account), Date: period, MRR: mrr}) {
				return
			}
		}
	}
}

// requireConservation checks what PeriodReport documents of every period.
func requireConservation(t *testing.T, rep *churn.RetentionReport) {
	t.Helper()
	prevEnd, prevCustomers := decimal.Zero, int64(0)
	for i, p := range rep.Periods {
		start, end := p.StartMRR.Amount(), p.EndMRR.Amount()
		if !start.Equal(prevEnd) || p.StartCustomers != prevCustomers {
			t.Fatalf("period %s starts at %s (%d customers), the one before ended at %s (%d)", p.Label, start, p.StartCustomers, prevEnd, prevCustomers)
		}
		gained := p.New.MRR.Amount().Add(p.Expansion.MRR.Amount()).Add(p.Reactivation.MRR.Amount())
		lost := p.Contraction.MRR.Amount().Add(p.Churn.MRR.Amount())
		if !start.Add(gained).Sub(lost).Equal(end) {
			t.Fatalf("period %s: %s + %s - %s != %s", p.Label, start, gained, lost, end)
		}
		if p.StartCustomers+p.New.Count+p.Reactivation.Count-p.Churn.Count != p.EndCustomers {
			t.Fatalf("period %s: customers %d + %d + %d - %d != %d", p.Label, p.StartCustomers, p.New.Count, p.Reactivation.Count, p.Churn.Count, p.EndCustomers)
		}
		for _, m := range []churn.Movement{p.New, p.Expansion, p.Contraction, p.Churn, p.Reactivation} {
			if m.MRR.IsNegative() || m.Count < 0 {
				t.Fatalf("period %s: negative movement %+v", p.Label, m)
			}
		}
		for _, ms := range []churn.Metrics{p.Metrics, p.Trailing} {
			grr, grrOK := ms.GRR.Float64()
			nrr, nrrOK := ms.NRR.Float64()
			if grrOK && (grr < 0 || grr > 1 || nrrOK && grr > nrr) {
				t.Fatalf("period %d %s: GRR %v, NRR %v", i, p.Label, grr, nrr)
			}
			if logo, ok := ms.LogoChurn.Float64(); ok && (logo < 0 || logo > 1) {
				t.Fatalf("period %s: logo churn %v", p.Label, logo)
			}
		}
		prevEnd, prevCustomers = end, p.EndCustomers
	}
	fuzzinput.RequireJSON(t, rep)
}

// Movements.Add takes any row or rejects it unchanged; the report conserves
// MRR and customers exactly; shards of disjoint accounts merge into the one
// pass; the state round-trips.
func FuzzMovementsAdd(f *testing.F) {
	f.Add([]byte{0, 10, 1, 1, 0, 1, 10, 1, 1, 0, 0, 11, 1, 2, 0, 1, 12, 1, 0, 0, 2, 12, 1, 1, 0}, "10")
	f.Add([]byte{0, 10, 1, 7, 0, 0, 10, 1, 7, 0, 0, 9, 1, 1, 3}, "1.005")
	f.Add([]byte{0, 0, 0, 1, 0, 4, 10, 1, 1, 0, 0, 10, 8, 1, 4}, "1e400")
	f.Add([]byte{0, 10, 1, 7, 0, 1, 10, 1, 7, 0}, "9223372036854775807")
	f.Fuzz(func(t *testing.T, data []byte, amount string) {
		defer fuzzinput.Deadline()()
		one, err := churn.NewMovements(churn.MovementOptions{Currency: "USD", TrailingPeriods: 3})
		if err != nil {
			t.Fatal(err)
		}
		shards := [2]*churn.Movements{}
		for i := range shards {
			shards[i], _ = churn.NewMovements(churn.MovementOptions{Currency: "USD", TrailingPeriods: 3})
		}
		for r := range fuzzMovementRows(data, amount) {
			err := one.Add(r)
			if err != nil {
				fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrCurrencyMismatch, churn.ErrOverflow)
			}
			shard := shards[len(r.Account)%2]
			if len(r.Account) > 0 && r.Account[0]%2 == 1 {
				shard = shards[1-len(r.Account)%2]
			}
			if shardErr := shard.Add(r); (shardErr == nil) != (err == nil) && !errors.Is(err, churn.ErrOverflow) {
				t.Fatalf("one pass says %v, a shard says %v", err, shardErr)
			}
		}
		rep, err := one.Report(time.Time{})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrOverflow)
			return
		}
		requireConservation(t, rep)
		want := fuzzinput.RequireJSON(t, rep)

		if err := shards[0].Merge(shards[1]); err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrOverflow)
		} else if merged, err := shards[0].Report(time.Time{}); err == nil {
			if got := fuzzinput.RequireJSON(t, merged); !bytes.Equal(want, got) {
				t.Fatalf("merged shards report\n%s\none pass reports\n%s", got, want)
			}
		}

		state, err := one.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary: %v", err)
		}
		var back churn.Movements
		if err := back.UnmarshalBinary(state); err != nil {
			t.Fatalf("a state it wrote does not read back: %v", err)
		}
		again, err := back.Report(time.Time{})
		if err != nil {
			t.Fatalf("the decoded state does not report: %v", err)
		}
		if got := fuzzinput.RequireJSON(t, again); !bytes.Equal(want, got) {
			t.Fatalf("the decoded state reports\n%s\nnot\n%s", got, want)
		}
	})
}

func FuzzMovementsUnmarshalBinary(f *testing.F) {
	m, err := churn.NewMovements(churn.MovementOptions{})
	if err != nil {
		f.Fatal(err)
	}
	for _, r := range []success.LedgerRow{row("a", month(1), "10"), row("b", month(1), "5"), row("a", month(2), "12"), row("b", month(3), "5")} {
		if err := m.Add(r); err != nil {
			f.Fatal(err)
		}
	}
	fuzzinput.AddState(f, m)
	var empty churn.Movements
	fuzzinput.AddState(f, &empty)
	f.Add([]byte("not gob"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var m churn.Movements
		if err := m.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid)
			return
		}
		rep, err := m.Report(time.Time{})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrOverflow)
		} else {
			requireConservation(t, rep)
		}
		// It keeps accepting rows and merging like any accumulator.
		if err := m.Add(success.LedgerRow{Account: "fuzz-new", Date: month(12), MRR: success.MustMoney("1", "USD")}); err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrCurrencyMismatch, churn.ErrOverflow)
		}
		var into churn.Movements
		if err := into.Merge(&m); err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid, churn.ErrCurrencyMismatch, churn.ErrOverflow)
		}
	})
}

// fuzzUsage decodes a usage record from bytes: series of points whose dates
// mostly ascend by a day or a week (with repeats, steps back and leaps) and
// whose counts include NaN, ±Inf, negatives and huge values.
func fuzzUsage(data []byte) (churn.Usage, time.Time, churn.SignalOptions) {
	b := fuzzinput.Bytes(data)
	u := churn.Usage{Account: fuzzinput.Pick(&b, success.AccountID("acct"), "acct", "")}
	u.Grain = fuzzinput.Pick(&b, success.Daily, success.Daily, success.Weekly, "", success.Monthly, "fortnight")
	start := day(1, 1)
	if b.Bool() {
		u.Start = start.AddDate(0, 0, int(b.Byte())-8)
	}
	asOf := start.AddDate(0, 0, int(b.Byte())+int(b.Byte()))
	var opts churn.SignalOptions
	if b.Byte()%4 == 0 {
		opts.DropOff = churn.DropOffRule{MinActive: int(int8(b.Byte())), SilentDays: int(int8(b.Byte())), FirstDays: int(int8(b.Byte()))}
		opts.Decline = churn.DeclineRule{WindowDays: int(int8(b.Byte())), MinDrop: b.Float(), MinBase: b.Float()}
		opts.NeverActivated = churn.NeverActivatedRule{WithinDays: int(int8(b.Byte()))}
		opts.SupportSpike = churn.SupportSpikeRule{WindowDays: int(int8(b.Byte())), BaselineDays: int(int8(b.Byte())), Multiple: b.Float(), MinTickets: b.Float()}
	}
	series := func() []churn.Point {
		n := int(b.Byte() % 64)
		at := start
		var out []churn.Point
		for range n {
			switch step := b.Byte(); {
			case step < 200:
				at = at.AddDate(0, 0, 1+int(step%8))
			case step < 240:
				at = at.AddDate(0, 0, -int(step%3))
			default:
				at = at.AddDate(0, 0, int(step)*30)
			}
			out = append(out, churn.Point{Date: at, Count: b.Float()})
		}
		return out
	}
	u.Activity, u.KeyActions, u.Tickets = series(), series(), series()
	if len(u.KeyActions) == 0 {
		u.KeyActions = nil
	}
	return u, asOf, opts
}

// DetectSignals reports bad series and otherwise raises signals whose
// figures are finite and whose dates are not after the as-of date.
func FuzzDetectSignals(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 1, 8, 60, 0, 1, 20, 0, 1, 64, 10, 0, 1, 64, 10, 0, 1, 64, 10, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 100, 100, 1, 30, 0, 64, 100, 0, 64, 100, 0, 64, 100, 0, 64, 1, 0, 64, 1, 0, 64, 1})
	f.Add([]byte{1, 2, 1, 0, 10, 10, 0, 20, 20, 20, 20, 0, 0, 128, 0, 0, 20, 0, 64, 1, 0, 0, 3, 0, 250, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		u, asOf, opts := fuzzUsage(data)
		signals, err := churn.DetectSignals(u, asOf, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, churn.ErrInvalid)
			return
		}
		for _, s := range signals {
			if err := s.Kind.Validate(); err != nil || s.Account != u.Account || !s.AsOf.Equal(asOf) || s.Since.After(asOf) {
				t.Fatalf("signal %+v for %s as of %s", s, u.Account, asOf)
			}
			for _, n := range s.Numbers {
				if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
					t.Fatalf("%s signal: %s = %v", s.Kind, n.Name, n.Value)
				}
			}
			if drop, ok := s.Number("drop"); ok && (drop < 0 || drop > 1) {
				t.Fatalf("decline drop %v", drop)
			}
			if s.Summary == "" {
				t.Fatalf("%s signal without a summary", s.Kind)
			}
		}
		fuzzinput.RequireJSON(t, signals)
		all, err := churn.DetectAll(slices.Values([]churn.Usage{u}), asOf, opts)
		if err != nil || len(all) != len(signals) {
			t.Fatalf("DetectAll gives %d signals and %v, DetectSignals %d", len(all), err, len(signals))
		}
	})
}
