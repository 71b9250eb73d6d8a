package cohort

import (
	"bytes"
	"encoding/json"
	"errors"
	"iter"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
)

// The fuzz targets feed every entry point that takes untrusted bytes or
// records arbitrary input and hold it to the package's promise: no panic,
// every error wraps a documented sentinel, and every success keeps its
// documented bounds (rates and survival within [0, 1], finite parameters)
// and encodes as JSON.

var (
	fuzzAsOf = time.Date(2026, 6, 30, 23, 59, 59, 0, time.UTC)
	fuzzEast = time.FixedZone("UTC+14", 14*3600)
	// fuzzWest loads by name, so accumulator states in it decode anywhere.
	fuzzWest = func() *time.Location {
		loc, err := time.LoadLocation("Pacific/Pago_Pago")
		if err != nil {
			panic(err)
		}
		return loc
	}()
)

func requireFinite(t *testing.T, name string, xs ...float64) {
	t.Helper()
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("%s = %v, want finite", name, xs)
		}
	}
}

func requireUnit(t *testing.T, name string, xs ...float64) {
	t.Helper()
	for _, x := range xs {
		if !(x >= 0 && x <= 1) {
			t.Fatalf("%s = %v, want within 0..1", name, xs)
		}
	}
}

// fuzzMoney parses an amount from the fuzzer's choices, the zero Money when
// it does not parse (an invalid amount the callee must reject or accept as
// documented).
func fuzzMoney(b *fuzzinput.Bytes, amount string) success.Money {
	amt := fuzzinput.Pick(b, "0", "100", "250.5", "-1", "0.001", "1e20", amount, amount)
	m, err := success.ParseMoney(amt, fuzzinput.Pick(b, "USD", "USD", "USD", "EUR", "", "usd"))
	if err != nil {
		return success.Money{}
	}
	return m
}

// fuzzDate is a date around the first half of 2026, now and then zero, far
// off or in another time zone.
func fuzzDate(b *fuzzinput.Bytes) time.Time {
	switch k := b.Byte(); {
	case k < 8:
		return fuzzinput.Pick(b, time.Time{}, time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))
	default:
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k) * 26 * time.Hour)
		if b.Byte()%8 == 0 {
			at = at.In(fuzzEast)
		}
		return at
	}
}

// fuzzRows draws ledger rows: several lines per date, dates in and out of
// order, zones, minor units and Money.
func fuzzRows(data []byte, amount string) iter.Seq[success.LedgerRow] {
	return func(yield func(success.LedgerRow) bool) {
		b := fuzzinput.Bytes(data)
		for len(b) > 0 {
			r := success.LedgerRow{Account: fuzzinput.Pick(&b, success.AccountID("a"), "b", "c", "d", "")}
			r.Date = fuzzDate(&b)
			if b.Byte()%4 == 0 {
				r.Minor, r.Currency = int64(int8(b.Byte())), fuzzinput.Pick(&b, success.Currency("USD"), "JPY", "", "XYZ")
			} else {
				r.MRR = fuzzMoney(&b, amount)
			}
			if !yield(r) {
				return
			}
		}
	}
}

// seedRows is a small valid ledger: two customers, two lines on one date.
func seedRows() []success.LedgerRow {
	on := func(m time.Month) time.Time { return time.Date(2026, m, 28, 0, 0, 0, 0, time.UTC) }
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	return []success.LedgerRow{
		{Account: "a", Date: on(1), MRR: usd("100")}, {Account: "a", Date: on(1), MRR: usd("20")},
		{Account: "b", Date: on(2), Minor: 5000, Currency: "USD"}, {Account: "a", Date: on(3), MRR: usd("90")},
	}
}

// alternateShards deals items to two shards in turn.
func alternateShards[T any](items iter.Seq[T]) []int {
	var shardOf []int
	for range items {
		shardOf = append(shardOf, len(shardOf)%2)
	}
	return shardOf
}

