package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

// setFlags sets flags for one test and restores them after it.
func setFlags(t *testing.T, values map[string]string) {
	t.Helper()
	for name, v := range values {
		f := flag.Lookup(name)
		require.NotNil(t, f, name)
		old := f.Value.String()
		require.NoError(t, flag.Set(name, v))
		t.Cleanup(func() { _ = flag.Set(name, old) })
	}
}

func TestOptions(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		setFlags(t, map[string]string{"as-of": "2026-12-01"})
		cfg, err := options()
		require.NoError(t, err)
		require.Equal(t, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), cfg.AsOf)
		require.Equal(t, success.Monthly, cfg.Grain)
		require.Equal(t, cfg.AsOf, cfg.CLV.CalibrationEnd)
		require.Equal(t, success.Weekly, cfg.CLV.Unit)
		require.InDelta(t, 365.25/12/7, cfg.CLV.Valuation.PeriodLength, 1e-15)
		require.InDelta(t, 12*365.25/12/7, cfg.CLV.Horizon, 1e-12)
	})
	for name, tc := range map[string]struct {
		flags map[string]string
		want  string
	}{
		"no as-of":        {map[string]string{}, "-as-of is required"},
		"bad as-of":       {map[string]string{"as-of": "1 Dec"}, "-as-of: want a date"},
		"bad grain":       {map[string]string{"as-of": "2026-12-01", "grain": "fortnight"}, "-grain"},
		"no scorecard":    {map[string]string{"as-of": "2026-12-01", "accounts": "a.jsonl"}, "-accounts needs -scorecard"},
		"bad unit":        {map[string]string{"as-of": "2026-12-01", "unit": "month-ish"}, "-unit"},
		"bad calibration": {map[string]string{"as-of": "2026-12-01", "calibration-end": "soon"}, "-calibration-end"},
	} {
		t.Run(name, func(t *testing.T) {
			setFlags(t, map[string]string{"as-of": "", "grain": "month", "accounts": "", "unit": "week", "calibration-end": ""})
			setFlags(t, tc.flags)
			_, err := options()
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// TestRunWritesOutputsAndSummary runs the program as `go run .` would, on
// files with bad lines: every output is written, the summary counts what
// was read, written and rejected, and the run fails on rejects unless
// -allow-rejects.
func TestRunWritesOutputsAndSummary(t *testing.T) {
	in := newTestInputs(25)
	src, _, _ := writeInputs(t, t.TempDir(), in, 2)
	card := filepath.Join(t.TempDir(), "card.json")
	require.NoError(t, os.WriteFile(card, []byte(testScorecard), 0o644))
	out := t.TempDir()
	setFlags(t, map[string]string{
		"as-of": "2026-06-30", "out": out, "scorecard": card, "calibration-end": "2025-09-30",
		"accounts": strings.Join(src.Accounts, ","), "ledger": strings.Join(src.Ledger, ","),
		"survival": strings.Join(src.Survival, ","), "compete": strings.Join(src.Compete, ","),
		"transactions": strings.Join(src.Transactions, ","),
	})
	var stderr bytes.Buffer
	err := run(context.Background(), &stderr)
	require.ErrorContains(t, err, "records rejected (-allow-rejects to accept)")
	summary := stderr.String()
	for _, want := range []string{"read accounts 301, compete 601, ledger ", "survival 601, transactions ",
		"wrote cohorts.csv ", "customers.jsonl ", "incidence.json 1, models.json 1, movements.json 1, portfolio.jsonl 3, scores.jsonl ",
		"survival.json 1; rejected ", "(see rejects.jsonl)"} {
		require.Contains(t, summary, want)
	}
	for _, name := range []string{scoresFile, portfolioFile, movementsFile, cohortsFile, survivalFile, incidenceFile, customersFile, modelsFile, rejectsFile} {
		require.FileExists(t, filepath.Join(out, name))
	}

	setFlags(t, map[string]string{"allow-rejects": "true"})
	stderr.Reset()
	require.NoError(t, run(context.Background(), &stderr))
	require.Contains(t, stderr.String(), "rejected ")

	// A run of the ledger alone into the same directory counts only what it
	// wrote, not the files the run before left there.
	setFlags(t, map[string]string{"accounts": "", "survival": "", "compete": "", "transactions": ""})
	stderr.Reset()
	require.NoError(t, run(context.Background(), &stderr))
	require.Contains(t, stderr.String(), "wrote cohorts.csv ")
	for _, stale := range []string{scoresFile, survivalFile, incidenceFile, customersFile} {
		require.NotContains(t, stderr.String(), stale)
	}
}
