package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

const testScorecard = `{
  "id": "smb", "version": 1,
  "measures": [
    {"id": "logins", "weight": 2, "normaliser": {"kind": "linear", "min": 0, "max": 20, "direction": "higher_is_better"}},
    {"id": "tickets", "weight": 1, "normaliser": {"kind": "linear", "min": 0, "max": 10, "direction": "lower_is_better"}},
    {"id": "paid", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}}
  ]
}`

// testInputs is a small deterministic book: scored accounts (a few with an
// input of the wrong type, which the SDK refuses), an 18-month ledger,
// survival and competing-risks observations in two strata, and a year of
// purchases.
type testInputs struct {
	accounts     []account
	ledger       []success.LedgerRow
	observations []cohort.Observation
	competing    []cohort.CompetingObservation
	transactions []cohort.Transaction
}

func newTestInputs(seed uint64) testInputs {
	rng := rand.New(rand.NewPCG(seed, 1))
	var in testInputs
	for i := range 300 {
		inputs := health.Inputs{"logins": success.NumberValue(float64(rng.IntN(25))), "paid": success.BoolValue(rng.IntN(4) > 0)}
		if rng.IntN(5) > 0 {
			inputs["tickets"] = success.NumberValue(rng.Float64() * 12)
		}
		if i%41 == 7 {
			inputs["logins"] = success.StringValue("many") // refused: wrong type
		}
		in.accounts = append(in.accounts, account{File: "accounts.jsonl", Line: int64(i + 1), Account: success.AccountID(fmt.Sprintf("acct-%03d", i)),
			Segment: []string{"smb", "mid", "ent"}[i%3], ARR: success.MustMoney(fmt.Sprintf("%d.%02d", 1000+rng.IntN(90000), rng.IntN(100)), "USD"),
			Inputs: inputList(inputs)})
	}
	for i := range 200 {
		acct := success.AccountID(fmt.Sprintf("acct-%03d", i))
		start := rng.IntN(12)
		mrr := 50 + rng.IntN(500)
		for m := start; m < 18; m++ {
			d := time.Date(2025, time.Month(1+m), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			in.ledger = append(in.ledger, success.LedgerRow{Account: acct, Date: d, MRR: success.MustMoney(fmt.Sprintf("%d.%02d", mrr, rng.IntN(100)), "USD")})
			switch r := rng.IntN(20); {
			case r == 0:
				m = 18 // churned
			case r < 3:
				mrr += rng.IntN(100)
			case r < 4 && mrr > 60:
				mrr -= rng.IntN(50)
			}
		}
	}
	for i := range 600 {
		stratum := []string{"good fit", "bad fit"}[i%2]
		d := float64(1 + rng.IntN(24+12*(i%2)))
		in.observations = append(in.observations, cohort.Observation{Duration: d, Churned: rng.IntN(3) > 0, Stratum: stratum})
		ev := []cohort.EventKind{cohort.EventNone, cohort.EventChurn, cohort.EventExpansion}[rng.IntN(3)]
		in.competing = append(in.competing, cohort.CompetingObservation{Duration: d, Event: ev, Stratum: stratum})
	}
	year := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 1500 {
		acct := success.AccountID(fmt.Sprintf("buyer-%04d", i))
		rate := rng.ExpFloat64() / 20 // purchases per day while alive
		drop := 0.1 + 0.6*rng.Float64()
		spend := 10 + rng.ExpFloat64()*40
		at := year.AddDate(0, 0, rng.IntN(200))
		for {
			in.transactions = append(in.transactions, cohort.Transaction{Account: acct, At: at,
				Amount: success.MustMoney(fmt.Sprintf("%.2f", spend*(0.5+rng.Float64())), "USD")})
			if rng.Float64() < drop {
				break
			}
			at = at.Add(time.Duration(rng.ExpFloat64()/rate*24) * time.Hour)
			if at.Year() > 2025 {
				break
			}
		}
	}
	return in
}

func testConfig() config {
	return config{
		AsOf:      time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
		Grain:     success.Monthly,
		Scorecard: []byte(testScorecard),
		Currency:  "USD",
		CLV: clvOptions{CalibrationEnd: time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC), Unit: success.Weekly, Horizon: 13,
			Valuation: cohort.Valuation{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01}},
	}
}