func fuzzTableOptions(b *fuzzinput.Bytes) TableOptions {
	opts := TableOptions{
		Grain:    fuzzinput.Pick(b, success.Monthly, success.Monthly, success.Quarterly, success.Yearly, "", "week"),
		Grouping: fuzzinput.Pick(b, ByStartPeriod, ByStartPeriod, ByKey, "", "cohort"),
	}
	if opts.Grouping == ByKey {
		opts.Key = func(id success.AccountID) string { return "k-" + string(id) }
	}
	return opts
}

// requireTable checks what Table and Cell document, and that the table
// round-trips through its JSON.
func requireTable(t *testing.T, tab *Table) {
	t.Helper()
	for _, row := range tab.Cohorts {
		if row.Customers < 0 || row.StartMRR.IsNegative() {
			t.Fatalf("cohort %s: %d customers, start MRR %s", row.Label, row.Customers, row.StartMRR)
		}
		for _, c := range row.Cells {
			if c.Customers < 0 || c.Retained < 0 || c.Retained > c.Customers || c.Customers > row.Customers {
				t.Fatalf("cohort %s offset %d: %d of %d customers retained, cohort of %d", row.Label, c.Offset, c.Retained, c.Customers, row.Customers)
			}
			if !c.Observable && (c.Customers != 0 || c.Retained != 0) {
				t.Fatalf("cohort %s offset %d: unobservable with %d customers", row.Label, c.Offset, c.Customers)
			}
			if c.MRR.IsNegative() || c.GrossMRR.IsNegative() || c.StartMRR.IsNegative() {
				t.Fatalf("cohort %s offset %d: a negative amount %+v", row.Label, c.Offset, c)
			}
			if r, ok := c.LogoRetention(); ok {
				requireUnit(t, "logo retention", r)
			}
			if r, ok := c.GrossRevenueRetention(); ok {
				requireUnit(t, "gross revenue retention", r)
			}
			if r, ok := c.NetRevenueRetention(); ok && !(r >= 0) {
				t.Fatalf("net revenue retention %v", r)
			}
		}
	}
	data := fuzzinput.RequireJSON(t, tab)
	var back Table
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("a table it wrote does not read back: %v\n%s", err, data)
	}
	if again := fuzzinput.RequireJSON(t, back); !bytes.Equal(data, again) {
		t.Fatalf("round trip changed the table:\n%s\n%s", data, again)
	}
}

// BuildTable rejects bad facts as a batch or builds a table within its
// bounds; shards merge into the one pass; the state round-trips.
func FuzzBuildTable(f *testing.F) {
	f.Add([]byte{0, 0, 10, 1, 1, 0, 1, 1, 0, 1, 0, 12, 1, 0, 0, 1, 1, 0}, "10")
	f.Add([]byte{2, 0, 0, 8, 1, 1, 2, 1, 0, 6, 0, 1, 40, 1, 3, 1, 0, 1, 0, 6, 0, 6, 0, 1, 1, 2, 0}, "0.005")
	f.Add([]byte{1, 1, 1, 0, 4, 1, 0, 0, 1, 3, 0, 2, 0, 2, 1, 6, 1}, "1e400")
	f.Fuzz(func(t *testing.T, data []byte, amount string) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		opts := fuzzTableOptions(&b)
		rows := fuzzRows(b, amount)
		tab, err := BuildTable(rows, fuzzAsOf, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrCurrencyMismatch)
			return
		}
		requireTable(t, tab)
		want := fuzzinput.RequireJSON(t, tab)

		merged, err := accumtest.MergeShards(func() *TableAccumulator {
			a, _ := NewTableAccumulator(opts)
			return a
		}, slices.Collect(rows), alternateShards(rows), []int{1, 0})
		if err != nil {
			t.Fatalf("shards of rows BuildTable took: %v", err)
		}
		merged.opts.Key = opts.Key // the key function is not part of the state
		mergedTable, err := merged.Table(fuzzAsOf)
		if err != nil {
			t.Fatalf("merged shards: %v", err)
		}
		if got := fuzzinput.RequireJSON(t, mergedTable); !bytes.Equal(got, want) {
			t.Fatalf("merged shards give\n%s\none pass gives\n%s", got, want)
		}
	})
}

