package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
	"github.com/secondsale/secondsale/success/voice"
)

// The test's base: small enough to run in a second or two, large enough
// for every model to fit.
const (
	testSeed     = 3
	testAccounts = 1500
)

var testAsOf = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

// report runs the program once and reads its report back.
func report(t *testing.T) (*chart.Doc, string, *sim.Base) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "review.html")
	var stdout, stderr bytes.Buffer
	require.NoError(t, run([]string{"-seed", "3", "-accounts", "1500", "-asof", "2026-09-01", "-out", out}, &stdout, &stderr))
	assert.Empty(t, stderr.String(), "no progress line when stderr is not a terminal")
	assert.Contains(t, stdout.String(), "report: "+out)
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	doc, err := chart.Parse(f)
	require.NoError(t, err, "the report is well-formed")
	base, err := sim.Generate(sim.Options{Seed: testSeed, Accounts: testAccounts, AsOf: testAsOf})
	require.NoError(t, err)
	return doc, stdout.String(), base
}

func TestReport(t *testing.T) {
	doc, stdout, base := report(t)
	through := testAsOf.AddDate(0, 0, -1)

	// Independently of the program: the SDK's results for the same base.
	mv, err := churn.NewMovements(churn.MovementOptions{Currency: sim.Currency})
	require.NoError(t, err)
	require.NoError(t, mv.AddFrom(base.Ledger()))
	rep, err := mv.Report(through)
	require.NoError(t, err)
	months := rep.Periods[len(rep.Periods)-reviewMonths:]

	table, err := cohort.BuildTableFrom(base.Ledger(), through, cohort.TableOptions{Grain: success.Quarterly})
	require.NoError(t, err)

	obs, err := cohort.ObserveSpells(base.Spells(), testAsOf, success.Monthly)
	require.NoError(t, err)
	km, err := cohort.KaplanMeierByStratum(slices.Values(obs), cohort.SurvivalOptions{Horizon: 36})
	require.NoError(t, err)
	require.NotNil(t, km.LogRank)

	nps, err := voice.NPS(base.NPS(), success.Quarterly, nil)
	require.NoError(t, err)

	plan, err := health.Compile(sim.Scorecard())
	require.NoError(t, err)
	var entries []health.PortfolioEntry
	for i := range base.Customers {
		c := &base.Customers[i]
		if c.Active(through) {
			s, err := base.Score(c, testAsOf)
			require.NoError(t, err)
			entries = append(entries, health.PortfolioEntry{Score: s, ARR: c.AccountAsOf(testAsOf).ARR})
		}
	}
	portfolio, err := health.SummarizePortfolio(slices.Values(entries), plan.Bands())
	require.NoError(t, err)

	current := time.Date(through.Year(), through.Month(), 1, 0, 0, 0, 0, time.UTC)
	bd, err := burden.Compare(success.Monthly, current.AddDate(-1, 0, 0), current, base.Tickets(), base.BurdenUsage(),
		burden.Options{Weights: sim.TicketWeights(), Directory: base.Directory()})
	require.NoError(t, err)

	var lost float64
	for e := range base.ChurnEvents() {
		a := e.LostARR
		if a.Currency() == "" {
			a = e.LostMRR.Mul(decimalTwelve)
		}
		lost += money(a)
	}

	// Every chart, with its series and points.
	npsPoints := 0
	for _, p := range nps.Periods {
		if !p.Figure.InsufficientData {
			npsPoints++
		}
	}
	// NRR and GRR are drawn where defined and based on enough customers a
	// year before.
	definedTrailing := 0
	for i, p := range months {
		k := len(rep.Periods) - len(months) + i - 12
		if p.Trailing.NRR.Defined() && k >= 0 && rep.Periods[k].EndCustomers >= minTrailingBase {
			definedTrailing++
		}
	}
	observable := make([]int, len(table.Cohorts))
	for i, row := range table.Cohorts {
		for _, c := range row.Cells {
			if c.Observable {
				observable[i]++
			}
		}
	}
	kmPoints := func(s string) int {
		c, _ := curveFor(km, s)
		return int(math.Min(36, math.Floor(c.Steps[len(c.Steps)-1].Time))) + 1
	}
	want := map[string][]int{
		"health-bands":       repeat(len(plan.Bands()), 2),
		"churn-matrix":       {2, 2},
		"mrr-movements":      repeat(reviewMonths, 5),
		"nrr-grr":            {definedTrailing, definedTrailing},
		"cohort-retention":   observable,
		"survival":           {kmPoints(sim.StratumGoodFit), kmPoints(sim.StratumBadFit)},
		"expansion-pipeline": repeat(3, 3),
		"burden":             repeat(len(sim.Segments()), 2),
		"nps":                {npsPoints},
	}
	for id, points := range want {
		f := doc.Figures[id]
		require.NotNil(t, f, "chart %s", id)
		require.Len(t, f.Series, len(points), "series of %s", id)
		for i, s := range f.Series {
			assert.Equal(t, points[i], s.DeclaredPoints, "%s/%s", id, s.Name)
			assert.Len(t, s.Tips, points[i], "marks of %s/%s", id, s.Name)
		}
	}
	// Charts whose shape depends on the program's own choices.
	for _, id := range []string{"score-trend", "second-sale", "sbg", "plays-opened"} {
		require.NotNil(t, doc.Figures[id], "chart %s", id)
	}
	trend := doc.Figures["score-trend"]
	assert.NotEmpty(t, trend.Series)
	for _, s := range trend.Series {
		assert.GreaterOrEqual(t, s.DeclaredPoints, 2, "a trend has two points at least: %s", s.Name)
	}
	assert.LessOrEqual(t, len(trend.Series), atRiskAccounts)
	for _, s := range trend.Series {
		assert.LessOrEqual(t, s.DeclaredPoints, historyMonths+1, s.Name)
	}
	sbg := doc.Figures["sbg"]
	require.Len(t, sbg.Series, 2)
	assert.Equal(t, sbgHorizon+1, sbg.Series[1].DeclaredPoints, "the projection covers its horizon")
	plays := doc.Figures["plays-opened"]
	for _, s := range plays.Series {
		assert.Equal(t, len(plays.Rows), s.DeclaredPoints, "one bar per owner for %s", s.Name)
	}
	// The race between the Second Sale and churn, by fit, read at each month.
	cif, err := cohort.CumulativeIncidenceByStratum(base.CompetingObservations(30), cohort.IncidenceOptions{})
	require.NoError(t, err)
	second := doc.Figures["second-sale"]
	require.Len(t, second.Series, 4)
	var rows int
	for _, c := range cif.Curves {
		end := c.Steps[len(c.Steps)-1].Time
		for _, s := range second.Series {
			if strings.HasPrefix(s.Name, c.Stratum+":") {
				assert.Equal(t, int(math.Min(36, math.Floor(end)))+1, s.DeclaredPoints, s.Name)
			}
		}
	}
	for _, row := range second.Rows {
		stratum, kind, _ := strings.Cut(row[0].Text, ": ")
		for _, c := range cif.Curves {
			if c.Stratum == stratum {
				assert.Equal(t, c.IncidenceAt(cohort.EventKind(kind), row[1].Value), row[2].Value, "%s at %v", row[0].Text, row[1].Value)
				rows++
			}
		}
	}
	assert.Equal(t, len(second.Rows), rows, "every row names a stratum")
	for _, id := range doc.Order {
		f := doc.Figures[id]
		assert.NotEmpty(t, f.Title, id)
		assert.NotEmpty(t, f.Sentence, id)
		require.Len(t, f.AxisLabels, 2, id)
		for _, l := range f.AxisLabels {
			assert.NotEmpty(t, l, id)
		}
		assert.Equal(t, len(f.Series), f.DeclaredSeries, id)
		assert.NotEmpty(t, f.Series, "%s has data", id)
		for _, s := range f.Series {
			assert.NotEmpty(t, s.Tips, "%s/%s has points", id, s.Name)
		}
		assert.NotEmpty(t, f.Rows, "%s has its table of figures", id)
	}

	// The numbers are the SDK's.
	last := months[len(months)-1]
	assert.Equal(t, ratio(last.Trailing.NRR), doc.Stats["nrr"])
	assert.Equal(t, ratio(last.Trailing.GRR), doc.Stats["grr"])
	assert.Equal(t, ratio(last.Metrics.LogoChurn), doc.Stats["logo-churn"])
	assert.Equal(t, money(last.EndMRR), doc.Stats["mrr"])
	movements := doc.Figures["mrr-movements"].Rows
	for i, p := range months {
		row := movements[i]
		assert.Equal(t, p.Label, row[0].Text)
		assert.Equal(t, []float64{money(p.New.MRR), money(p.Expansion.MRR), money(p.Reactivation.MRR), -money(p.Contraction.MRR), -money(p.Churn.MRR)},
			[]float64{row[1].Value, row[2].Value, row[3].Value, row[4].Value, row[5].Value}, p.Label)
	}
	for _, row := range doc.Figures["nrr-grr"].Rows {
		p := months[int(row[1].Value)]
		metric := p.Trailing.NRR
		if strings.HasPrefix(row[0].Text, "GRR") {
			metric = p.Trailing.GRR
		}
		assert.Equal(t, ratio(metric), row[2].Value, "%s %s", row[0].Text, p.Label)
	}
	heat := doc.Figures["cohort-retention"].Rows
	require.Len(t, heat, len(table.Cohorts))
	for i, row := range table.Cohorts {
		assert.Equal(t, fmt.Sprintf("%s (%d)", row.Label, row.Customers), heat[i][0].Text, "each cohort with its size")
		for k, c := range row.Cells {
			if v, ok := c.LogoRetention(); ok {
				assert.Equal(t, v, heat[i][k+1].Value, "%s +%d", row.Label, k)
			}
		}
	}
	for _, row := range doc.Figures["survival"].Rows {
		c, ok := curveFor(km, row[0].Text)
		require.True(t, ok, row[0].Text)
		assert.Equal(t, c.SurvivalAt(row[1].Value), row[2].Value, "%s at %v months", row[0].Text, row[1].Value)
	}
	assert.Equal(t, km.LogRank.PValue, doc.Stats["logrank-p"])
	assert.Less(t, doc.Stats["logrank-p"], 0.05, "good fit outlives bad fit, significantly")
	assert.Equal(t, nps.Overall.Score, doc.Stats["nps-overall"])
	assert.Equal(t, portfolio.ARRWeightedMean, doc.Stats["health-mean"])
	bands := doc.Figures["health-bands"].Rows
	for i, b := range portfolio.Bands {
		assert.Equal(t, b.Share, bands[i][2].Value, b.Band)
		assert.Equal(t, float64(b.Count), doc.Tables["health-band-figures"][i][1].Value, b.Band)
		assert.Equal(t, money(b.ARR), doc.Tables["health-band-figures"][i][2].Value, b.Band)
	}
	for i, s := range sim.Segments() {
		assert.Equal(t, scaled(bd.Segments[s].Current.Burden), doc.Figures["burden"].Rows[i][2].Value, s)
	}
	assert.InDelta(t, lost, doc.Stats["lost-arr"], 0.005)
	var quadrants float64
	for _, row := range doc.Figures["churn-matrix"].Rows {
		quadrants += row[1].Value + row[2].Value
	}
	assert.InDelta(t, doc.Stats["lost-arr"], quadrants, 0.005, "the quadrants add up to all lost ARR")

	// The churn matrix is churn's classification with the CSMs' risk flags.
	risk, err := base.RiskLog()
	require.NoError(t, err)
	cl, err := churn.NewClassifier(risk, churn.ClassifyOptions{})
	require.NoError(t, err)
	classes, _, err := cl.Report(context.Background(), base.ChurnEvents())
	require.NoError(t, err)
	matrix := doc.Figures["churn-matrix"].Rows
	assert.Equal(t, money(classes.ByQuadrant[churn.AvoidableExpected].LostARR), matrix[0][1].Value)
	assert.Equal(t, money(classes.ByQuadrant[churn.AvoidableUnexpected].LostARR), matrix[0][2].Value)
	assert.Equal(t, money(classes.ByQuadrant[churn.UnavoidableExpected].LostARR), matrix[1][1].Value)
	assert.Equal(t, money(classes.ByQuadrant[churn.UnavoidableUnexpected].LostARR), matrix[1][2].Value)
	assert.Equal(t, ratio(classes.WorstARRShare()), doc.Stats["worst-quadrant-share"])

	// Every customer of today is in the expansion pipeline once.
	var pipeline int
	for _, row := range doc.Figures["expansion-pipeline"].Rows {
		var n int
		_, err := fmt.Sscanf(row[0].Text[strings.LastIndex(row[0].Text, "("):], "(%d)", &n)
		require.NoError(t, err, row[0].Text)
		pipeline += n
	}
	assert.Equal(t, doc.Stats["customers"], float64(pipeline))
	assert.Equal(t, float64(len(entries)), doc.Stats["customers"])

	// The plays chart counts every play opened today.
	var opened float64
	for _, row := range doc.Figures["plays-opened"].Rows {
		for _, c := range row[1:] {
			opened += c.Value
		}
	}
	assert.Equal(t, doc.Stats["plays-opened"], opened)
	assert.Positive(t, opened)

	// Suppressions are split: plays already running (when_open) are no
	// decision to hold work back and are counted apart from the others.
	var running, held float64
	for _, row := range doc.Tables["plays-running"] {
		running += row[1].Value
	}
	for _, row := range doc.Tables["plays-held"] {
		assert.NotEqual(t, string(playbook.ClauseWhenOpen), row[1].Text)
		held += row[2].Value
	}
	assert.Equal(t, doc.Stats["plays-running"], running)
	assert.Equal(t, doc.Stats["plays-held"], held)
	assert.Positive(t, running)

	// Touchpoint goal-met rates by channel, over the last year.
	var tps []playbook.Touchpoint
	for tp := range base.Touchpoints() {
		if !tp.At.Before(testAsOf.AddDate(-1, 0, 0)) {
			tps = append(tps, tp)
		}
	}
	goals, err := playbook.ReportGoals(tps, slices.Collect(base.GoalsSeen()), testAsOf, nil)
	require.NoError(t, err)
	var channels [][]chart.Cell
	for _, g := range goals.Rates {
		if g.By == playbook.ByChannel {
			channels = append(channels, []chart.Cell{chart.Text(string(g.Key.Channel)), chart.Num(float64(g.Touchpoints), chart.Count), chart.Num(float64(g.Met), chart.Count)})
		}
	}
	got := doc.Tables["touchpoint-goals"]
	require.Len(t, got, len(channels))
	for i, row := range channels {
		assert.Equal(t, row, got[i][:3])
	}
	require.NotEmpty(t, doc.Tables["save-impact"], "the save play's impact is reported")
	assert.Contains(t, doc.Stats, "save-difference", "and measured, with its headline")

	assert.Contains(t, stdout, "Portfolio review as of 2026-09-01 (seed 3)")
}

