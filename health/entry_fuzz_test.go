package health_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
)

// The targets of this file cover the entry points issue 17 found without
// one: trends, outcomes from history, weight fitting, the reusable scoring
// forms, explanations and the strict records.

// fuzzTimes are the instants the history targets favour: ordinary dates,
// the zero time, and the ends of what time.Duration can span.
var fuzzTimes = []time.Time{t0, t1, t0.Add(-time.Nanosecond), t0.Add(time.Nanosecond), {},
	time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	t0.Add(-math.MaxInt64), t0.Add(math.MaxInt64), time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("x", 14*3600))}

// fuzzDurations are the windows and horizons the history targets favour.
var fuzzDurations = []time.Duration{7 * 24 * time.Hour, 24 * time.Hour, time.Nanosecond, 0, -time.Hour, math.MaxInt64, math.MinInt64, 365 * 24 * time.Hour}

// fuzzTime reads an instant: one of fuzzTimes or t0 moved by a few hours.
func fuzzTime(b *fuzzinput.Bytes) time.Time {
	if b.Byte()%2 == 0 {
		return fuzzinput.Pick(b, fuzzTimes...)
	}
	return t0.Add(time.Duration(int8(b.Byte())) * time.Hour)
}

// fuzzHistory reads scores of mostly one account, available or not, with
// any value.
func fuzzHistory(b *fuzzinput.Bytes) []health.Score {
	var scores []health.Score
	for len(*b) > 0 && len(scores) < 32 {
		s := snap(fuzzinput.Pick(b, "a", "a", "a", "b"), fuzzTime(b), b.Float())
		s.Available = b.Byte()%8 != 0
		if !s.Available {
			s.Band, s.ReportedBand, s.Confident = "", "", false
		}
		scores = append(scores, s)
	}
	return scores
}

// ComputeTrend and StoreTrend take any history and give a trend whose
// direction follows its change and threshold, with finite figures, or an
// error wrapping a sentinel.
func FuzzComputeTrend(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 0, 64, 100, 1, 1, 1, 64, 20, 1, 0, 1, 5, 64, 50, 1})
	f.Add([]byte{2, 0, 3, 1, 0, 0, 1, 2, 0, 1, 0, 1, 0, 0, 0}) // NaN, a second account
	f.Add([]byte{5, 4, 7, 0, 7, 64, 100, 1, 0, 8, 64, 0, 1})   // the ends of time
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		asOf := fuzzTime(&b)
		window := fuzzinput.Pick(&b, fuzzDurations...)
		opts := health.TrendOptions{Threshold: fuzzinput.Pick(&b, 0, 5, 0.5, -1, math.NaN(), math.Inf(1), 1e-300)}
		scores := fuzzHistory(&b)
		tr, err := health.ComputeTrend(scores, asOf, window, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrMismatch)
		} else {
			requireTrend(t, tr, opts, len(scores))
		}

		st := health.NewMemoryStore()
		for _, s := range scores {
			_, _ = st.Append(context.Background(), s) // a store holds only valid scores
		}
		tr, err = health.StoreTrend(context.Background(), st, "a", asOf, window, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrMismatch)
			return
		}
		requireTrend(t, tr, opts, len(scores))
	})
}

func requireTrend(t *testing.T, tr health.Trend, opts health.TrendOptions, n int) {
	t.Helper()
	if err := tr.Direction.Validate(); err != nil {
		t.Fatalf("direction: %v", err)
	}
	if tr.Points < 0 || tr.Unavailable < 0 || tr.Points+tr.Unavailable > n {
		t.Fatalf("%d points and %d unavailable of %d scores", tr.Points, tr.Unavailable, n)
	}
	if math.IsNaN(tr.SlopePerDay) || math.IsInf(tr.SlopePerDay, 0) || !(math.Abs(tr.Change) <= 100) {
		t.Fatalf("slope %v, change %v", tr.SlopePerDay, tr.Change)
	}
	threshold := opts.Threshold
	if threshold == 0 {
		threshold = 5
	}
	want := health.TrendUnknown
	switch {
	case tr.Points < 2:
	case tr.Change > threshold:
		want = health.TrendUp
	case tr.Change < -threshold:
		want = health.TrendDown
	default:
		want = health.TrendFlat
	}
	if tr.Direction != want {
		t.Fatalf("direction %s for change %v and threshold %v with %d points", tr.Direction, tr.Change, threshold, tr.Points)
	}
	fuzzinput.RequireJSON(t, tr)
}