func FuzzTableAccumulatorUnmarshalBinary(f *testing.F) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	a, err := NewTableAccumulator(TableOptions{})
	if err != nil {
		f.Fatal(err)
	}
	if err := a.AddAll(slices.Values(seedRows())); err != nil {
		f.Fatal(err)
	}
	fuzzinput.AddState(f, a)
	f.Add([]byte(`{"kind":"cohort.table","version":2,"state":{"grain":"month","grouping":"start_period","ledger":{"exp":0,"ids":[],"cells":""}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		a, err := NewTableAccumulator(TableOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid)
			return
		}
		if a.opts.Grouping == ByKey {
			a.opts.Key = func(id success.AccountID) string { return "k-" + string(id) }
		}
		tab, err := a.Table(asOf)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty)
			return
		}
		requireTable(t, tab)
		state, err := a.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary: %v", err)
		}
		back := new(TableAccumulator)
		if err := back.UnmarshalBinary(state); err != nil {
			t.Fatalf("a state it wrote does not read back: %v\n%s", err, state)
		}
		if err := back.Merge(a); err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty, ErrCurrencyMismatch)
		}
	})
}

// Table.UnmarshalJSON takes any document or reports it; what it takes
// writes back as it read.
func FuzzTableUnmarshalJSON(f *testing.F) {
	tab, err := BuildTable(slices.Values(seedRows()), time.Date(2026, 3, 20, 23, 0, 0, 0, time.UTC), TableOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fuzzinput.RequireJSON(f, tab))
	f.Add([]byte(`{"as_of":"2026-04-01T00:00:00Z","grain":"month","grouping":"key","cohorts":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var tab Table
		if err := json.Unmarshal(data, &tab); err != nil {
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) { // encoding/json checks syntax before UnmarshalJSON runs
				fuzzinput.RequireSentinel(t, err, ErrInvalid)
			}
			return
		}
		out := fuzzinput.RequireJSON(t, tab)
		var back Table
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("a table it wrote does not read back: %v\n%s", err, out)
		}
		if again := fuzzinput.RequireJSON(t, back); !bytes.Equal(out, again) {
			t.Fatalf("round trip changed the table:\n%s\n%s", out, again)
		}
	})
}

func fuzzTransactions(data []byte, amount string) iter.Seq[Transaction] {
	return func(yield func(Transaction) bool) {
		b := fuzzinput.Bytes(data)
		for len(b) > 0 {
			tx := Transaction{Account: fuzzinput.Pick(&b, success.AccountID("a"), "b", "c", "d", "")}
			tx.At = fuzzDate(&b)
			tx.Amount = fuzzMoney(&b, amount)
			if !yield(tx) {
				return
			}
		}
	}
}

// Summarize reports bad transactions or summarises within the documented
// bounds; shards merge into the one pass.
func FuzzSummarize(f *testing.F) {
	f.Add([]byte{0, 0, 10, 1, 1, 0, 0, 40, 1, 1, 0, 0, 60, 1, 2, 0, 1, 12, 1, 1, 0}, "10")
	f.Add([]byte{1, 2, 200, 1, 6, 0, 2, 0, 1, 3, 0, 3, 5, 1, 1, 1}, "0.005")
	f.Add([]byte{4, 0, 1, 0, 1, 1, 1, 20, 0, 6, 2}, "1e400")
	f.Fuzz(func(t *testing.T, data []byte, amount string) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		unit := fuzzinput.Pick(&b, success.Daily, success.Weekly, success.Monthly, success.Yearly, "", "fortnight")
		opts := SummaryOptions{Location: fuzzinput.Pick(&b, time.UTC, fuzzWest)}
		txs := fuzzTransactions(b, amount)
		sums, err := Summarize(txs, fuzzAsOf, unit, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty, ErrCurrencyMismatch)
			return
		}
		for _, c := range sums {
			if err := c.Validate(); err != nil {
				t.Fatalf("Summarize made a summary that fails Validate: %v", err)
			}
			if c.Frequency < 0 || c.Recency < 0 || c.Recency > c.Age || c.MeanRepeatSpend < 0 || c.Frequency == 0 && (c.Recency != 0 || c.MeanRepeatSpend != 0) {
				t.Fatalf("summary out of bounds: %+v", c)
			}
			requireFinite(t, "summary", c.Recency, c.Age, c.MeanRepeatSpend)
		}
		want := fuzzinput.RequireJSON(t, sums)

		merged, err := accumtest.MergeShards(func() *SummaryAccumulator {
			a, _ := NewSummaryAccumulator(fuzzAsOf, unit, opts)
			return a
		}, slices.Collect(txs), alternateShards(txs), []int{1, 0})
		if err != nil {
			t.Fatalf("shards of transactions Summarize took: %v", err)
		}
		if got := fuzzinput.RequireJSON(t, merged.Summaries()); !bytes.Equal(got, want) {
			t.Fatalf("merged shards give\n%s\none pass gives\n%s", got, want)
		}
	})
}

