package health_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"testing"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
)

// The fuzz targets feed every entry point that takes untrusted bytes or
// records arbitrary input and hold it to the package's promise: no panic,
// every error wraps a documented sentinel, and every success is within its
// documented bounds and encodes as JSON.

var fuzzFuncs = health.LoadOptions{Funcs: map[string]health.PointsFunc{"nps": npsFunc}}

func requireUnit(t *testing.T, name string, x float64) {
	t.Helper()
	if !(x >= 0 && x <= 1) {
		t.Fatalf("%s = %v, want within 0..1", name, x)
	}
}

func requirePoints(t *testing.T, name string, x float64) {
	t.Helper()
	if !(x >= 0 && x <= 100) {
		t.Fatalf("%s = %v, want within 0..100", name, x)
	}
}

func seedDocuments(f *testing.F, docs ...string) {
	for _, d := range docs {
		f.Add([]byte(d))
	}
}

func FuzzLoadScorecard(f *testing.F) {
	seedDocuments(f, validJSON, ``, `[]`, `{"id": "x"} {}`, `{"id": 1,`,
		`{"id": "x", "measures": [{"id": "m", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}]}`,
		`{"id": "x", "name": null, "version": 1e3, "measures": [{"id": "m", "weight": 1e400, "subjective": "yes", "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}]}`,
		string(fuzzinput.RequireJSON(f, benchCard())), string(fuzzinput.RequireJSON(f, smallCard())))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		sc, err := health.LoadScorecard(bytes.NewReader(data), fuzzFuncs)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			return
		}
		p, err := health.Compile(sc)
		if err != nil {
			t.Fatalf("a loaded scorecard does not compile: %v", err)
		}
		// Round trip: what was loaded writes out and loads back the same.
		out := fuzzinput.RequireJSON(t, sc)
		again, err := health.LoadScorecard(bytes.NewReader(out), fuzzFuncs)
		if err != nil {
			t.Fatalf("reloading %s: %v", out, err)
		}
		if out2 := fuzzinput.RequireJSON(t, again); !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the scorecard:\n%s\n%s", out, out2)
		}
		// The loader reads each group from an index of the document; the
		// tree of IDs it built is the one encoding/json sees.
		if got, want := idTree(t, out), idTree(t, data); got != want {
			t.Fatalf("loaded tree %s, document tree %s", got, want)
		}
		// With no inputs the missing-input policy decides; it never panics.
		s, err := p.Score("acct", nil, t0, health.ScoreOptions{})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			return
		}
		requireScoreBounds(t, p, s)
	})
}

// idTree writes the IDs of a scorecard document's measures and groups, as
// encoding/json reads them, in document order.
func idTree(t *testing.T, doc []byte) string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("encoding/json cannot read %s: %v", doc, err)
	}
	var walk func(v map[string]any) string
	walk = func(v map[string]any) string {
		out := fmt.Sprintf("%v[", v["id"])
		for _, key := range []string{"measures", "groups"} {
			items, _ := v[key].([]any)
			for _, item := range items {
				m, _ := item.(map[string]any)
				if key == "groups" {
					out += "g:" + walk(m) + ","
				} else {
					out += fmt.Sprintf("m:%v,", m["id"])
				}
			}
		}
		return out + "]"
	}
	return walk(v)
}

func FuzzLoadSet(f *testing.F) {
	seedDocuments(f,
		`{"scorecards": [`+validJSON+`], "rules": [{"segment": "smb", "scorecard": "smb"}], "default": "smb"}`,
		`{"scorecards": [{"id": "x", "measures": []}], "rules": [{"segment": "a", "scorecard": "y"}], "default": "x", "more": 1}`,
		`{"scorecards": [], "default": "smb", "extra": 1}`, `null`)
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		s, err := health.LoadSet(bytes.NewReader(data), fuzzFuncs)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			return
		}
		sp, err := health.CompileSet(s)
		if err != nil {
			t.Fatalf("a loaded set does not compile: %v", err)
		}
		fuzzinput.RequireJSON(t, s)
		for _, a := range []success.Account{{ID: "a"}, {ID: "b", Segment: "smb", Stage: success.StageOnboarding}} {
			if sp.For(a) == nil {
				t.Fatalf("no plan for %+v", a)
			}
		}
	})
}

