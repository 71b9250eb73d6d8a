package cohort

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	_ "time/tzdata" // Asia/Tokyo without a system zone database

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
	"pgregory.net/rapid"
)

func usd(s string) success.Money { return success.MustMoney(s, "USD") }

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }

// smallFacts: January cohort a (100 → 150 → 150) and b (200 → 100 → gone),
// February cohort c (50 → 0), March cohort d (80), as of 20 March.
func smallFacts() []Fact {
	f := func(cust string, since time.Time, at time.Time, mrr, start string) Fact {
		return Fact{Customer: success.AccountID(cust), Since: since, At: at, MRR: usd(mrr), StartMRR: usd(start), Key: "k-" + cust}
	}
	return []Fact{
		f("a", day(1, 5), day(1, 31), "100", "100"),
		f("a", day(1, 5), day(2, 28), "150", "100"),
		f("a", day(1, 5), day(3, 20), "150", "100"),
		f("b", day(1, 10), day(1, 10), "200", "200"),
		f("b", day(1, 10), day(2, 1), "100", "200"),
		f("c", day(2, 3), day(2, 3), "50", "50"),
		f("c", day(2, 3), day(3, 3), "0", "50"),
		f("d", day(3, 1), day(3, 1), "80", "80"),
	}
}

type wantCell struct {
	observable        bool
	customers, retain int64
	start, mrr, gross string
}

func checkRow(t *testing.T, row CohortRow, label string, want []wantCell) {
	t.Helper()
	if row.Label != label {
		t.Fatalf("cohort %q, want %q", row.Label, label)
	}
	if len(row.Cells) != len(want) {
		t.Fatalf("%s: %d cells, want %d", label, len(row.Cells), len(want))
	}
	for k, w := range want {
		c := row.Cells[k]
		if c.Offset != k || c.Observable != w.observable {
			t.Errorf("%s[%d]: offset %d observable %v, want %d %v", label, k, c.Offset, c.Observable, k, w.observable)
			continue
		}
		if !w.observable {
			if _, ok := c.LogoRetention(); ok {
				t.Errorf("%s[%d]: unobservable cell reports a retention rate", label, k)
			}
			continue
		}
		if c.Customers != w.customers || c.Retained != w.retain || !c.StartMRR.Equal(usd(w.start)) || !c.MRR.Equal(usd(w.mrr)) || !c.GrossMRR.Equal(usd(w.gross)) {
			t.Errorf("%s[%d] = customers %d retained %d start %s mrr %s gross %s, want %+v", label, k,
				c.Customers, c.Retained, c.StartMRR, c.MRR, c.GrossMRR, w)
		}
	}
}

