package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/internal/shareddata"
	"github.com/secondsale/secondsale/success"
)

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b) + "\n"
}

// Telco churn by contract: the tool's curves and log-rank test are the
// SDK's, called directly on observations read here with encoding/csv.
func TestTelcoSurvivalByContractEqualsSDK(t *testing.T) {
	path := shareddata.Path(t, "Telco-Customer-Churn.csv")
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	var obs []cohort.Observation
	for _, r := range rows[1:] {
		d, err := strconv.ParseFloat(r[col["tenure"]], 64)
		require.NoError(t, err)
		obs = append(obs, cohort.Observation{Duration: d, Churned: r[col["Churn"]] == "Yes", Stratum: r[col["Contract"]]})
	}
	require.Len(t, obs, 7043)
	want, err := cohort.KaplanMeierByStratum(slices.Values(obs), cohort.SurvivalOptions{})
	require.NoError(t, err)
	require.Len(t, want.Curves, 3)

	r := run(t, context.Background(), "", "survival", "-duration", "tenure", "-event", "Churn", "-stratum", "Contract", "-format", "json", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, jsonOf(t, want), r.stdout)
	assert.Contains(t, r.stderr, fmt.Sprintf("log-rank test: chi-square %.4f on 2 df", want.LogRank.ChiSquare))
	assert.Contains(t, r.stderr, "read 7043 records, wrote 1, rejected 0")

	r = run(t, context.Background(), "", "survival", "-duration", "tenure", "-event", "Churn", "-stratum", "Contract", "-at", "1,3,6,12", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")[1:]
	require.Len(t, lines, 12)
	for i, line := range lines {
		cv, at := want.Curves[i/4], []float64{1, 3, 6, 12}[i%4]
		fields := strings.Split(line, ",")
		assert.Equal(t, cv.Stratum, fields[0])
		got, err := strconv.ParseFloat(fields[3], 64)
		require.NoError(t, err)
		assert.Equal(t, cv.SurvivalAt(at), got, "%s at %g", cv.Stratum, at)
	}
}

// CDNOW: the tool's summaries, BG/NBD and Gamma-Gamma fits and lifetime
// values are the SDK's, called directly on the transactions of the 1/10
// sample; its summaries also equal the published ones.
func TestCDNOWLifetimeValueEqualsSDK(t *testing.T) {
	path := shareddata.Path(t, "CDNOW_sample.txt")
	summaryPath := shareddata.Path(t, "cdnow_customers_summary_with_transactions.csv")
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "tx.csv")
	out, err := os.Create(csvPath)
	require.NoError(t, err)
	fmt.Fprintln(out, "account,date,amount")
	var txs []cohort.Transaction
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		require.Len(t, fs, 5)
		at, err := time.Parse("20060102", fs[2])
		require.NoError(t, err)
		txs = append(txs, cohort.Transaction{Account: success.AccountID(fs[1]), At: at, Amount: success.MustMoney(fs[4], "USD")})
		fmt.Fprintf(out, "%s,%s,%s\n", fs[1], fs[2], fs[4])
	}
	require.NoError(t, sc.Err())
	require.NoError(t, out.Close())
	require.Len(t, txs, 6919)

	end := time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC)
	sums, err := cohort.Summarize(slices.Values(txs), end, success.Weekly, cohort.SummaryOptions{})
	require.NoError(t, err)
	bg, err := cohort.FitBGNBD(sums, cohort.FitOptions{})
	require.NoError(t, err)
	gg, err := cohort.FitGammaGamma(sums, cohort.FitOptions{})
	require.NoError(t, err)
	val := cohort.Valuation{Periods: 12, PeriodLength: 365.25 / 12 / 7, DiscountRate: 0.01, Margin: 1}

	r := run(t, context.Background(), "", "clv", "-date-layout", "20060102", "-currency-code", "USD", "-calibration-end", "1997-09-30",
		"-format", "json", "-fit", "$TMP/fit.json", csvPath)
	require.Equal(t, exitOK, r.code, r.stderr)
	var got struct {
		BG        json.RawMessage   `json:"bgnbd"`
		GG        json.RawMessage   `json:"gamma_gamma"`
		Customers []json.RawMessage `json:"customers"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	assert.Equal(t, jsonOf(t, bg), string(got.BG)+"\n")
	assert.Equal(t, jsonOf(t, gg), string(got.GG)+"\n")
	require.Len(t, got.Customers, len(sums))

	published := map[string][]string{}
	pf, err := os.Open(summaryPath)
	require.NoError(t, err)
	defer pf.Close()
	prow, err := csv.NewReader(pf).ReadAll()
	require.NoError(t, err)
	for _, p := range prow[1:] {
		published[fmt.Sprintf("%04s", p[0])] = p
	}
	for i, s := range sums {
		alive, err := bg.ProbabilityAlive(s)
		require.NoError(t, err)
		exp, err := bg.ExpectedPurchases(s, 12*val.PeriodLength)
		require.NoError(t, err)
		clv, err := cohort.CustomerLifetimeValue(bg, gg, s, val)
		require.NoError(t, err)
		want := clvRow{Account: s.Account, Frequency: s.Frequency, Recency: s.Recency, Age: s.Age, MeanRepeatSpend: s.MeanRepeatSpend,
			PAlive: alive, ExpectedPurchases: exp, CLV: clv}
		require.Equal(t, jsonOf(t, want), string(got.Customers[i])+"\n", "customer %s", s.Account)

		p, ok := published[string(s.Account)]
		require.True(t, ok, "customer %s in the published summary", s.Account)
		assert.Equal(t, p[1], strconv.Itoa(s.Frequency), "x of %s", s.Account)
		assert.Equal(t, p[3], strconv.FormatFloat(s.Age, 'f', 2, 64), "T of %s", s.Account)
	}

	// -horizon sets the expected purchases' horizon apart from the valuation.
	r = run(t, context.Background(), "", "clv", "-date-layout", "20060102", "-currency-code", "USD", "-calibration-end", "1997-09-30",
		"-horizon", "39", "-format", "jsonl", csvPath)
	require.Equal(t, exitOK, r.code, r.stderr)
	rows := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, rows, len(sums))
	for i, s := range sums[:50] {
		var row clvRow
		require.NoError(t, json.Unmarshal([]byte(rows[i]), &row))
		want, err := bg.ExpectedPurchases(s, 39)
		require.NoError(t, err)
		assert.Equal(t, want, row.ExpectedPurchases, "customer %s", s.Account)
	}
}