// OutcomeAsOf takes any history, dates, horizon and ARR and gives the
// latest score as of the date with churn inside the horizon, or an error
// wrapping a sentinel.
func FuzzOutcomeAsOf(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 1, 1, 0, 1, 0, 64, 100, 1, 1, 1, 64, 20, 1})
	f.Add([]byte{1, 2, 4, 0, 4, 5, 1, 0, 64, 50, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		asOf := fuzzTime(&b)
		horizon := fuzzinput.Pick(&b, fuzzDurations...)
		churnedAt := fuzzTime(&b)
		if b.Bool() {
			churnedAt = time.Time{}
		}
		arr := fuzzinput.Pick(&b, success.Money{}, success.MustMoney("10", "USD"), success.MustMoney("0", "EUR"))
		st := health.NewMemoryStore()
		for _, s := range fuzzHistory(&b) {
			_, _ = st.Append(context.Background(), s)
		}
		o, err := health.OutcomeAsOf(context.Background(), st, "a", asOf, horizon, churnedAt, arr)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrNotFound)
			return
		}
		if o.Score.Account != "a" || o.Score.AsOf.After(asOf) {
			t.Fatalf("score of %q as of %s for account a as of %s", o.Score.Account, o.Score.AsOf, asOf)
		}
		if err := o.Score.Validate(); err != nil {
			t.Fatalf("the store returned an invalid score: %v", err)
		}
		if o.Churned && (churnedAt.IsZero() || !churnedAt.After(asOf)) {
			t.Fatalf("churned at %s counted for a backtest as of %s", churnedAt, asOf)
		}
		fuzzinput.RequireJSON(t, o)
	})
}

// fuzzValues reads one input per measure of fuzzPlan, of any kind.
func fuzzValues(b *fuzzinput.Bytes) []success.Value {
	values := make([]success.Value, len(fuzzPlan.MeasureIDs()))
	for i := range values {
		switch b.Byte() % 5 {
		case 0: // missing
		case 1:
			values[i] = success.BoolValue(b.Bool())
		case 2:
			values[i] = success.StringValue(fuzzinput.Pick(b, "pro", "enterprise", "starter", "", "gold"))
		default:
			values[i] = success.NumberValue(b.Float())
		}
	}
	return values
}

// fuzzOverride reads no override, or one of any value, band and dates.
func fuzzOverride(b *fuzzinput.Bytes) *health.Override {
	switch b.Byte() % 4 {
	case 0:
		return nil
	case 1:
		v := b.Float()
		return &health.Override{Value: &v, Author: "csm", Reason: "r", Set: fuzzTime(b), Expires: fuzzTime(b)}
	default:
		return &health.Override{Band: fuzzinput.Pick(b, "red", "yellow", "green", "", "purple"), Author: fuzzinput.Pick(b, "csm", ""), Reason: "r", Expires: fuzzTime(b)}
	}
}

// ScoreInto and ScoreValues, into a destination reused from an earlier
// score, give exactly what Score gives for the same inputs, or the same
// error.
func FuzzScoreValues(f *testing.F) {
	f.Add([]byte{}, []byte{})
	f.Add([]byte{3, 64, 100, 1, 1, 2, 0, 3, 128, 30, 4, 0, 1, 1, 3, 64, 4, 0}, []byte{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 1})
	f.Add([]byte{4, 0, 4, 1, 4, 2, 1, 0, 2, 3, 0, 0, 0, 0, 1, 1, 64, 100}, []byte{2, 0, 4})
	f.Fuzz(func(t *testing.T, first, second []byte) {
		defer fuzzinput.Deadline()()
		p := fuzzPlan
		ids := p.MeasureIDs()
		var reused health.Score
		b := fuzzinput.Bytes(first)
		if err := p.ScoreValues(&reused, "earlier", fuzzValues(&b), t1, health.ScoreOptions{Override: fuzzOverride(&b)}); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
		}
		b = fuzzinput.Bytes(second)
		values := fuzzValues(&b)
		opts := health.ScoreOptions{Override: fuzzOverride(&b)}
		in := health.Inputs{}
		for i, v := range values {
			if v.Kind() != success.KindNone || b.Bool() { // a zero Value is missing whether listed or not
				in[ids[i]] = v
			}
		}
		want, wantErr := p.Score("acct", in, t0, opts)
		into := reused.Clone()
		intoErr := p.ScoreInto(&into, "acct", in, t0, opts)
		valuesErr := p.ScoreValues(&reused, "acct", values, t0, opts)
		for _, got := range []struct {
			name  string
			score health.Score
			err   error
		}{{"ScoreInto", into, intoErr}, {"ScoreValues", reused, valuesErr}} {
			if (got.err == nil) != (wantErr == nil) {
				t.Fatalf("%s says %v, Score says %v", got.name, got.err, wantErr)
			}
			if got.err != nil {
				fuzzinput.RequireSentinel(t, got.err, health.ErrInvalid)
				continue
			}
			requireScoreBounds(t, p, got.score)
			a, b := fuzzinput.RequireJSON(t, got.score), fuzzinput.RequireJSON(t, want)
			if string(a) != string(b) {
				t.Fatalf("%s gives\n%s\nScore gives\n%s", got.name, a, b)
			}
		}
	})
}