// createShards puts items into the pipeline as n separate collections
// flattened into one, so that they reach the combine in separate bundles
// and the accumulators of the shards are merged.
func createShards[T any](s beam.Scope, items []T, n int) beam.PCollection {
	if len(items) == 0 {
		return beam.PCollection{} // the input is not given
	}
	if n <= 1 {
		return beam.CreateList(s, items)
	}
	var cols []beam.PCollection
	for i := range n {
		lo, hi := i*len(items)/n, (i+1)*len(items)/n
		cols = append(cols, beam.CreateList(s, items[lo:hi]))
	}
	return beam.Flatten(s, cols...)
}

// runPipeline runs the whole pipeline on prism with each input split into
// shards, and returns the output directory.
func runPipeline(t *testing.T, in testInputs, cfg config, shards int) string {
	t.Helper()
	dir := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	col := inputs{
		Accounts:     createShards(s, in.accounts, shards),
		Ledger:       ledger{Rows: createShards(s, in.ledger, shards)},
		Observations: createShards(s, in.observations, shards),
		Competing:    createShards(s, in.competing, shards),
		Transactions: createShards(s, in.transactions, shards),
	}
	_, err := build(s, cfg, col, nil, dir)
	require.NoError(t, err)
	require.NoError(t, ptest.Run(p))
	return dir
}

// singlePass computes every output with the SDK called directly, one pass
// over each input given, keyed by output file name (JSON lines sorted).
func singlePass(t *testing.T, in testInputs, cfg config) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	add := func(name string, v any) {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out[name] = append(out[name], string(b))
	}
	if len(in.accounts) > 0 {
		singlePassHealth(t, in, cfg, add)
	}
	if len(in.ledger) > 0 {
		m, err := churn.NewMovements(churn.MovementOptions{Grain: cfg.Grain})
		require.NoError(t, err)
		require.NoError(t, m.AddAll(slices.Values(in.ledger)))
		report, err := m.Report(cfg.AsOf)
		require.NoError(t, err)
		add(movementsFile, report)
		table, err := cohort.BuildTable(slices.Values(in.ledger), cfg.AsOf, cohort.TableOptions{Grain: cfg.Grain})
		require.NoError(t, err)
		var csv strings.Builder
		require.NoError(t, table.WriteCSV(&csv))
		out[cohortsFile] = strings.Split(strings.TrimSuffix(csv.String(), "\n"), "\n")
	}
	if len(in.observations) > 0 {
		km, err := cohort.KaplanMeierByStratum(slices.Values(in.observations), cfg.Survival)
		require.NoError(t, err)
		add(survivalFile, km)
	}
	if len(in.competing) > 0 {
		ci, err := cohort.CumulativeIncidenceByStratum(slices.Values(in.competing), cfg.Incidence)
		require.NoError(t, err)
		add(incidenceFile, ci)
	}
	if len(in.transactions) > 0 {
		singlePassCLV(t, in, cfg, add)
	}
	for name := range out {
		if name != cohortsFile {
			slices.Sort(out[name])
		}
	}
	return out
}

func singlePassHealth(t *testing.T, in testInputs, cfg config, add func(string, any)) {
	plan, err := compileScorecard(string(cfg.Scorecard))
	require.NoError(t, err)
	mi := records.NewMeasureInputs(plan)
	var arr map[success.AccountID]success.Money
	if len(in.ledger) > 0 {
		arr, err = arrByAccount(churn.MovementLog(slices.Values(in.ledger), cfg.AsOf, churn.MovementOptions{Grain: cfg.Grain}))
		require.NoError(t, err)
	}
	bySegment := map[string][]health.PortfolioEntry{}
	for _, a := range in.accounts {
		if arr != nil {
			a.ARR = success.ZeroMoney(cfg.Currency)
			if v, ok := arr[a.Account]; ok {
				a.ARR = v
			}
		}
		sc, err := plan.Score(a.Account, inputMap(a.Inputs), cfg.AsOf, health.ScoreOptions{})
		// The pipeline words a reject as the command-line tool does.
		var explained health.Score
		rej := mi.Explain(&explained, &records.AccountRecord{Account: a.Account, AsOf: cfg.AsOf, Inputs: a.Inputs}, a.File, a.Line)
		require.Equal(t, err != nil, rej != nil, "the SDK and the tool's reader disagree on %s:%d", a.File, a.Line)
		if err != nil {
			add(rejectsFile, *rej)
			continue
		}
		add(scoresFile, sc)
		bySegment[a.Segment] = append(bySegment[a.Segment], health.PortfolioEntry{Score: sc, ARR: a.ARR})
	}
	for seg, entries := range bySegment {
		sum, err := health.SummarizePortfolio(slices.Values(entries), plan.Bands())
		require.NoError(t, err)
		add(portfolioFile, segmentSummary{Segment: seg, Summary: sum})
	}
}