func TestSameSeedSameReport(t *testing.T) {
	dir := t.TempDir()
	var pages [2][]byte
	for i := range pages {
		out := filepath.Join(dir, fmt.Sprint(i, ".html"))
		require.NoError(t, run([]string{"-seed", "5", "-accounts", "400", "-out", out}, io.Discard, io.Discard))
		var err error
		pages[i], err = os.ReadFile(out)
		require.NoError(t, err)
	}
	assert.True(t, bytes.Equal(pages[0], pages[1]), "the report depends on the seed alone")
}

var decimalTwelve = decimal.NewFromInt(12)

func repeat(points, series int) []int {
	out := make([]int, series)
	for i := range out {
		out[i] = points
	}
	return out
}

func TestFlags(t *testing.T) {
	var stderr bytes.Buffer
	cfg, err := parseFlags([]string{"-seed", "9", "-accounts", "10", "-asof", "2025-03-01", "-out", "x.html"}, &stderr)
	require.NoError(t, err)
	assert.Equal(t, config{seed: 9, accounts: 10, asOf: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), out: "x.html"}, cfg)
	for _, bad := range [][]string{{"-asof", "1 March"}, {"-accounts", "0"}, {"-accounts", "-5"}, {"extra"}, {"-nope"}} {
		_, err := parseFlags(bad, &stderr)
		assert.Error(t, err, "%v", bad)
	}
	cfg, err = parseFlags(nil, &stderr)
	require.NoError(t, err)
	assert.Equal(t, sim.DefaultAsOf, cfg.asOf)
	assert.Equal(t, sim.DefaultAccounts, cfg.accounts)
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	p.step("scoring")
	p.done()
	assert.Empty(t, buf.String(), "a buffer is not a terminal")

	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	require.NoError(t, err)
	defer f.Close()
	p = newProgress(f)
	assert.False(t, p.on, "a file is not a terminal")

	p = &progress{w: &buf, on: true}
	p.step("scoring health")
	p.step("plays")
	p.done()
	p.done()
	assert.Equal(t, "\rportfolio: scoring health…\rportfolio: plays…"+strings.Repeat(" ", len("portfolio: scoring health…")-len("portfolio: plays…"))+"\r"+strings.Repeat(" ", len("portfolio: plays…"))+"\r", buf.String())
}