// Explain takes any two scores of fuzzPlan and lists effects that add up to
// the change, or returns an error wrapping a sentinel.
func FuzzExplain(f *testing.F) {
	f.Add([]byte{}, []byte{})
	f.Add([]byte{3, 64, 100, 1, 1, 2, 0, 3, 128, 30, 4, 0, 1, 1, 3, 64, 4, 0}, []byte{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 1})
	f.Fuzz(func(t *testing.T, first, second []byte) {
		defer fuzzinput.Deadline()()
		score := func(data []byte, account success.AccountID) (health.Score, bool) {
			b := fuzzinput.Bytes(data)
			var s health.Score
			asOf := fuzzTime(&b)
			err := fuzzPlan.ScoreValues(&s, account, fuzzValues(&b), asOf, health.ScoreOptions{})
			return s, err == nil
		}
		account := success.AccountID("a")
		if len(second) > 0 && second[0] == 7 {
			account = "b"
		}
		before, ok1 := score(first, "a")
		after, ok2 := score(second, account)
		if !ok1 || !ok2 {
			return
		}
		c, err := health.Explain(before, after)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrMismatch)
			return
		}
		sum := 0.0
		for _, m := range c.Measures {
			sum += m.Effect
		}
		if d := math.Abs(sum - c.Delta); d > 1e-9 {
			t.Fatalf("effects add up to %v, delta is %v", sum, c.Delta)
		}
		fuzzinput.RequireJSON(t, c)
	})
}

// FitWeights takes outcomes scored by the plan (some by another scorecard,
// some with missing inputs), any churn and any options, and gives a fit
// whose proposed scorecard compiles and whose figures are finite, or an
// error wrapping a sentinel.
func FuzzFitWeights(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{0, 3, 64, 100, 1, 1, 2, 0, 3, 128, 30, 4, 0, 1, 1, 3, 64, 4, 0, 1, 1, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 1, 0, 3, 128, 90, 3, 128, 10, 1, 1}, uint8(0))
	f.Add([]byte{1, 3, 128, 10, 1, 1, 2, 2, 3, 128, 80, 0, 3, 128, 20, 1, 0, 0, 3, 128, 5, 1, 1, 2, 3, 128, 95, 0, 0, 2}, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, optsByte uint8) {
		defer fuzzinput.Deadline()()
		p := fuzzPlan
		b := fuzzinput.Bytes(data)
		var train, test []health.Outcome
		for len(b) > 0 && len(train)+len(test) < 40 {
			toTest := b.Byte()%4 == 0
			var s health.Score
			if err := p.ScoreValues(&s, success.AccountID("acct"), fuzzValues(&b), t0, health.ScoreOptions{}); err != nil {
				continue
			}
			if b.Byte()%16 == 0 {
				s.ScorecardID = "another"
			}
			o := health.Outcome{Score: s, Churned: b.Bool(), ARR: success.MustMoney("1", "USD")}
			if toTest {
				test = append(test, o)
			} else {
				train = append(train, o)
			}
		}
		ob := fuzzinput.Bytes{optsByte, optsByte >> 2, optsByte >> 4}
		opts := health.WeightFitOptions{
			L2:            fuzzinput.Pick(&ob, 0, 1e-6, 10, -1, math.NaN(), math.Inf(1)),
			Tolerance:     fuzzinput.Pick(&ob, 0, 1e-3, 1e-300, -1),
			MaxIterations: fuzzinput.Pick(&ob, 0, 1, 3, 1000, -1),
		}
		fit, err := health.FitWeights(p, train, test, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrMismatch, health.ErrNotConverged)
			return
		}
		if _, err := health.Compile(fit.Proposed); err != nil {
			t.Fatalf("the proposed scorecard does not compile: %v", err)
		}
		for _, c := range append(fit.Coefficients, fit.Intercept) {
			if math.IsNaN(c.Estimate) || math.IsInf(c.Estimate, 0) || math.IsNaN(c.StdErr) {
				t.Fatalf("coefficient %+v", c)
			}
		}
		if fit.TestAccounts > 0 {
			requireUnit(t, "original AUC", fit.TestAUCOriginal)
			requireUnit(t, "proposed AUC", fit.TestAUCProposed)
		}
		fuzzinput.RequireJSON(t, fit)
	})
}