func TestCohortTableMonthly(t *testing.T) {
	asOf := time.Date(2026, 3, 20, 23, 0, 0, 0, time.UTC)
	tab, err := BuildTable(slices.Values(smallFacts()), asOf, time.UTC, TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Cohorts) != 3 || tab.Currency != "USD" {
		t.Fatalf("table %+v", tab)
	}
	checkRow(t, tab.Cohorts[0], "2026-01", []wantCell{
		{true, 2, 2, "300", "300", "300"},
		{true, 2, 2, "300", "250", "200"}, // a expands to 150 (capped at 100), b contracts to 100
		{true, 2, 1, "300", "150", "100"}, // b churned
	})
	checkRow(t, tab.Cohorts[1], "2026-02", []wantCell{
		{true, 1, 1, "50", "50", "50"},
		{true, 1, 0, "50", "0", "0"},
		{observable: false},
	})
	checkRow(t, tab.Cohorts[2], "2026-03", []wantCell{
		{true, 1, 1, "80", "80", "80"}, {observable: false}, {observable: false},
	})
	jan := tab.Cohorts[0]
	if !jan.Start.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || jan.Customers != 2 || !jan.StartMRR.Equal(usd("300")) {
		t.Errorf("January row %+v", jan)
	}
	for _, tc := range []struct {
		name string
		f    func(Cell) (float64, bool)
		want float64
	}{
		{"logo", Cell.LogoRetention, 0.5},
		{"net", Cell.NetRevenueRetention, 0.5},
		{"gross", Cell.GrossRevenueRetention, 1.0 / 3},
	} {
		got, ok := tc.f(jan.Cells[2])
		if !ok || got != tc.want {
			t.Errorf("%s retention at offset 2 = %v, %v; want %v", tc.name, got, ok, tc.want)
		}
	}
	if nrr, _ := jan.Cells[1].NetRevenueRetention(); nrr != 250.0/300 {
		t.Errorf("net retention at offset 1 = %v", nrr)
	}

	raw, err := json.Marshal(tab)
	if err != nil || !strings.Contains(string(raw), `"location":"UTC"`) || !strings.Contains(string(raw), `"label":"2026-01"`) {
		t.Errorf("JSON: %s, %v; want the location by name", raw, err)
	}

	var buf bytes.Buffer
	if err := tab.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	wantCSV := `cohort,cohort_start,offset,observable,customers,retained,logo_retention,start_mrr,mrr,net_revenue_retention,gross_mrr,gross_revenue_retention,currency
2026-01,2026-01-01T00:00:00Z,0,true,2,2,1,300,300,1,300,1,USD
2026-01,2026-01-01T00:00:00Z,1,true,2,2,1,300,250,0.8333333333333334,200,0.6666666666666666,USD
2026-01,2026-01-01T00:00:00Z,2,true,2,1,0.5,300,150,0.5,100,0.3333333333333333,USD
2026-02,2026-02-01T00:00:00Z,0,true,1,1,1,50,50,1,50,1,USD
2026-02,2026-02-01T00:00:00Z,1,true,1,0,0,50,0,0,0,0,USD
2026-02,2026-02-01T00:00:00Z,2,false,,,,,,,,,USD
2026-03,2026-03-01T00:00:00Z,0,true,1,1,1,80,80,1,80,1,USD
2026-03,2026-03-01T00:00:00Z,1,false,,,,,,,,,USD
2026-03,2026-03-01T00:00:00Z,2,false,,,,,,,,,USD
`
	if buf.String() != wantCSV {
		t.Errorf("CSV:\n%s\nwant:\n%s", buf.String(), wantCSV)
	}
}