// Scorecard.UnmarshalJSON is LoadScorecard without host functions.
func FuzzScorecardUnmarshalJSON(f *testing.F) {
	seedDocuments(f, validJSON, string(fuzzinput.RequireJSON(f, benchCard())), `{"id":"x"}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var sc health.Scorecard
		err := json.Unmarshal(data, &sc)
		_, loadErr := health.LoadScorecard(bytes.NewReader(data), health.LoadOptions{})
		if (err == nil) != (loadErr == nil) {
			t.Fatalf("json.Unmarshal says %v, LoadScorecard says %v", err, loadErr)
		}
		if err != nil {
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) { // encoding/json checks syntax before UnmarshalJSON runs
				fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			}
			return
		}
		if _, err := health.Compile(sc); err != nil {
			t.Fatalf("an unmarshalled scorecard does not compile: %v", err)
		}
	})
}

// A Score decoded from JSON either fails Validate or is one a store and the
// accumulators can take.
func FuzzScoreUnmarshalJSON(f *testing.F) {
	p := mustCompile(f, benchCard())
	s, err := p.Score("acct", benchInputs(), t0, health.ScoreOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fuzzinput.RequireJSON(f, s))
	f.Add(fuzzinput.RequireJSON(f, snap("a", t1, 55)))
	f.Add([]byte(`{"account":"a","scorecard_id":"c","as_of":"2026-03-01T00:00:00Z","available":true,"value":101}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var s health.Score
		if err := json.Unmarshal(data, &s); err != nil {
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) { // malformed JSON is encoding/json's own error
				fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			}
			return
		}
		if err := s.Validate(); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			return
		}
		fuzzinput.RequireJSON(t, s)
		if _, err := health.Explain(s, s); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrMismatch)
		}
		arr := success.MustMoney("10", "USD")
		if _, err := health.Backtest(slices.Values([]health.Outcome{{Score: s, ARR: arr}}), health.DefaultBands()); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrEmpty) // ErrEmpty: an unavailable score alone
		}
		if _, err := health.SummarizePortfolio(slices.Values([]health.PortfolioEntry{{Score: s, ARR: arr}}), health.DefaultBands()); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
		}
	})
}