// The strict records a host decodes (outcomes, portfolio entries,
// overrides, inputs) take any bytes: an error wraps ErrInvalid, and what
// decodes encodes and decodes again to the same value.
func FuzzRecordsUnmarshalJSON(f *testing.F) {
	for _, doc := range []string{
		`{"score": {"account": "a", "scorecard_id": "c", "as_of": "2026-03-01T00:00:00Z", "available": true, "value": 50}, "churned": true, "arr": {"amount": "10", "currency": "USD"}}`,
		`{"author": "csm", "reason": "r", "value": 80, "expires": "2026-04-01T00:00:00Z"}`,
		`{"m1": 5, "m2": true, "m3": "gold", "m4": null}`,
		`{"author": 5, "band": "x", "band": "y"}`, `null`, `[]`, `{"arr": {"amount": "1e99999", "currency": "USD"}}`,
		`{"account": "a", "scorecard_id": "c", "as_of": "2026-03-01T00:00:00Z", "measures": [{"id": "m1", "group": "g", "input": 3, "points": 30, "weight": 0.5, "effective_weight": 1},` +
			` {"id": "m2", "missing": true, "weight": 0.5, "effective_weight": 0}], "groups": [{"id": "g", "weight": 1, "effective_weight": 1, "contribution": 30}], "missing": ["m2"]}`,
	} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		roundTrip := func(name string, v any, again any) {
			if err := json.Unmarshal(data, v); err != nil {
				var syntax *json.SyntaxError
				if !errors.As(err, &syntax) { // encoding/json checks syntax before UnmarshalJSON runs
					fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
				}
				return
			}
			out := fuzzinput.RequireJSON(t, v)
			if err := json.Unmarshal(out, again); err != nil {
				t.Fatalf("%s: what decoded does not decode after encoding: %v\n%s", name, err, out)
			}
			if back := fuzzinput.RequireJSON(t, again); string(back) != string(out) {
				t.Fatalf("%s: %s reads back as %s", name, out, back)
			}
		}
		roundTrip("score", new(health.Score), new(health.Score))
		roundTrip("outcome", new(health.Outcome), new(health.Outcome))
		roundTrip("portfolio entry", new(health.PortfolioEntry), new(health.PortfolioEntry))
		roundTrip("override", new(health.Override), new(health.Override))
		roundTrip("inputs", new(health.Inputs), new(health.Inputs))
	})
}

// SummarizePortfolio takes any entries (scores of any value, band and
// override, ARR in a few currencies) and either reports the first bad one
// or gives a summary whose counts add up and whose figures are in range;
// adding the same entries one by one gives the same summary.
func FuzzSummarizePortfolio(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 1, 100, 50, 0, 1, 0, 0, 2, 1, 100, 200, 1, 0, 1, 0, 3, 1, 100, 20, 2, 1, 1, 0})
	f.Add([]byte{1, 0, 0, 3, 1, 1, 0, 2, 1, 100, 40, 5, 2, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		var entries []health.PortfolioEntry
		for len(b) > 0 && len(entries) < 64 {
			s := snap(fuzzinput.Pick(&b, "a", "b", "c", "d", "e", "f", "g", ""), t0, b.Float())
			s.Band = fuzzinput.Pick(&b, "red", "yellow", "green", "", "blue")
			s.ReportedValue, s.ReportedBand = s.Value, s.Band
			s.Available = b.Byte()%8 != 0
			s.Confident = s.Available && b.Bool()
			if o := fuzzOverride(&b); o != nil {
				s.Override = o
				if o.Value != nil {
					s.ReportedValue = *o.Value
				} else {
					s.ReportedBand = o.Band
				}
			}
			amount := fuzzinput.Pick(&b, "0", "1000", "-5", "0.01", "999999999999999999", "0.000000000001")
			arr, err := success.ParseMoney(amount, fuzzinput.Pick(&b, "USD", "USD", "EUR", ""))
			if err != nil {
				arr = success.Money{}
			}
			entries = append(entries, health.PortfolioEntry{Score: s, ARR: arr})
		}
		sum, err := health.SummarizePortfolio(func(yield func(health.PortfolioEntry) bool) {
			for _, e := range entries {
				if !yield(e) {
					return
				}
			}
		}, health.DefaultBands())
		var a health.PortfolioAccumulator
		var addErr error
		for _, e := range entries {
			if addErr = a.Add(e); addErr != nil {
				break
			}
		}
		if (err == nil) != (addErr == nil) {
			t.Fatalf("SummarizePortfolio says %v, Add says %v", err, addErr)
		}
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrDuplicate, health.ErrCurrencyMismatch)
			return
		}
		requirePortfolioResult(t, &a)
		if got, want := fuzzinput.RequireJSON(t, a.Result(health.DefaultBands())), fuzzinput.RequireJSON(t, sum); string(got) != string(want) {
			t.Fatalf("Add gives %s, SummarizePortfolio %s", got, want)
		}
		if sum.Count != len(entries) {
			t.Fatalf("%d entries counted as %d", len(entries), sum.Count)
		}
	})
}

