package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden (then check them by hand)")

// testdataDir is absolute, so that run may chdir there more than once.
var testdataDir, _ = filepath.Abs("testdata")

// result is one run of the tool.
type result struct {
	code           int
	stdout, stderr string
	dir            string // the run's temporary directory, for output files
}

// run runs the tool in-process, in testdata, with a temporary directory
// for output files ($TMP in args).
func run(t *testing.T, ctx context.Context, stdin string, args ...string) result {
	t.Helper()
	dir := t.TempDir()
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "$TMP", dir)
	}
	t.Chdir(testdataDir)
	var out, errb bytes.Buffer
	code := Main(ctx, args, strings.NewReader(stdin), &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String(), dir: dir}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("golden", name)
	if *update {
		require.NoError(t, os.MkdirAll("golden", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "golden file %s (go test -update rewrites it)", path)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		files  []string // output files in $TMP to compare too
		stderr []string // lines the summary must contain
	}{
		// a1 75 green; a2 60 yellow; a3 70 yellow on half the weight; a4
		// and a7 on logins alone (100 green, 0 red); a5 (unlisted plan), a6
		// (a string for a boolean) and the truncated last line rejected.
		{name: "score.jsonl", args: []string{"score", "-scorecard", "card.json", "-as-of", "2026-03-01", "-rejects", "$TMP/rejects.jsonl", "accounts.jsonl"},
			code: 1, files: []string{"rejects.jsonl"}, stderr: []string{"read 8 records, wrote 5, rejected 3"}},
		{name: "score_explain.csv", args: []string{"score", "-scorecard", "card.json", "-as-of", "2026-03-01", "-explain", "-format", "csv", "-allow-rejects", "accounts.jsonl"},
			code: 0, stderr: []string{"read 8 records, wrote 5, rejected 3"}},
		// The same rejects as without -explain (ScoreValues, not the batch).
		{name: "score_explain.jsonl", args: []string{"score", "-scorecard", "card.json", "-as-of", "2026-03-01", "-explain", "-allow-rejects", "-rejects", "$TMP/rejects.jsonl", "accounts.jsonl"},
			code: 0, files: []string{"rejects.jsonl"}},
		// a4 is enterprise: logins 50 of 100 is 50, yellow.
		{name: "score_set.csv", args: []string{"score", "-set", "set.json", "-as-of", "2026-03-01", "-format", "csv", "-allow-rejects", "accounts.jsonl"},
			code: 0},
		// Jan: a 100 + b 50 new. Feb: a +20, b churns 50, c new 30 (150
		// to 150). Mar: b reactivates 40, c contracts 20 (150 to 170).
		{name: "movements.csv", args: []string{"movements", "-accounts", "$TMP/accounts.csv", "-rejects", "$TMP/rejects.jsonl", "ledger.csv"},
			code: 1, files: []string{"accounts.csv", "rejects.jsonl"}, stderr: []string{"read 9 records, wrote 3, rejected 2"}},
		// The same ledger as JSON Lines: the same report.
		{name: "movements.csv", args: []string{"movements", "-allow-rejects", "ledger.jsonl"}, code: 0,
			stderr: []string{"ledger.jsonl:5: date: not a date", "ledger.jsonl:9: amount: not a number"}},
		// a: 100 a month from 15 Jan; b: 1,200 a year (100 a month) from 1
		// Jan to 1 Mar, churned in March; c starts and ends within February
		// (the month-end ledger never sees it: a reject, not a loss).
		{name: "movements_subscriptions.csv", args: []string{"movements", "-subscriptions", "-through", "2026-03-31", "-allow-rejects", "subscriptions.jsonl"}, code: 0,
			stderr: []string{"subscriptions.jsonl:3: starts and ends between two month-end snapshots", "subscriptions.jsonl:4: amount:"}},
		{name: "movements.jsonl", args: []string{"movements", "-format", "jsonl", "-allow-rejects", "ledger.csv"}, code: 0},
		// Jan cohort a+b (150): 2 customers 150, then a alone 120 (gross
		// 100), then a 120 + b 40 (gross 140). Feb cohort c: 30, then 10.
		{name: "cohorts.csv", args: []string{"cohorts", "-allow-rejects", "ledger.csv"}, code: 0},
		{name: "cohorts_quarter.csv", args: []string{"cohorts", "-by", "quarter", "-allow-rejects", "ledger.csv"}, code: 0},
		// By the plan column: a pro, b basic then pro (rejected), c basic.
		{name: "cohorts_key.csv", args: []string{"cohorts", "-by", "key", "-key", "plan", "-allow-rejects", "ledger_key.csv"},
			code: 0, stderr: []string{"ledger_key.csv:5: plan: differs from the account's key on an earlier line"}},
		// A: 2/3 after t=1, 2/3 at 2 (censored), 0 at 3. B: 1 at 1
		// (censored), 1/2 at 2, 0 at 4.
		{name: "survival.csv", args: []string{"survival", "-allow-rejects", "survival.csv"}, code: 0,
			stderr: []string{"log-rank test: chi-square", "survival.csv:8: duration: not a number >= 0"}},
		// at_risk, survival and the log-log bounds as R 4.2's
		// summary(survfit(Surv(t, e) ~ s, conf.type = "log-log"),
		// times = c(0.5, 1, 2, 3, 5), extend = TRUE) gives them (R leaves
		// the bounds NA where this writes 1 or 0).
		{name: "survival_at.csv", args: []string{"survival", "-at", "0.5,1,2,3,5", "-allow-rejects", "survival.csv"}, code: 0},
		{name: "survival_compete.csv", args: []string{"survival", "-compete", "-duration", "months", "-event", "first", "-stratum", "segment", "competing.csv"},
			code: 0, stderr: []string{"Gray's test, churn:", "Gray's test, expansion:"}},
		{name: "survival_compete_at.csv", args: []string{"survival", "-compete", "-at", "2,4", "-duration", "months", "-event", "first", "-stratum", "segment", "competing.csv"}, code: 0},
		// a: 15 Jan to 15 Apr = 3 months, churned; b open, 5 months to 1
		// June; c 1 month, churned; d open 3 months; the second a rejected.
		{name: "survival_spells.csv", args: []string{"survival", "-spells", "-as-of", "2026-06-01", "-allow-rejects", "spells.csv"}, code: 0,
			stderr: []string{"spells.csv:6: account: account has a spell on an earlier line"}},
		// Customer 0001: purchases 1 Jan, 18 Jan, 2 Aug 1997 (and 12 Dec,
		// after the calibration): frequency 2, recency 213 days = 30.43
		// weeks, age 272 days = 38.86 weeks, mean repeat spend (29.73 +
		// 14.96) / 2 = 22.345, as cdnow_customers_summary_with_transactions.
		{name: "clv.csv", args: []string{"clv", "-account", "customer", "-date", "day", "-amount", "dollars", "-date-layout", "20060102",
			"-currency-code", "USD", "-calibration-end", "1997-09-30", "-fit", "$TMP/fit.json", "-rejects", "$TMP/rejects.jsonl", "-allow-rejects", "transactions.csv"},
			code: 0, files: []string{"fit.json", "rejects.jsonl"}, stderr: []string{"BG/NBD: r ", "Gamma-Gamma: p "}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, context.Background(), "", c.args...)
			assert.Equal(t, c.code, r.code, r.stderr)
			golden(t, c.name, r.stdout)
			for _, f := range c.files {
				golden(t, strings.TrimSuffix(c.name, filepath.Ext(c.name))+"."+f, readFile(t, filepath.Join(r.dir, f)))
			}
			for _, s := range c.stderr {
				assert.Contains(t, r.stderr, s)
			}
			assert.NotContains(t, r.stderr+r.stdout, "jane@example.com", "no personal value in any output")
		})
	}
}

// A fatal error is the first thing said; the counts follow it only when
// records were read before it, and say that the error stopped the run.
func TestFatalErrorComesFirst(t *testing.T) {
	r := run(t, context.Background(), "account,plan\na,pro\n", "movements", "-")
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "secondsale movements: stdin:1: no column \"date\" (set its name with -date)\n", r.stderr)

	r = run(t, context.Background(), "account,plan\na,pro\n", "movements", "-allow-rejects", "ledger.csv", "-")
	assert.Equal(t, exitUsage, r.code)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	require.Len(t, lines, 4, r.stderr) // two rejects of ledger.csv, the error, the counts
	assert.Contains(t, lines[2], `stdin:1: no column "date"`)
	assert.Contains(t, lines[3], "stopped by the error above; read 9 records, wrote 0, rejected 2")
}