func TestCohortTableTimeZoneDecidesTheMonth(t *testing.T) {
	// 1 February 03:00 UTC is still 31 January in New York (UTC-5 in winter).
	ny := time.FixedZone("UTC-5", -5*3600)
	since := time.Date(2026, 2, 1, 3, 0, 0, 0, time.UTC)
	facts := []Fact{{Customer: "x", Since: since, At: since, MRR: usd("10"), StartMRR: usd("10")}}
	asOf := time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{{time.UTC, "2026-02"}, {ny, "2026-01"}} {
		tab, err := BuildTable(slices.Values(facts), asOf, tc.loc, TableOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := tab.Cohorts[0].Label; got != tc.want {
			t.Errorf("%s: cohort %s, want %s", tc.loc, got, tc.want)
		}
	}
}

func TestCohortTableQuarterYearAndKey(t *testing.T) {
	asOf := time.Date(2026, 3, 20, 23, 0, 0, 0, time.UTC)
	// Quarterly, one fact per customer and quarter: p starts in Q1 and expands
	// in Q2, r starts in Q2; as of 10 July (Q3) neither has a Q3 fact yet.
	qAsOf := time.Date(2026, 7, 10, 0, 0, 0, 0, time.UTC)
	qFacts := []Fact{
		{Customer: "p", Since: day(1, 15), At: day(2, 1), MRR: usd("10"), StartMRR: usd("10")},
		{Customer: "p", Since: day(1, 15), At: day(4, 2), MRR: usd("30"), StartMRR: usd("10")},
		{Customer: "r", Since: day(5, 15), At: day(6, 30), MRR: usd("20"), StartMRR: usd("20")},
	}
	q, err := BuildTable(slices.Values(qFacts), qAsOf, time.UTC, TableOptions{Period: PeriodQuarter})
	if err != nil {
		t.Fatal(err)
	}
	checkRow(t, q.Cohorts[0], "2026-Q1", []wantCell{
		{true, 1, 1, "10", "10", "10"}, {true, 1, 1, "10", "30", "10"}, {true, 1, 0, "10", "0", "0"},
	})
	checkRow(t, q.Cohorts[1], "2026-Q2", []wantCell{
		{true, 1, 1, "20", "20", "20"}, {true, 1, 0, "20", "0", "0"}, {observable: false},
	})
	if !q.Cohorts[1].Start.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Q2 starts %v", q.Cohorts[1].Start)
	}
	y, err := BuildTable(slices.Values(smallFacts()[:1]), asOf, time.UTC, TableOptions{Period: PeriodYear})
	if err != nil || y.Cohorts[0].Label != "2026" || !y.Cohorts[0].Start.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("yearly: %+v %v", y.Cohorts, err)
	}

	// By key: customers who started in different months share a cohort, and
	// each offset counts only the customers who have reached it.
	facts := smallFacts()
	for i := range facts {
		facts[i].Key = map[success.AccountID]string{"a": "pro", "b": "basic", "c": "pro", "d": "pro"}[facts[i].Customer]
	}
	k, err := BuildTable(slices.Values(facts), asOf, time.UTC, TableOptions{Grouping: ByKey})
	if err != nil {
		t.Fatal(err)
	}
	checkRow(t, k.Cohorts[0], "basic", []wantCell{
		{true, 1, 1, "200", "200", "200"}, {true, 1, 1, "200", "100", "100"}, {true, 1, 0, "200", "0", "0"},
	})
	checkRow(t, k.Cohorts[1], "pro", []wantCell{
		{true, 3, 3, "230", "230", "230"}, // a, c, d
		{true, 2, 1, "150", "150", "100"}, // a and c reached offset 1; d has not
		{true, 1, 1, "100", "150", "100"}, // only a reached offset 2
	})
	if !k.Cohorts[0].Start.IsZero() {
		t.Errorf("key cohort has a start %v", k.Cohorts[0].Start)
	}
}

func TestCohortTableBadInput(t *testing.T) {
	asOf := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	ok := Fact{Customer: "ok", Since: day(1, 1), At: day(1, 1), MRR: usd("10"), StartMRR: usd("10")}
	bad := func(mut func(*Fact)) Fact { f := ok; mut(&f); return f }
	facts := []Fact{
		ok,
		bad(func(f *Fact) { f.Customer = "late"; f.At = day(4, 1) }),
		bad(func(f *Fact) { f.Customer = "neg"; f.At = day(2, 1); f.MRR = usd("-5") }),
		bad(func(f *Fact) { f.Customer = "first"; f.MRR = usd("12") }),
		bad(func(f *Fact) { f.Customer = "before"; f.Since = day(2, 1); f.At = day(1, 1) }),
		bad(func(f *Fact) {
			f.Customer = "eur"
			f.MRR = success.MustMoney("10", "EUR")
			f.StartMRR = success.MustMoney("10", "EUR")
		}),
		bad(func(f *Fact) { f.Customer = "precise"; f.MRR = usd("10.0000001"); f.StartMRR = f.MRR }),
		bad(func(f *Fact) { f.Customer = "nostart"; f.Since = time.Time{} }),
		bad(func(f *Fact) { f.Customer = "future"; f.Since = day(5, 1); f.At = day(5, 1) }),
	}
	_, err := BuildTable(slices.Values(facts), asOf, time.UTC, TableOptions{})
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	msg := err.Error()
	for _, want := range []string{
		`facts[1].at: customer "late": 2026-04-01T12:00:00Z is after the as-of date`,
		`facts[2].mrr: customer "neg": -5.00 USD must not be negative`,
		`facts[3].mrr: customer "first": 12.00 USD in the customer's first period must equal start_mrr 10.00 USD`,
		`facts[4].at: customer "before"`,
		`facts[5].mrr: customer "eur": currency EUR differs from the table's USD`,
		`facts[6].mrr: customer "precise"`,
		`facts[7].since: customer "nostart": is required`,
		`facts[8].since: customer "future"`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}

	if _, err := BuildTable(slices.Values([]Fact(nil)), asOf, time.UTC, TableOptions{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("no facts: %v, want ErrEmpty", err)
	}
	if _, err := BuildTable(nil, asOf, time.UTC, TableOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil sequence: %v, want ErrInvalid", err)
	}
	// A cohort with later facts but no first-period fact has no customers.
	orphan := bad(func(f *Fact) { f.At = day(2, 1) })
	if _, err := BuildTable(slices.Values([]Fact{orphan}), asOf, time.UTC, TableOptions{}); !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), "2026-01") {
		t.Errorf("orphan cohort: %v, want ErrEmpty naming 2026-01", err)
	}
	if _, err := BuildTable(slices.Values([]Fact{ok}), asOf, time.UTC, TableOptions{Grouping: ByKey}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "key") {
		t.Errorf("missing key: %v", err)
	}
	if _, err := NewTableAccumulator(asOf, nil, TableOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil location: %v", err)
	}
	var zero TableAccumulator
	if err := zero.Add(ok); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero accumulator Add: %v", err)
	}
	if err := zero.AddAll(slices.Values([]Fact{ok})); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero accumulator AddAll: %v", err)
	}
	if _, err := zero.Table(); !errors.Is(err, ErrEmpty) {
		t.Errorf("zero accumulator Table: %v", err)
	}
	for _, o := range []TableOptions{{Period: "week"}, {Grouping: "plan"}} {
		if _, err := NewTableAccumulator(asOf, time.UTC, o); !errors.Is(err, ErrInvalid) {
			t.Errorf("options %+v: %v", o, err)
		}
	}
	a, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{})
	b, _ := NewTableAccumulator(asOf.Add(time.Hour), time.UTC, TableOptions{})
	if err := a.Merge(b); !errors.Is(err, ErrInvalid) {
		t.Errorf("merge across as-of dates: %v", err)
	}
}

