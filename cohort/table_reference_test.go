package cohort

import (
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// referenceCell is a cell computed the slow, obvious way: calendar dates
// from time.In and decimal sums, with none of the accumulator's caches.
type referenceCell struct {
	customers, retained int64
	start, mrr, gross   decimal.Decimal
}

// referenceTable computes the table of facts straight from the definitions in
// Fact and Cell, for facts that all valid and each customer's first-period
// fact among them. Rows are keyed by label; width is the number of offsets.
func referenceTable(facts []Fact, asOf time.Time, loc *time.Location, opts TableOptions) (rows map[string][]referenceCell, width int) {
	number := func(t time.Time) int {
		y, m, _ := t.In(loc).Date()
		return periodNumber(opts.Period, y, m)
	}
	label := func(f Fact) string {
		if opts.Grouping == ByKey {
			return f.Key
		}
		return periodLabel(opts.Period, number(f.Since))
	}
	asOfN := number(asOf)
	for _, f := range facts {
		width = max(width, asOfN-number(f.Since)+1)
	}
	rows = map[string][]referenceCell{}
	row := func(l string) []referenceCell {
		if rows[l] == nil {
			rows[l] = make([]referenceCell, width)
		}
		return rows[l]
	}
	for _, f := range facts {
		cells := row(label(f))
		since := number(f.Since)
		k := number(f.At) - since
		c := &cells[k]
		c.mrr = c.mrr.Add(f.MRR.Amount())
		c.gross = c.gross.Add(decimal.Min(f.MRR.Amount(), f.StartMRR.Amount()))
		if f.MRR.IsPositive() {
			c.retained++
		}
		if k == 0 { // enrolment: the customer counts at every offset reached
			for r := 0; r <= asOfN-since; r++ {
				cells[r].customers++
				cells[r].start = cells[r].start.Add(f.StartMRR.Amount())
			}
		}
	}
	return rows, width
}

// The accumulator's fast paths (period hints, the cached cohort, amounts
// compared by identity) give exactly the table of the definitions, whatever
// the order of the facts, the time zone and how amounts share decimals.
func TestCohortTableEqualsReferenceRapid(t *testing.T) {
	asOf := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		opts := TableOptions{
			Period:   rapid.SampledFrom([]Period{PeriodMonth, PeriodQuarter, PeriodYear}).Draw(t, "period"),
			Grouping: rapid.SampledFrom([]Grouping{ByStartPeriod, ByKey}).Draw(t, "grouping"),
		}
		loc := time.FixedZone("zone", 3600*rapid.IntRange(-12, 14).Draw(t, "utcOffset"))
		amounts := []string{"0", "0.000001", "10", "99.99", "250.5", "1000000"}
		var facts []Fact
		for c := range rapid.IntRange(1, 12).Draw(t, "customers") {
			since := time.Date(2023, time.Month(1+rapid.IntRange(0, 47).Draw(t, "month")), 1+rapid.IntRange(0, 30).Draw(t, "day"),
				rapid.IntRange(0, 23).Draw(t, "hour"), 0, 0, 0, time.UTC)
			if since.After(asOf) {
				since = asOf
			}
			start := usd(rapid.SampledFrom(amounts).Draw(t, "start"))
			shared := rapid.Bool().Draw(t, "sharedStart") // one decimal for all the customer's StartMRR, or a fresh one each
			startOf := func() success.Money {
				if shared {
					return start
				}
				return usd(start.Amount().String())
			}
			first := Fact{Customer: success.AccountID(rune('a' + c)), Since: since, At: since, MRR: start, StartMRR: startOf(),
				Key: rapid.SampledFrom([]string{"pro", "basic", "team"}).Draw(t, "key")}
			facts = append(facts, first)
			// Later facts on any days after the start (several may fall in one
			// period for coarse periods: the host's choice to send them).
			seen := map[int]bool{}
			x := newPeriodIndex(opts.Period, loc)
			seen[x.number(since)] = true
			for range rapid.IntRange(0, 30).Draw(t, "later") {
				// Often exactly at or just before a period boundary, where
				// the cached boundaries must agree with the calendar.
				at := since.Add(time.Duration(rapid.IntRange(1, 1500).Draw(t, "days")) * 24 * time.Hour)
				if rapid.Bool().Draw(t, "nearBoundary") {
					at = periodStart(opts.Period, x.number(since)+rapid.IntRange(1, 40).Draw(t, "periods"), loc).
						Add(rapid.SampledFrom([]time.Duration{0, -time.Second, -time.Nanosecond, time.Nanosecond}).Draw(t, "shift"))
				}
				if at.After(asOf) || seen[x.number(at)] {
					continue
				}
				seen[x.number(at)] = true
				f := first
				f.At, f.StartMRR = at, startOf()
				f.MRR = usd(rapid.SampledFrom(amounts).Draw(t, "mrr"))
				if rapid.Bool().Draw(t, "mrrIsStart") {
					f.MRR = f.StartMRR
				}
				facts = append(facts, f)
			}
		}
		facts = rapid.Permutation(facts).Draw(t, "order")
		tab, err := BuildTable(slices.Values(facts), asOf, loc, opts)
		noErr(t, err)
		want, width := referenceTable(facts, asOf, loc, opts)
		if len(tab.Cohorts) != len(want) {
			t.Fatalf("%d cohorts, want %d", len(tab.Cohorts), len(want))
		}
		for _, row := range tab.Cohorts {
			ref, ok := want[row.Label]
			if !ok || len(row.Cells) != width {
				t.Fatalf("cohort %s: %d cells, want %d (known: %v)", row.Label, len(row.Cells), width, ok)
			}
			for k, c := range row.Cells {
				r := ref[k]
				if c.Observable != (r.customers > 0) || c.Customers != r.customers || c.Retained != r.retained ||
					!c.StartMRR.Amount().Equal(r.start) || !c.MRR.Amount().Equal(r.mrr) || !c.GrossMRR.Amount().Equal(r.gross) {
					t.Fatalf("cohort %s offset %d = %+v, want %+v", row.Label, k, c, r)
				}
			}
		}
	})
}
