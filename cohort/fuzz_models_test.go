package cohort

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/success"
)

// Fuzz targets for the model fits, the predictions with fuzzed horizons and
// counts, ObserveSpells, Table.WriteCSV and the Step and Median JSON; the
// promise is the package's: no panic, every error wraps a documented
// sentinel, every success keeps its documented bounds.

// fuzzSummaries decodes up to sixteen customer summaries, mostly valid
// (recency within age, zero with no repeat purchase), now and then any
// float, another unit or another currency.
func fuzzSummaries(data []byte) []CustomerSummary {
	b := fuzzinput.Bytes(data)
	cs := make([]CustomerSummary, b.Byte()%17)
	for i := range cs {
		c := CustomerSummary{Account: success.AccountID(rune('a' + i)), Currency: "USD", Unit: success.Weekly}
		c.Frequency = int(b.Byte() % 8)
		c.Age = float64(b.Byte()) / 2.5
		c.Recency = c.Age * float64(b.Byte()) / 255
		c.MeanRepeatSpend = float64(b.Byte()) / 2
		if c.Frequency == 0 {
			c.Recency, c.MeanRepeatSpend = 0, 0
		}
		switch k := b.Byte(); {
		case k < 8:
			c.Age = b.Float()
		case k < 16:
			c.Recency = b.Float()
		case k < 24:
			c.MeanRepeatSpend = b.Float()
		case k < 28:
			c.Frequency = fuzzinput.Pick(&b, -1, 1000, math.MaxInt32, math.MaxInt)
		case k < 32:
			c.Unit = fuzzinput.Pick(&b, success.Daily, success.Monthly, "", "weeks")
		case k < 36:
			c.Currency = fuzzinput.Pick(&b, success.Currency("EUR"), "", "usd")
		}
		cs[i] = c
	}
	return cs
}

var fuzzSummarySeeds = [][]byte{
	{6, 2, 100, 200, 40, 255, 0, 50, 0, 0, 255, 3, 90, 128, 60, 255, 1, 40, 250, 30, 255, 5, 97, 100, 80, 255, 0, 20, 0, 0, 255},
	{3, 1, 100, 255, 20, 255, 1, 100, 255, 20, 255, 1, 100, 255, 20, 255}, // every customer alike
	{2, 1, 100, 200, 40, 0, 0, 1, 50, 100, 40, 26, 2},                     // a NaN age, a huge frequency
	{0},
}

func FuzzFitBGNBD(f *testing.F) {
	for _, s := range fuzzSummarySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		cs := fuzzSummaries(data)
		m, err := FitBGNBD(cs, FitOptions{MaxIterations: 200})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty, ErrNotConverged)
			return
		}
		requireFinite(t, "BG/NBD parameters", m.R, m.Alpha, m.A, m.B, m.RSE, m.AlphaSE, m.ASE, m.BSE, m.Fit.LogLikelihood)
		if !(m.R > 0 && m.Alpha > 0 && m.A > 0 && m.B > 0) {
			t.Fatalf("parameters %+v", m)
		}
		for _, c := range cs {
			p, err := m.ProbabilityAlive(c)
			if err != nil {
				t.Fatalf("a fitted customer is rejected: %v", err)
			}
			requireUnit(t, "P(alive)", p)
			if e, err := m.ExpectedPurchases(c, 52); err != nil {
				fuzzinput.RequireSentinel(t, err, ErrNotConverged)
			} else if requireFinite(t, "expected purchases", e); e < 0 {
				t.Fatalf("expected purchases %v", e)
			}
		}
		fuzzinput.RequireJSON(t, m)
	})
}