// A fact rejected for mixing currencies does not choose the table's
// currency: the next valid fact does.
func TestCohortTableRejectedFactSetsNoCurrency(t *testing.T) {
	asOf := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	eur := func(s string) success.Money { return success.MustMoney(s, "EUR") }
	a, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{})
	mixed := Fact{Customer: "mixed", Since: day(1, 1), At: day(1, 1), MRR: usd("10"), StartMRR: eur("10")}
	err := a.Add(mixed)
	if !errors.Is(err, ErrCurrencyMismatch) || !errors.Is(err, success.ErrCurrencyMismatch) || !strings.Contains(err.Error(), `start_mrr: customer "mixed": currency EUR differs from mrr's USD`) {
		t.Fatalf("mixed currencies: %v", err)
	}
	noErr(t, a.Add(Fact{Customer: "e", Since: day(1, 1), At: day(1, 1), MRR: eur("10"), StartMRR: eur("10")}))
	tab, err := a.Table()
	noErr(t, err)
	if tab.Currency != "EUR" {
		t.Errorf("table currency %q, want EUR", tab.Currency)
	}
}

func TestCohortTableAddAllKeepsValidFactsAndCountsTheRest(t *testing.T) {
	asOf := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	good := Fact{Customer: "ok", Since: day(1, 1), At: day(1, 1), MRR: usd("10"), StartMRR: usd("10")}
	late := good
	late.At = day(6, 1)
	facts := []Fact{good}
	for range 150 {
		facts = append(facts, late)
	}
	a, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{})
	err := a.AddAll(slices.Values(facts))
	fe := success.AsFieldErrors(err)
	if len(fe) != maxReportedItems+1 || !strings.Contains(fe[len(fe)-1].Problem, "50 more invalid facts not listed (150 of 151 rejected)") {
		t.Fatalf("%d problems, last %v", len(fe), fe[len(fe)-1])
	}
	tab, err := a.Table()
	if err != nil || tab.Cohorts[0].Customers != 1 {
		t.Fatalf("valid fact not kept: %+v %v", tab, err)
	}
}