func FuzzSummaryAccumulatorUnmarshalBinary(f *testing.F) {
	asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	s, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{})
	if err != nil {
		f.Fatal(err)
	}
	for _, tx := range []Transaction{
		{Account: "a", At: day(1, 5), Amount: usd("10.5")},
		{Account: "a", At: day(2, 5), Amount: usd("3")},
		{Account: "b", At: day(3, 1), Amount: usd("0")},
		{Account: "b", At: day(5, 1), Amount: usd("1")},
	} {
		if err := s.Add(tx); err != nil {
			f.Fatal(err)
		}
	}
	fuzzinput.AddState(f, s)
	f.Add([]byte(`{"calibration_end":"2026-04-01","location":"UTC","unit":"day","after":0,"accounts":[{"account":"a","days":[{"date":"2026-01-05","amount":"2"}]},{"account":"b","days":[]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		s, err := NewSummaryAccumulator(asOf, success.Daily, SummaryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid)
			return
		}
		for _, c := range s.Summaries() {
			if err := c.Validate(); err != nil {
				t.Fatalf("a decoded state gives a summary that fails Validate: %v", err)
			}
		}
		if s.After() < 0 {
			t.Fatalf("after %d", s.After())
		}
		state, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("MarshalBinary: %v", err)
		}
		back := new(SummaryAccumulator)
		if err := back.UnmarshalBinary(state); err != nil {
			t.Fatalf("a state it wrote does not read back: %v\n%s", err, state)
		}
	})
}

// fuzzObservations decodes observations: durations include NaN, ±Inf,
// negatives and huge values; three strata and none.
func fuzzObservations(data []byte) []Observation {
	b := fuzzinput.Bytes(data)
	var obs []Observation
	for len(b) > 0 {
		obs = append(obs, Observation{Duration: b.Float(), Churned: b.Bool(), Stratum: fuzzinput.Pick(&b, "good", "bad", "other", "")})
	}
	return obs
}

var fuzzObservationSeeds = [][]byte{
	{},
	{64, 10, 1, 0, 64, 20, 0, 0, 64, 20, 1, 1, 64, 30, 1, 1, 64, 5, 0, 0, 64, 40, 1, 0},
	{3, 1, 0, 0, 0, 1, 1, 64, 7, 1, 0, 64, 7, 1, 1},
	{64, 1, 1, 0, 64, 1, 1, 0, 64, 1, 1, 1, 64, 1, 1, 1},
}

// requireCurve checks what Curve and Step document.
func requireCurve(t *testing.T, c Curve) {
	t.Helper()
	last := 1.0
	for i, s := range c.Steps {
		requireFinite(t, "step time", s.Time)
		if i > 0 && s.Time <= c.Steps[i-1].Time {
			t.Fatalf("step times not ascending: %v after %v", s.Time, c.Steps[i-1].Time)
		}
		requireUnit(t, "survival and its bounds", s.Survival, s.Lower, s.Upper)
		if s.Survival > last || s.Lower > s.Survival || s.Upper < s.Survival {
			t.Fatalf("step %d: survival %v (before %v), interval [%v, %v]", i, s.Survival, last, s.Lower, s.Upper)
		}
		if !(s.SE >= 0) || s.AtRisk < 0 || s.Churned < 0 || s.Censored < 0 {
			t.Fatalf("step %d: %+v", i, s)
		}
		last = s.Survival
	}
	if c.Median.Reached {
		requireFinite(t, "median", c.Median.Time)
	}
	requireFinite(t, "RMST", c.RMST.Mean, c.RMST.SE, c.RMST.Horizon)
	if c.RMST.Mean < 0 || c.RMST.Mean > c.RMST.Horizon*(1+1e-12) {
		t.Fatalf("RMST %v beyond its horizon %v", c.RMST.Mean, c.RMST.Horizon)
	}
	for _, at := range []float64{math.Inf(-1), -1, 0, 1, 10, 1e300, math.Inf(1), math.NaN()} {
		if s := c.SurvivalAt(at); !(s >= 0 && s <= 1) && !math.IsNaN(at) {
			t.Fatalf("SurvivalAt(%v) = %v", at, s)
		}
	}
	fuzzinput.RequireJSON(t, c)
}

func FuzzKaplanMeier(f *testing.F) {
	for _, s := range fuzzObservationSeeds {
		f.Add(s, uint8(0), 0.0, 0.0)
	}
	f.Add(fuzzObservationSeeds[1], uint8(2), 0.99, 25.0)
	f.Add(fuzzObservationSeeds[1], uint8(1), math.NaN(), math.Inf(1))
	f.Fuzz(func(t *testing.T, data []byte, conf uint8, level, horizon float64) {
		defer fuzzinput.Deadline()()
		obs := fuzzObservations(data)
		opts := SurvivalOptions{
			ConfType:  []ConfType{"", ConfLogLog, ConfLog, ConfPlain, "logit"}[int(conf)%5],
			ConfLevel: level,
			Horizon:   horizon,
		}
		c, err := KaplanMeier(slices.Values(obs), opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty)
		} else {
			if c.Subjects != len(obs) || c.Churned < 0 || c.Churned > c.Subjects {
				t.Fatalf("%d subjects, %d churned, from %d observations", c.Subjects, c.Churned, len(obs))
			}
			requireCurve(t, c)
		}
		st, err := KaplanMeierByStratum(slices.Values(obs), opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty)
			return
		}
		for _, c := range st.Curves {
			requireCurve(t, c)
		}
	})
}

func FuzzLogRank(f *testing.F) {
	for _, s := range fuzzObservationSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		obs := fuzzObservations(data)
		lr, err := LogRank(slices.Values(obs))
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty)
			return
		}
		requireFinite(t, "chi-square", lr.ChiSquare)
		requireUnit(t, "p-value", lr.PValue)
		if lr.ChiSquare < 0 || lr.DF < 0 || lr.DF >= len(lr.Strata) {
			t.Fatalf("chi-square %v on %d degrees of freedom, %d strata", lr.ChiSquare, lr.DF, len(lr.Strata))
		}
		churned, subjects := 0, 0
		for _, s := range lr.Strata {
			requireFinite(t, "expected", s.Expected)
			churned += s.Observed
			subjects += s.Subjects
		}
		if subjects != len(obs) {
			t.Fatalf("%d subjects in the strata, %d observations", subjects, len(obs))
		}
		fuzzinput.RequireJSON(t, lr)
	})
}

// fuzzCohorts decodes survivor arrays: up to three cohorts of up to eight
// counts, mostly falling by a byte's worth, now and then any float.
func fuzzCohorts(data []byte) [][]float64 {
	b := fuzzinput.Bytes(data)
	cohorts := make([][]float64, b.Byte()%4)
	for i := range cohorts {
		n := int(b.Byte() % 9)
		count := float64(b.Byte()) * 4
		for range n {
			cohorts[i] = append(cohorts[i], count)
			if step := b.Byte(); step < 240 {
				count -= float64(step % 64)
			} else {
				count = b.Float()
			}
		}
	}
	return cohorts
}

func FuzzFitSBG(f *testing.F) {
	f.Add([]byte{1, 8, 250, 63, 40, 30, 20, 15, 10, 8})          // one cohort, falling off
	f.Add([]byte{2, 5, 250, 50, 40, 30, 20, 4, 200, 40, 30, 20}) // two cohorts
	f.Add([]byte{1, 3, 100, 0, 0})                               // nobody churned
	f.Add([]byte{1, 4, 100, 10, 10, 10})                         // constant retention
	f.Add([]byte{1, 4, 100, 250, 0, 0})                          // a NaN count
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		cohorts := fuzzCohorts(data)
		m, err := FitSBG(cohorts, FitOptions{MaxIterations: 200})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty, ErrNotConverged)
			return
		}
		requireFinite(t, "sBG parameters", m.Alpha, m.Beta, m.AlphaSE, m.BetaSE, m.Fit.LogLikelihood)
		if m.Alpha <= 0 || m.Beta <= 0 {
			t.Fatalf("alpha %v, beta %v", m.Alpha, m.Beta)
		}
		last := 1.0
		for period := range 12 {
			s := m.Survival(period)
			requireUnit(t, "survival", s)
			requireUnit(t, "retention", m.Retention(period+1))
			if s > last {
				t.Fatalf("survival rises at %d: %v after %v", period, s, last)
			}
			last = s
		}
		if _, err := m.Project(100, 12); err != nil {
			t.Fatalf("a fitted model does not project: %v", err)
		}
		fuzzinput.RequireJSON(t, m)
	})
}

// BG/NBD and Gamma-Gamma predictions on any summary, with the published
// CDNOW models or with parameters as a host might load them, are within
// their bounds or reported.
func FuzzModelPredictions(f *testing.F) {
	f.Add(false, 0.0, 0.0, 0.0, 0.0, 2, 30.43, 38.86, 20.0, 39.0, 2)
	f.Add(false, 0.0, 0.0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, 52.0, 0)
	f.Add(true, 1e-300, 1e300, math.Inf(1), math.NaN(), 1<<40, 1e308, 1e308, 1e308, 1e308, -1)
	f.Add(true, 0.243, 4.414, 0.793, 2.426, 10, 5.0, 1.0, -3.0, 0.0, 1000)
	f.Fuzz(func(t *testing.T, own bool, r, alpha, a, b float64, frequency int, recency, age, spend, horizon float64, n int) {
		defer fuzzinput.Deadline()()
		bg := cdnowPublished
		gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
		if own {
			bg.R, bg.Alpha, bg.A, bg.B = r, alpha, a, b
			gg.P, gg.Q, gg.Gamma = r, alpha, a
		}
		c := CustomerSummary{Account: "c", Frequency: frequency, Recency: recency, Age: age, MeanRepeatSpend: spend, Currency: "USD", Unit: success.Weekly}
		sentinels := []error{ErrInvalid, ErrNotConverged, ErrCurrencyMismatch}
		if p, err := bg.ProbabilityAlive(c); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else {
			requireUnit(t, "P(alive)", p)
		}
		if e, err := bg.ExpectedPurchases(c, horizon); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else if requireFinite(t, "expected purchases", e); e < 0 {
			t.Fatalf("expected purchases %v", e)
		}
		if p, err := bg.PurchaseCountProbability(c, n, horizon); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else {
			requireUnit(t, "P(n purchases)", p)
		}
		if e, err := bg.PopulationExpectedPurchases(horizon); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else if requireFinite(t, "population expected purchases", e); e < 0 {
			t.Fatalf("population expected purchases %v", e)
		}
		if p, err := bg.PopulationPurchaseCountProbability(n, horizon); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else {
			requireUnit(t, "population P(n purchases)", p)
		}
		if s, err := gg.ExpectedAverageSpend(c); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else if requireFinite(t, "expected average spend", s); s < 0 {
			t.Fatalf("expected average spend %v", s)
		}
		v := Valuation{Periods: 1 + int(uint(n)%24), PeriodLength: 4.345, DiscountRate: 0.01}
		if clv, err := CustomerLifetimeValue(bg, gg, c, v); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else if clv.IsNegative() || clv.Currency() != "USD" {
			t.Fatalf("CLV %v", clv)
		}
	})
}