func FuzzFitGammaGamma(f *testing.F) {
	for _, s := range fuzzSummarySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		cs := fuzzSummaries(data)
		m, err := FitGammaGamma(cs, FitOptions{MaxIterations: 200})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty, ErrNotConverged)
			return
		}
		requireFinite(t, "Gamma-Gamma parameters", m.P, m.Q, m.Gamma, m.PSE, m.QSE, m.GammaSE, m.Fit.LogLikelihood)
		if !(m.P > 0 && m.Q > 0 && m.Gamma > 0) || m.RepeatBuyers < 2 || m.RepeatBuyers > len(cs) {
			t.Fatalf("fit %+v from %d customers", m, len(cs))
		}
		for _, c := range cs {
			if s, err := m.ExpectedAverageSpend(c); err != nil {
				fuzzinput.RequireSentinel(t, err, ErrInvalid) // q <= 1 or an overflow
			} else if requireFinite(t, "expected spend", s); s < 0 {
				t.Fatalf("expected spend %v", s)
			}
		}
		fuzzinput.RequireJSON(t, m)
	})
}

// fuzzSpellDate is a date in 2020-2026, now and then zero, at the ends of
// the years 1 to 9999 or beyond them, in one of three zones.
func fuzzSpellDate(b *fuzzinput.Bytes) time.Time {
	var at time.Time
	switch k := b.Byte(); {
	case k < 12:
		at = fuzzinput.Pick(b, time.Time{}, time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
			time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(-1, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1700, 2, 28, 0, 0, 0, 0, time.UTC))
	default:
		at = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(k)*9+int(b.Byte()))
		at = at.Add(time.Duration(b.Byte()) * 7 * time.Minute)
	}
	return at.In(fuzzinput.Pick(b, time.UTC, time.UTC, fuzzEast, fuzzWest))
}

func FuzzObserveSpells(f *testing.F) {
	f.Add([]byte{2, 0, 0, 3, 100, 5, 0, 1, 0, 1, 200, 0, 0, 0, 1, 120, 3, 0, 0, 0})
	f.Add([]byte{2, 0, 1, 0, 1, 2, 0, 0, 0, 1, 0, 5, 2, 1, 1, 5, 0, 2, 0}) // year 1 spells
	f.Add([]byte{3, 5, 1, 0, 4, 0, 1, 9, 3, 0, 0, 1, 0, 1, 1, 0, 0, 1})    // the years' limits
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		unit := fuzzinput.Pick(&b, success.Daily, success.Weekly, success.Monthly, success.Yearly, success.Quarterly, "")
		asOf := fuzzinput.Pick(&b, fuzzAsOf, fuzzAsOf.In(fuzzWest), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Time{}, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
		var spells []Spell
		for len(b) > 0 && len(spells) < 64 {
			s := Spell{Account: fuzzinput.Pick(&b, success.AccountID("a"), "b", "c", "d", "e", "f", "")}
			s.Start = fuzzSpellDate(&b)
			if b.Bool() {
				s.End = fuzzSpellDate(&b)
			}
			s.Stratum = fuzzinput.Pick(&b, "", "good", "bad")
			spells = append(spells, s)
		}
		obs, err := ObserveSpells(slices.Values(spells), asOf, unit)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid)
			return
		}
		if len(obs) != len(spells) {
			t.Fatalf("%d observations from %d spells", len(obs), len(spells))
		}
		for i, o := range obs {
			if !(o.Duration >= 0) || math.IsInf(o.Duration, 0) {
				t.Fatalf("spell %d: duration %v", i, o.Duration)
			}
			if o.Churned == spells[i].End.IsZero() || o.Stratum != spells[i].Stratum {
				t.Fatalf("spell %d: %+v from %+v", i, o, spells[i])
			}
			// Days are elapsed Unix seconds: no saturation at 292 years.
			end := spells[i].End
			if end.IsZero() {
				end = asOf
			}
			if unit == success.Daily {
				want := float64(end.Unix()-spells[i].Start.Unix()) / 86400
				if math.Abs(o.Duration-want) > 1e-6 {
					t.Fatalf("spell %d: %v days, want %v", i, o.Duration, want)
				}
			}
		}
		if len(obs) > 0 {
			c, err := KaplanMeier(slices.Values(obs), SurvivalOptions{})
			if err != nil {
				t.Fatalf("observations ObserveSpells made are rejected: %v", err)
			}
			requireCurve(t, c)
		}
	})
}