// fataler is what the table helpers need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func noErr(t fataler, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func csvOf(t fataler, a *TableAccumulator) string {
	t.Helper()
	tab, err := a.Table()
	noErr(t, err)
	var buf bytes.Buffer
	noErr(t, tab.WriteCSV(&buf))
	return buf.String()
}

func sameCSV(t fataler, what, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s differs from one pass:\n%s\nwant:\n%s", what, got, want)
	}
}

func TestCohortTableMergeEqualsOnePassRapid(t *testing.T) {
	asOf := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	// A zone loadable by name, so that shards decode into zero accumulators
	// as a pipeline's coder does (time/tzdata is imported for it).
	loc, err := time.LoadLocation("Asia/Tokyo")
	noErr(t, err)
	rapid.Check(t, func(t *rapid.T) {
		opts := TableOptions{
			Period:   rapid.SampledFrom([]Period{PeriodMonth, PeriodQuarter, PeriodYear}).Draw(t, "period"),
			Grouping: rapid.SampledFrom([]Grouping{ByStartPeriod, ByKey}).Draw(t, "grouping"),
		}
		monthsPer := map[Period]int{PeriodMonth: 1, PeriodQuarter: 3, PeriodYear: 12}[opts.Period]
		var facts []Fact
		for c := range rapid.IntRange(1, 15).Draw(t, "customers") {
			// Days up to the 28th, so stepping by whole periods never skips a month.
			since := time.Date(2024, time.Month(1+rapid.IntRange(0, 35).Draw(t, "month")), 1+rapid.IntRange(0, 27).Draw(t, "day"), 0, 0, 0, 0, time.UTC)
			start := usd(rapid.SampledFrom([]string{"0", "10", "99.99", "250.5"}).Draw(t, "start"))
			f := Fact{Customer: success.AccountID(rune('a' + c)), Since: since, Key: rapid.SampledFrom([]string{"pro", "basic"}).Draw(t, "key"), At: since, MRR: start, StartMRR: start}
			facts = append(facts, f)
			for off := range rapid.IntRange(0, 30).Draw(t, "months") {
				f.At = since.AddDate(0, (off+1)*monthsPer, 0)
				if f.At.After(asOf) {
					break
				}
				f.MRR = usd(rapid.SampledFrom([]string{"0", "5", "10", "300.25"}).Draw(t, "mrr"))
				facts = append(facts, f)
			}
		}
		one, err := NewTableAccumulator(asOf, loc, opts)
		noErr(t, err)
		noErr(t, one.AddAll(slices.Values(facts)))
		// Shards in any order, encoded, decoded and merged in any order.
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		perm := rapid.Permutation(facts).Draw(t, "order")
		shardOf := make([]int, len(perm))
		for i := range shardOf {
			shardOf[i] = rapid.IntRange(0, shards-1).Draw(t, "shard")
		}
		order := rapid.Permutation(accumtest.ShardNumbers(shards)).Draw(t, "merge order")
		merged, err := accumtest.MergeShards(func() *TableAccumulator {
			a, err := NewTableAccumulator(asOf, loc, opts)
			noErr(t, err)
			return a
		}, perm, shardOf, order)
		noErr(t, err)
		sameCSV(t, "merged shards", csvOf(t, merged), csvOf(t, one))

		// The state survives JSON and restores to the same table.
		raw, err := json.Marshal(merged.State())
		noErr(t, err)
		var st TableState
		noErr(t, json.Unmarshal(raw, &st))
		restored, err := RestoreTableAccumulator(st, loc)
		noErr(t, err)
		sameCSV(t, "restored state", csvOf(t, restored), csvOf(t, one))

		// Retention rates stay within their bounds.
		tab, err := one.Table()
		noErr(t, err)
		for _, row := range tab.Cohorts {
			for _, c := range row.Cells {
				if r, ok := c.LogoRetention(); ok && (r < 0 || r > 1) {
					t.Fatalf("logo retention %v", r)
				}
				if r, ok := c.GrossRevenueRetention(); ok && (r < 0 || r > 1) {
					t.Fatalf("gross revenue retention %v", r)
				}
			}
		}
	})
}