// BenchmarkPortfolio is the whole review of the default base, 5,000
// accounts: simulation, every analysis and the report.
//
//	go test -run '^$' -bench Portfolio -benchtime 1x -count 5 ./examples/portfolio
func BenchmarkPortfolio(b *testing.B) {
	out := filepath.Join(b.TempDir(), "review.html")
	for b.Loop() {
		var stdout, stderr bytes.Buffer
		if err := run([]string{"-out", out}, &stdout, &stderr); err != nil {
			b.Fatal(err)
		}
	}
}

// A base too small for some models still gets its report, which says what
// could not be estimated, and draws no NaN.
func TestTinyBase(t *testing.T) {
	for _, accounts := range []string{"1", "5", "21"} {
		out := filepath.Join(t.TempDir(), "tiny.html")
		var stdout bytes.Buffer
		require.NoError(t, run([]string{"-seed", "2", "-accounts", accounts, "-out", out}, &stdout, io.Discard), accounts)
		page, err := os.ReadFile(out)
		require.NoError(t, err)
		_, err = chart.Parse(bytes.NewReader(page))
		require.NoError(t, err, accounts)
		// An undefined figure keeps NaN in its data-value and shows a word.
		drawn := strings.ReplaceAll(string(page), `data-value="NaN"`, "")
		assert.NotContains(t, drawn, "NaN", accounts)
		assert.NotContains(t, drawn, "Inf", accounts)
	}
	out := filepath.Join(t.TempDir(), "tiny.html")
	require.NoError(t, run([]string{"-seed", "2", "-accounts", "5", "-out", out}, io.Discard, io.Discard))
	page, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(page), "No sBG projection: no customer of these cohorts has churned yet.")
}

func TestUnwritableReportFailsAtOnce(t *testing.T) {
	err := run([]string{"-accounts", fmt.Sprint(sim.MaxAccounts), "-out", filepath.Join(t.TempDir(), "missing", "r.html")}, io.Discard, io.Discard)
	assert.ErrorIs(t, err, os.ErrNotExist, "fails before simulating the largest base")
}