// SBG projections and values with fuzzed parameters, horizons, renewals and
// discount rates (not only a horizon of 12): within bounds or rejected, and
// never costlier than the caps allow.
func FuzzSBGPredictions(f *testing.F) {
	f.Add(0.668, 3.806, 1000.0, 12, 0.1, 3, "120")
	f.Add(0.668, 3.806, 1000.0, math.MaxInt, 1e-9, math.MaxInt, "1e20")
	f.Add(1e-300, 1e300, math.Inf(1), -1, math.NaN(), -5, "-3")
	f.Add(2.0, 5.0, 1.0, MaxPeriods, 4e-5, MaxPeriods, "0.005")
	f.Fuzz(func(t *testing.T, alpha, beta, size float64, horizon int, d float64, renewals int, margin string) {
		defer fuzzinput.Deadline()()
		m := SBG{Alpha: alpha, Beta: beta}
		sentinels := []error{ErrInvalid, ErrNotConverged, ErrCurrencyMismatch}
		if p, err := m.Project(size, horizon); err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid)
		} else {
			if len(p) != horizon+1 || horizon > MaxPeriods {
				t.Fatalf("%d periods for horizon %d", len(p), horizon)
			}
			last := math.Inf(1)
			for _, q := range p {
				requireUnit(t, "survival and retention", q.Survival, q.Retention)
				if !(q.Survivors >= 0) || q.Survivors > last {
					t.Fatalf("survivors %v after %v", q.Survivors, last)
				}
				last = q.Survivors
			}
		}
		if m.validate() == nil { // Survival and Retention assume a fitted model
			requireUnit(t, "Survival(horizon)", m.Survival(horizon))
			requireUnit(t, "Retention(renewals)", m.Retention(renewals))
		}
		if del, err := m.DEL(d); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else if requireFinite(t, "DEL", del); del < 1 {
			t.Fatalf("DEL %v below the undiscounted first period", del)
		}
		if derl, err := m.DERL(d, renewals); err != nil {
			fuzzinput.RequireSentinel(t, err, sentinels...)
		} else if requireFinite(t, "DERL", derl); derl < 0 {
			t.Fatalf("DERL %v", derl)
		}
		money, err := success.ParseMoney(margin, "USD")
		if err != nil {
			return
		}
		for _, value := range []func() (success.Money, error){
			func() (success.Money, error) { return m.CLV(money, d) },
			func() (success.Money, error) { return m.ResidualCLV(money, d, renewals) },
		} {
			v, err := value()
			if err != nil {
				fuzzinput.RequireSentinel(t, err, sentinels...)
				continue
			}
			if v.Currency() != "USD" || (v.IsNegative() && !money.IsNegative()) {
				t.Fatalf("value %v of margin %v", v, money)
			}
		}
	})
}

// CustomerLifetimeValue with fuzzed periods, period lengths and rates.
func FuzzCustomerLifetimeValue(f *testing.F) {
	f.Add(12, 30.0/7, 0.01, 0.0, 2, 30.43, 38.86, 22.35)
	f.Add(MaxPeriods, 30.0/7, 0.0, 1.0, 100, 38.0, 38.86, 22.35)
	f.Add(math.MaxInt, 1e300, 0.0, 0.5, 500, 38.0, 38.86, 1e300)
	f.Add(3, math.NaN(), -1.0, 2.0, -1, -1.0, math.Inf(1), -5.0)
	f.Fuzz(func(t *testing.T, periods int, length, rate, margin float64, frequency int, recency, age, spend float64) {
		defer fuzzinput.Deadline()()
		gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
		c := CustomerSummary{Account: "c", Frequency: frequency, Recency: recency, Age: age, MeanRepeatSpend: spend, Currency: "USD", Unit: success.Weekly}
		v := Valuation{Periods: periods, PeriodLength: length, DiscountRate: rate, Margin: margin}
		clv, err := CustomerLifetimeValue(cdnowPublished, gg, c, v)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrNotConverged)
			return
		}
		if periods > MaxPeriods || clv.IsNegative() || clv.Currency() != "USD" {
			t.Fatalf("CLV %v over %d periods", clv, periods)
		}
	})
}