func TestToMicros(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"12.5", 12_500_000, true},
		{"12.500000000", 12_500_000, true}, // trailing zeros beyond micro-units are exact
		{"0.000001", 1, true},
		{"0.0000001", 0, false},                                // below a micro-unit
		{"-3.25", -3_250_000, true},                            // converted; Add rejects negatives
		{"999999999999.999999", 999_999_999_999_999_999, true}, // 18 digits: the largest accepted
		{"9223372036854.775807", 0, false},                     // 19 digits: refused though it would fit
		{"1e30", 0, false},
		{"123456789012345678901234567890", 0, false}, // coefficient beyond int64
		// 2⁶⁴+5: CoefficientInt64 alone would read 5; the digit count refuses it.
		{"18446744073709551621", 0, false},
		{"0.18446744073709551621", 0, false},
	}
	for _, tc := range tests {
		got, ok := toMicros(decimal.RequireFromString(tc.in)) // beyond ParseMoney's bound too, as a product may be
		if got != tc.want || ok != tc.ok {
			t.Errorf("toMicros(%s) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := addMicros(math.MaxInt64, 1); ok {
		t.Error("addMicros overflow not reported")
	}
}

func TestPeriodLabelsAndStarts(t *testing.T) {
	tests := []struct {
		p     Period
		t     time.Time
		label string
		start time.Time
	}{
		{PeriodMonth, time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), "2026-12", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
		{PeriodQuarter, time.Date(2026, 8, 15, 0, 0, 0, 0, time.UTC), "2026-Q3", time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)},
		{PeriodQuarter, time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC), "2026-Q4", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)},
		{PeriodYear, time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), "1999", time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)},
		{PeriodMonth, time.Date(-1, 1, 5, 0, 0, 0, 0, time.UTC), "-001-01", time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		x := newPeriodIndex(tc.p, time.UTC)
		n := x.number(tc.t)
		if got := periodLabel(tc.p, n); got != tc.label {
			t.Errorf("%s label of %v = %s, want %s", tc.p, tc.t, got, tc.label)
		}
		if got := periodStart(tc.p, n, time.UTC); !got.Equal(tc.start) {
			t.Errorf("%s start of %v = %v, want %v", tc.p, tc.t, got, tc.start)
		}
		// The cached path agrees with the calendar on the next lookups.
		if again := x.number(tc.t.Add(-time.Second)); again != n && tc.t.Add(-time.Second).After(tc.start) {
			t.Errorf("cached number %d, want %d", again, n)
		}
	}
}