func FuzzBacktestAccumulatorUnmarshalBinary(f *testing.F) {
	var b health.BacktestAccumulator
	if err := b.AddAll(slices.Values(twenty())); err != nil {
		f.Fatal(err)
	}
	fuzzinput.AddState(f, &b)
	f.Add([]byte(`{"kind":"health.backtest","version":1,"state":{"currency":"USD","rows":[{"account":"","value":101,"band":"red","churned":true,"arr":"-1"}],"unavailable":[]}}`))
	f.Add([]byte(`{"kind":"health.backtest","version":1,"state":{"currency":"USD","rows":[],"unavailable":[{"account":"a","churned":true},{"account":"a","churned":false}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var a health.BacktestAccumulator
		if err := a.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			return
		}
		requireBacktestAccumulator(t, &a)
	})
}

// requireMergeable checks that a valid state merges into an empty
// accumulator, and that merging it into a copy of itself is rejected as
// counting its accounts twice (unless it has none).
func requireMergeable[A any, P interface {
	*A
	Merge(*A) error
	MarshalBinary() ([]byte, error)
}](t *testing.T, copyOf, a P, hasAccounts bool) {
	t.Helper()
	var empty P = new(A)
	if err := empty.Merge(a); err != nil {
		t.Fatalf("merging a valid state into an empty one: %v", err)
	}
	if err := copyOf.Merge(a); hasAccounts && !errors.Is(err, health.ErrDuplicate) {
		t.Fatalf("merging a state into its copy: got %v, want ErrDuplicate", err)
	}
}

// requireBacktestAccumulator checks a valid state round-trips, merges and
// reports within bounds.
func requireBacktestAccumulator(t *testing.T, a *health.BacktestAccumulator) {
	t.Helper()
	state, err := a.MarshalBinary()
	if err != nil {
		t.Fatalf("MarshalBinary: %v", err)
	}
	var back health.BacktestAccumulator
	if err := back.UnmarshalBinary(state); err != nil {
		t.Fatalf("a state it wrote does not read back: %v\n%s", err, state)
	}
	requireMergeable(t, &back, a, bytes.Contains(state, []byte(`"account":`)))
	r, err := a.Result(health.DefaultBands())
	if err != nil {
		fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrEmpty)
		return
	}
	fuzzinput.RequireJSON(t, r)
	requireUnit(t, "churn rate", r.ChurnRate)
	if r.Accounts > 0 && r.Churned > 0 && r.Churned < r.Accounts {
		requireUnit(t, "AUC", r.AUC)
	}
	for _, band := range r.Bands {
		requireUnit(t, band.Band+" churn rate", band.ChurnRate)
		requireUnit(t, band.Band+" lost share", band.LostShare)
	}
	for _, d := range r.Lift {
		requireUnit(t, "decile churn rate", d.ChurnRate)
		requireUnit(t, "decile capture", d.Capture)
	}
	for _, c := range r.Calibration {
		requireUnit(t, "observed", c.Observed)
		requireUnit(t, "predicted", c.Predicted)
	}
}

func FuzzPortfolioAccumulatorUnmarshalBinary(f *testing.F) {
	unavailable := entry("u", 0, "", "7")
	unavailable.Score.Available = false
	var p health.PortfolioAccumulator
	if err := p.AddAll(slices.Values([]health.PortfolioEntry{entry("a", 20, "red", "10.5"), entry("b", 95.5, "green", "3"), unavailable})); err != nil {
		f.Fatal(err)
	}
	fuzzinput.AddState(f, &p)
	f.Add([]byte(`{"kind":"health.portfolio","version":1,"state":{"currency":"USD","accounts":["a","b"],"arr":"10","band_count":{"red":1},"band_arr":{"red":"4","blue":"1"},"unavailable":0,"unavailable_arr":"0","scored_arr":"5","weighted_sum":"600","value_sum":"300","deciles":[1,0,0,0,0,0,0,0,0,0],"low_confidence":0,"low_confidence_arr":"0","tenths":{"1001":1}}}`))
	f.Add([]byte(`{"kind":"health.portfolio","version":1,"state":{"currency":"USD","accounts":["a"],"arr":"0","unavailable":2,"unavailable_arr":"0","scored_arr":"0","weighted_sum":"0","value_sum":"0","deciles":[0,0,0,0,0,0,0,0,0,0],"low_confidence":0,"low_confidence_arr":"0"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var a health.PortfolioAccumulator
		if err := a.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			return
		}
		state, err := a.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary: %v", err)
		}
		var back health.PortfolioAccumulator
		if err := back.UnmarshalBinary(state); err != nil {
			t.Fatalf("a state it wrote does not read back: %v\n%s", err, state)
		}
		requireMergeable(t, &back, &a, a.Result(nil).Count > 0)
		r := a.Result(health.DefaultBands())
		fuzzinput.RequireJSON(t, r)
		requirePoints(t, "ARR-weighted mean", r.ARRWeightedMean)
		requirePoints(t, "mean", r.Mean)
		for i, c := range r.DecileCuts {
			requirePoints(t, "decile cut", c)
			if i > 0 && c < r.DecileCuts[i-1] {
				t.Fatalf("decile cuts decrease: %v", r.DecileCuts)
			}
		}
	})
}

// fuzzOutcomes decodes outcomes from bytes: accounts, availability, values
// (NaN and Inf included), bands, churn and ARR in a few currencies, some
// invalid.
func fuzzOutcomes(data []byte) iter.Seq[health.Outcome] {
	return func(yield func(health.Outcome) bool) {
		b := fuzzinput.Bytes(data)
		for len(b) > 0 {
			s := snap(fuzzinput.Pick(&b, "a", "b", "c", "d", "e", "f", ""), t0, 0)
			s.Available = b.Byte()%8 != 0
			s.Value = b.Float()
			s.ReportedValue = s.Value
			s.Band = fuzzinput.Pick(&b, "red", "yellow", "green", "", "blue")
			churned := b.Bool()
			amount := fuzzinput.Pick(&b, "0", "1000", "-5", "0.01", "99999999999999999999.5", "1e3")
			currency := fuzzinput.Pick(&b, "USD", "USD", "EUR", "")
			arr, err := success.ParseMoney(amount, currency)
			if err != nil {
				arr = success.Money{}
			}
			if !yield(health.Outcome{Score: s, Churned: churned, ARR: arr}) {
				return
			}
		}
	}
}