// csvFormulaStart reports whether a cell would open as a formula.
func csvFormulaStart(s string) bool { return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) }

// WriteCSV of a table grouped by fuzzed keys: one record per cell with the
// header's width, every label as it was or defused with a single quote.
func FuzzTableWriteCSV(f *testing.F) {
	f.Add([]byte{0, 0, 10, 1, 1, 0, 1, 1, 0, 1, 0, 12, 1, 0, 0, 1, 1, 0}, "=cmd|' /C calc'!A0", "plan \"pro\"\n")
	f.Add([]byte{2, 0, 0, 8, 1, 1, 2, 1, 0, 6, 0, 1, 40, 1, 3, 1, 0, 1, 0, 6, 0, 6, 0, 1, 1, 2, 0}, "\t-1", "@x")
	f.Fuzz(func(t *testing.T, data []byte, key1, key2 string) {
		defer fuzzinput.Deadline()()
		b := fuzzinput.Bytes(data)
		opts := TableOptions{Grain: fuzzinput.Pick(&b, success.Monthly, success.Quarterly, success.Yearly), Grouping: ByKey,
			Key: func(id success.AccountID) string {
				if id == "a" || id == "c" {
					return key1
				}
				return key2
			}}
		if b.Bool() {
			opts = TableOptions{}
		}
		tab, err := BuildTable(fuzzRows(b, "100"), fuzzAsOf, opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrCurrencyMismatch)
			return
		}
		var buf bytes.Buffer
		if err := tab.WriteCSV(&buf); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		records, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("the CSV does not read back: %v", err)
		}
		if len(records) == 0 || !slices.Equal(records[0], csvHeader) {
			t.Fatalf("header %q", records)
		}
		i := 1
		for _, row := range tab.Cohorts {
			for range row.Cells {
				if i >= len(records) {
					t.Fatalf("%d records for %d cohorts", len(records), len(tab.Cohorts))
				}
				label := records[i][0]
				if csvFormulaStart(label) {
					t.Fatalf("label %q opens as a formula", label)
				}
				// encoding/csv reads a quoted \r\n back as \n.
				want := strings.ReplaceAll(row.Label, "\r\n", "\n")
				if label != want && label != "'"+want {
					t.Fatalf("label %q written as %q", row.Label, label)
				}
				i++
			}
		}
		if i != len(records) {
			t.Fatalf("%d records, %d cells", len(records)-1, i-1)
		}
	})
}

// Step and Median decode any JSON into a value that encodes and decodes to
// itself; a decoding error wraps ErrInvalid.
func FuzzStepMedianJSON(f *testing.F) {
	f.Add([]byte(`{"time":3,"at_risk":10,"churned":2,"censored":1,"survival":0.8,"se":0.1,"hazard_se":0.125,"lower":0.5,"upper":0.95}`))
	f.Add([]byte(`{"time":3,"survival":0,"hazard_se":null}`))
	f.Add([]byte(`{"time":12.5,"lower":null,"upper":20}`))
	f.Add([]byte(`{"time":1e400}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		requireJSONRoundTrip[Step](t, data)
		requireJSONRoundTrip[Median](t, data)
	})
}

func requireJSONRoundTrip[T any](t *testing.T, data []byte) {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		if json.Valid(data) { // else encoding/json rejects it before calling UnmarshalJSON
			fuzzinput.RequireSentinel(t, err, ErrInvalid)
		}
		return
	}
	out := fuzzinput.RequireJSON(t, v)
	var back T
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("%T it wrote does not read back: %v\n%s", v, err, out)
	}
	if !reflect.DeepEqual(v, back) {
		t.Fatalf("%T changes in a round trip: %+v, then %+v", v, v, back)
	}
}