func TestTableStateRestoreAndMergeErrors(t *testing.T) {
	asOf := time.Date(2026, 3, 20, 23, 0, 0, 0, time.UTC)
	a, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{})
	noErr(t, a.AddAll(slices.Values(smallFacts())))
	st := a.State()
	if _, err := RestoreTableAccumulator(st, time.FixedZone("UTC+1", 3600)); !errors.Is(err, ErrInvalid) {
		t.Errorf("restore in another location: %v", err)
	}
	dup := st
	dup.Cohorts = append(slices.Clone(st.Cohorts), st.Cohorts[0])
	if _, err := RestoreTableAccumulator(dup, time.UTC); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "2026-01") {
		t.Errorf("restore with a duplicate cohort: %v", err)
	}
	// A corrupt state is refused with every problem named, before Merge
	// could allocate a lookup spanning its start periods.
	corrupt := st
	corrupt.Cohorts = slices.Clone(st.Cohorts)
	corrupt.Cohorts[0].StartPeriod = 1 << 50
	corrupt.Cohorts[1].Cells = make([]CellState, 3)                                                          // February as of 20 March: 2 offsets
	corrupt.Cohorts = append(corrupt.Cohorts, CohortState{Key: "x", StartPeriod: st.Cohorts[2].StartPeriod}) // March again
	_, err := RestoreTableAccumulator(corrupt, time.UTC)
	fe := success.AsFieldErrors(err)
	if !errors.Is(err, ErrInvalid) || len(fe) != 3 || fe[0].Path != "cohorts[0].start_period" || fe[1].Path != "cohorts[1].cells" ||
		fe[2].Path != "cohorts[3]" || !strings.Contains(fe[2].Problem, "2026-03 is cohorts[2] again") {
		t.Errorf("corrupt state: %v", err)
	}
	k, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{Grouping: ByKey})
	keyState := k.State()
	keyState.Cohorts = []CohortState{{Key: ""}, {Key: "pro", Cells: make([]CellState, 2500)}}
	_, err = RestoreTableAccumulator(keyState, time.UTC)
	if fe := success.AsFieldErrors(err); len(fe) != 2 || fe[0].Path != "cohorts[0].key" || fe[1].Path != "cohorts[1].cells" {
		t.Errorf("corrupt key state: %v", err)
	}

	neg := st
	neg.Cohorts = slices.Clone(st.Cohorts)
	neg.Cohorts[0].Cells = []CellState{{MRRMicros: -1}}
	if _, err := RestoreTableAccumulator(neg, time.UTC); !errors.Is(err, ErrInvalid) {
		t.Errorf("restore with negative sums: %v", err)
	}
	eur, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{})
	noErr(t, eur.Add(Fact{Customer: "e", Since: day(1, 1), At: day(1, 1), MRR: success.MustMoney("5", "EUR"), StartMRR: success.MustMoney("5", "EUR")}))
	if err := a.Merge(eur); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("merge USD with EUR: %v", err)
	}
	quarterly, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{Period: PeriodQuarter})
	if err := a.Merge(quarterly); !errors.Is(err, ErrInvalid) {
		t.Errorf("merge month with quarter: %v", err)
	}
	before := csvOf(t, a)
	if err := a.Merge(eur); err == nil || csvOf(t, a) != before {
		t.Error("a failed merge changed the accumulator")
	}
	for name, b := range map[string]*TableAccumulator{"itself": a, "nil": nil} {
		if err := a.Merge(b); !errors.Is(err, ErrInvalid) || csvOf(t, a) != before {
			t.Errorf("merge with %s: %v, want ErrInvalid and no change", name, err)
		}
	}
}

func TestCohortTableAsOfBoundaryToTheNanosecond(t *testing.T) {
	asOf := time.Date(2026, 3, 20, 12, 0, 0, 500, time.UTC)
	a, _ := NewTableAccumulator(asOf, time.UTC, TableOptions{})
	f := Fact{Customer: "x", Since: asOf, At: asOf, MRR: usd("1"), StartMRR: usd("1")}
	if err := a.Add(f); err != nil {
		t.Errorf("fact at the as-of instant rejected: %v", err)
	}
	f.At = asOf.Add(time.Nanosecond)
	if err := a.Add(f); !errors.Is(err, ErrInvalid) {
		t.Errorf("fact one nanosecond after the as-of date: %v, want ErrInvalid", err)
	}
	f.At, f.Since = asOf, asOf.Add(time.Nanosecond)
	if err := a.Add(f); !errors.Is(err, ErrInvalid) {
		t.Errorf("start one nanosecond after the as-of date: %v, want ErrInvalid", err)
	}
	f.Since = time.Time{}
	if err := a.Add(f); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero start: %v, want ErrInvalid", err)
	}
	// A start 200 years before the as-of date is accepted (one cell per
	// period since); a second earlier, or a mistyped year, is refused
	// rather than allocating cells for every period since.
	oldest := asOf.AddDate(-maxHistoryYears, 0, 0)
	if err := a.Add(Fact{Customer: "y", Since: oldest, At: oldest, MRR: usd("1"), StartMRR: usd("1")}); err != nil {
		t.Errorf("start %v rejected: %v", oldest, err)
	}
	for _, since := range []time.Time{oldest.Add(-time.Nanosecond), time.Date(26, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(-1_000_000_000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		err := a.Add(Fact{Customer: "z", Since: since, At: asOf, MRR: usd("1"), StartMRR: usd("1")})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `since: customer "z":`) || !strings.Contains(err.Error(), "more than 200 years before the as-of date") {
			t.Errorf("start %v: %v, want ErrInvalid naming since", since, err)
		}
	}
}