func FuzzBacktest(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 1, 100, 50, 0, 1, 0, 0, 2, 1, 100, 200, 1, 0, 1, 0, 3, 1, 100, 20, 2, 1, 1, 0})
	f.Add([]byte{1, 1, 0, 0, 1, 1})                   // a NaN score
	f.Add([]byte{1, 0, 0, 3, 1, 1, 0, 2, 1, 100, 40}) // unavailable, then one available
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		r, err := health.Backtest(fuzzOutcomes(data), health.DefaultBands())
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid, health.ErrEmpty, health.ErrCurrencyMismatch, health.ErrDuplicate)
			return
		}
		var a health.BacktestAccumulator
		if err := a.AddAll(fuzzOutcomes(data)); err != nil {
			t.Fatalf("AddAll fails where Backtest did not: %v", err)
		}
		requireBacktestAccumulator(t, &a)
		fuzzinput.RequireJSON(t, r)
	})
}

// fuzzPlan is the fixed scorecard the scoring targets run: every built-in
// normaliser kind, a subjective and a critical measure.
var fuzzPlan = func() *health.Plan {
	p, err := health.Compile(benchCard())
	if err != nil {
		panic(err)
	}
	return p
}()

// requireScoreBounds checks what Plan.Score documents of a score.
func requireScoreBounds(t *testing.T, p *health.Plan, s health.Score) {
	t.Helper()
	if err := s.Validate(); err != nil {
		t.Fatalf("Plan.Score made a score that fails Validate: %v", err)
	}
	requireUnit(t, "missing weight", s.MissingWeight)
	requireUnit(t, "subjective share", s.SubjectiveShare)
	requirePoints(t, "reported value", s.ReportedValue)
	if s.Available {
		requirePoints(t, "value", s.Value)
		if _, ok := p.BandRank(s.Band); !ok {
			t.Fatalf("band %q is not one of the plan's", s.Band)
		}
		if d := math.Abs(sumContributions(s) - s.Value); d > 1e-9 {
			t.Fatalf("contributions add up to %v, value is %v", sumContributions(s), s.Value)
		}
	}
	fuzzinput.RequireJSON(t, s)
}

// fuzzScoreSeeds are benchInputs and their edges, as the arguments of the
// scoring targets.
func fuzzScoreSeeds(f *testing.F) {
	f.Add(12.0, 0.55, 0.7, 0.2, 4.0, 3.0, 1.0, true, true, "pro", uint16(0))
	f.Add(math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 1e308, -1e308, 5e-324, false, false, "", uint16(0))
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, false, false, "enterprise", uint16(0x3ff))
	f.Add(25.0, 2.0, 0.1, 0.9, 0.5, 11.0, 6.0, true, false, "gold", uint16(0x155))
}

// fuzzInputs builds benchCard inputs; a set bit of missing leaves that
// measure (in MeasureIDs order) out.
func fuzzInputs(logins, breadth, seats, dau, sentiment, tickets, breaches float64, sponsor, payment bool, plan string, missing uint16) health.Inputs {
	in := health.Inputs{
		"logins_per_week":  success.NumberValue(logins),
		"feature_breadth":  success.NumberValue(breadth),
		"seat_utilisation": success.NumberValue(seats),
		"dau_ratio":        success.NumberValue(dau),
		"csm_sentiment":    success.NumberValue(sentiment),
		"exec_sponsor":     success.BoolValue(sponsor),
		"plan":             success.StringValue(plan),
		"open_tickets":     success.NumberValue(tickets),
		"payment_ok":       success.BoolValue(payment),
		"sla_breaches":     success.NumberValue(breaches),
	}
	for i, id := range fuzzPlan.MeasureIDs() {
		if missing&(1<<i) != 0 {
			delete(in, id)
		}
	}
	return in
}