// A MemoryStore takes any scores in any order: Range returns the account's
// scores in the half-open range oldest first, Latest the newest at or before
// the date, and every error wraps a sentinel.
func FuzzMemoryStore(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 0, 64, 100, 1, 1, 1, 64, 20, 1, 0, 1, 5, 64, 50, 1, 3, 4})
	f.Add([]byte{5, 4, 7, 0, 7, 64, 100, 1, 0, 8, 64, 0, 1, 2, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		ctx := context.Background()
		st := health.NewMemoryStore()
		stored := 0
		for _, s := range fuzzHistory(&b) {
			got, err := st.Append(ctx, s)
			if err != nil {
				fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrDuplicate)
				continue
			}
			stored++
			if got.ID.Version() != 7 || got.Account != s.Account || !got.AsOf.Equal(s.AsOf) {
				t.Fatalf("stored %+v as %+v", s, got)
			}
		}
		from, to := fuzzTime(&b), fuzzTime(&b)
		scores, err := st.Range(ctx, "a", from, to)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
		}
		if len(scores) > stored {
			t.Fatalf("%d scores in range, %d stored", len(scores), stored)
		}
		for i, s := range scores {
			if s.Account != "a" || s.AsOf.Before(from) || !s.AsOf.Before(to) || i > 0 && !scores[i-1].AsOf.Before(s.AsOf) {
				t.Fatalf("Range(%s, %s) returned score %d as of %s", from, to, i, s.AsOf)
			}
		}
		asOf := fuzzTime(&b)
		latest, err := st.Latest(ctx, "a", asOf)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrNotFound)
			return
		}
		if latest.Account != "a" || latest.AsOf.After(asOf) {
			t.Fatalf("Latest as of %s returned %s as of %s", asOf, latest.Account, latest.AsOf)
		}
	})
}

// A SetPlan scores any account, whatever its segment and stage, with the
// scorecard its rules choose, or returns an error wrapping ErrInvalid.
func FuzzSetPlanScore(f *testing.F) {
	f.Add("enterprise", "onboarding", "acct", []byte{})
	f.Add("", "", "", []byte{3, 64, 100, 1, 1, 2, 0})
	f.Add("smb", "renewal", "a", []byte{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 1})
	smb, ent := smallCard(), benchCard()
	smb.ID, ent.ID = "smb", "ent"
	sp, err := health.CompileSet(health.Set{
		Scorecards: []health.Scorecard{smb, ent},
		Rules:      []health.Rule{{Segment: "enterprise", Stage: success.StageOnboarding, Scorecard: "ent"}},
		Default:    "smb",
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, segment, stage, id string, data []byte) {
		defer fuzzinput.Deadline()()
		a := success.Account{ID: success.AccountID(id), Segment: segment, Stage: success.LifecycleStage(stage)}
		p := sp.For(a)
		b := fuzzinput.Bytes(data)
		in := health.Inputs{}
		for _, mid := range p.MeasureIDs() {
			switch b.Byte() % 4 {
			case 0:
			case 1:
				in[mid] = success.BoolValue(b.Bool())
			case 2:
				in[mid] = success.StringValue(fuzzinput.Pick(&b, "pro", "gold", "silver", ""))
			default:
				in[mid] = success.NumberValue(b.Float())
			}
		}
		s, err := sp.Score(a, in, t0, health.ScoreOptions{})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			return
		}
		if s.ScorecardID != p.Scorecard().ID || s.Account != a.ID {
			t.Fatalf("scored %q with %q, For chose %q", s.Account, s.ScorecardID, p.Scorecard().ID)
		}
		requireScoreBounds(t, p, s)
	})
}