// singlePassCLV fits the models on every customer's summary, uncompressed.
func singlePassCLV(t *testing.T, in testInputs, cfg config, add func(string, any)) {
	summaries, err := cohort.Summarize(slices.Values(in.transactions), cfg.CLV.CalibrationEnd, cfg.CLV.Unit, cohort.SummaryOptions{})
	require.NoError(t, err)
	m, err := fit(summaries)
	require.NoError(t, err)
	add(modelsFile, m)
	for _, c := range summaries {
		v, err := m.value(c, cfg.CLV)
		require.NoError(t, err)
		add(customersFile, v)
	}
}

// readOutputs reads every output file of dir, JSON lines sorted.
func readOutputs(t *testing.T, dir string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if e.Name() == cohortsFile {
			// One element: the CSV document, in its own order.
		} else {
			slices.Sort(lines)
		}
		out[e.Name()] = lines
	}
	return out
}

// requireSameOutputs compares outputs file by file and line by line: every
// string (money amounts are decimal strings) and integer exactly, other
// numbers to tol relative, fitted model parameters to fitTol.
func requireSameOutputs(t *testing.T, want, got map[string][]string, tol, fitTol float64) {
	t.Helper()
	require.ElementsMatch(t, keys(want), keys(got), "output files")
	for name, lines := range want {
		require.Len(t, got[name], len(lines), name)
		for i := range lines {
			if name == cohortsFile {
				require.Equal(t, lines[i], got[name][i], "%s line %d", name, i+1)
				continue
			}
			var w, g any
			require.NoError(t, json.Unmarshal([]byte(lines[i]), &w), name)
			require.NoError(t, json.Unmarshal([]byte(got[name][i]), &g), name)
			eps := tol
			if name == modelsFile {
				eps = fitTol
			}
			if path, ok := jsonClose(w, g, eps, name); !ok {
				t.Fatalf("%s line %d differs at %s:\nwant %s\n got %s", name, i+1, path, lines[i], got[name][i])
			}
		}
	}
}

func keys(m map[string][]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}

// jsonClose compares decoded JSON, numbers to eps relative.
func jsonClose(w, g any, eps float64, path string) (string, bool) {
	switch w := w.(type) {
	case map[string]any:
		gm, ok := g.(map[string]any)
		if !ok || len(gm) != len(w) {
			return path, false
		}
		for k, v := range w {
			if p, ok := jsonClose(v, gm[k], eps, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		ga, ok := g.([]any)
		if !ok || len(ga) != len(w) {
			return path, false
		}
		for i := range w {
			if p, ok := jsonClose(w[i], ga[i], eps, fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	case float64:
		gf, ok := g.(float64)
		if !ok {
			return path, false
		}
		if w == gf || math.Abs(w-gf) <= eps*math.Max(1, math.Max(math.Abs(w), math.Abs(gf))) {
			return "", true
		}
		return path, false
	default:
		return path, w == g
	}
}

// TestPipelineEqualsSinglePass runs the pipeline on prism with every input
// in one shard and in seven, and compares every output with the SDK called
// directly: money and counts exactly, floats to 1e-12.
func TestPipelineEqualsSinglePass(t *testing.T) {
	in := newTestInputs(25)
	cfg := testConfig()
	want := singlePass(t, in, cfg)
	require.NotEmpty(t, want[rejectsFile], "the test book has accounts the SDK refuses")
	for _, shards := range []int{1, 7} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			requireSameOutputs(t, want, readOutputs(t, runPipeline(t, in, cfg, shards)), 1e-12, 1e-12)
		})
	}
}

// inputList is an account's inputs as the tool's reader lists them, by
// measure ID (the order of a JSON object written by encoding/json).
func inputList(in health.Inputs) []records.Input {
	var out []records.Input
	for _, id := range slices.Sorted(maps.Keys(in)) {
		out = append(out, records.Input{Measure: id, Value: in[id]})
	}
	return out
}

// inputMap is inputList's inverse, the inputs as Plan.Score takes them.
func inputMap(in []records.Input) health.Inputs {
	out := health.Inputs{}
	for _, x := range in {
		out[x.Measure] = x.Value
	}
	return out
}