// columnOf encodes one input as ScoreColumns documents.
func columnOf(p *health.Plan, id string, v success.Value, present bool) float64 {
	if !present {
		return math.NaN()
	}
	if b, ok := v.Bool(); ok {
		if b {
			return 1
		}
		return 0
	}
	if s, ok := v.Str(); ok {
		i, _ := p.CategoryIndex(id, s)
		return i
	}
	x, _ := v.Num()
	return x
}

// Plan.Score and ScoreColumns agree exactly on any input, and both keep
// their bounds.
func FuzzPlanScore(f *testing.F) {
	fuzzScoreSeeds(f)
	f.Fuzz(func(t *testing.T, logins, breadth, seats, dau, sentiment, tickets, breaches float64, sponsor, payment bool, plan string, missing uint16) {
		defer fuzzinput.Deadline()()
		p := fuzzPlan
		in := fuzzInputs(logins, breadth, seats, dau, sentiment, tickets, breaches, sponsor, payment, plan, missing)
		s, err := p.Score("acct", in, t0, health.ScoreOptions{})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
		} else {
			requireScoreBounds(t, p, s)
		}

		ids := p.MeasureIDs()
		columns := make([][]float64, len(ids))
		hasNaN := false
		for m, id := range ids {
			v, ok := in[id]
			columns[m] = []float64{columnOf(p, id, v, ok)}
			if x, isNum := v.Num(); ok && isNum && math.IsNaN(x) {
				hasNaN = true // a NaN number is missing in a column, an error for Score
			}
		}
		values, bands, confident := []float64{0}, []int8{0}, []bool{false}
		colErr := p.ScoreColumns(columns, values, bands, confident, success.ColumnOptions{})
		if colErr != nil {
			fuzzinput.RequireSentinel(t, colErr, health.ErrInvalid)
		}
		if math.IsNaN(values[0]) != (bands[0] == -1) {
			t.Fatalf("value %v with band index %d", values[0], bands[0])
		}
		if !math.IsNaN(values[0]) {
			requirePoints(t, "column value", values[0])
		}
		if hasNaN {
			return
		}
		switch {
		case (err == nil) != (colErr == nil):
			t.Fatalf("Score says %v, ScoreColumns says %v", err, colErr)
		case err != nil:
		case !s.Available:
			if !math.IsNaN(values[0]) {
				t.Fatalf("unavailable score, column value %v", values[0])
			}
		case confident[0] != s.Confident:
			t.Fatalf("Score confident %v, ScoreColumns %v", s.Confident, confident[0])
		case values[0] != s.Value || p.Bands()[bands[0]].Name != s.Band:
			t.Fatalf("Score %v %s, ScoreColumns %v %d", s.Value, s.Band, values[0], bands[0])
		}
	})
}

// ScoreColumns takes any float in any column, booleans and category indexes
// included, and scores or reports each row.
func FuzzScoreColumns(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 1, 100, 50, 0, 1, 0, 0, 2, 1, 100, 200, 1, 0, 1, 0, 3, 1, 100, 20, 2, 1, 1, 0})
	f.Add(bytes.Repeat([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 8))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		p := fuzzPlan
		b := fuzzinput.Bytes(data)
		rows := 1 + int(b.Byte()%4)
		columns := make([][]float64, len(p.MeasureIDs()))
		for m := range columns {
			columns[m] = make([]float64, rows)
			for i := range columns[m] {
				columns[m][i] = b.Float()
			}
		}
		values, bands := make([]float64, rows), make([]int8, rows)
		err := p.ScoreColumns(columns, values, bands, nil, success.ColumnOptions{})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
			if len(success.AsFieldErrors(err)) == 0 {
				t.Fatalf("row errors are not FieldErrors: %v", err)
			}
		}
		for i, v := range values {
			if math.IsNaN(v) != (bands[i] == -1) {
				t.Fatalf("row %d: value %v with band index %d", i, v, bands[i])
			}
			if !math.IsNaN(v) {
				requirePoints(t, "column value", v)
				if bands[i] < 0 || int(bands[i]) >= len(p.Bands()) {
					t.Fatalf("row %d: band index %d", i, bands[i])
				}
			}
		}
	})
}
