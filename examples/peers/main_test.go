package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/internal/shareddata"
)

// testN are small sizes at which every job runs in the tests.
var testN = map[string]int{
	"health_batch": 20_000, "kaplan_meier": 200_000, "log_rank_3_strata": 200_000,
	"cohort_table": 200_000, "bgnbd_fit": 2357, "sbg_fit": 2, "logistic_fit": 7043,
}

// runForTest runs a job once and returns its JSON line decoded.
func runForTest(t *testing.T, name string) result {
	t.Helper()
	out, err := os.Create(filepath.Join(t.TempDir(), "line.json"))
	require.NoError(t, err)
	defer out.Close()
	require.NoError(t, runJob(out, name, testN[name], shareddata.Dir(t), 1))
	raw, err := os.ReadFile(out.Name())
	require.NoError(t, err)
	var res result
	require.NoError(t, json.Unmarshal(raw, &res))
	return res
}

// TestEveryJobKeepsTheContract runs every job and checks the line
// compare.sh reads: one JSON object with the job's name, size, a positive
// time and a check object.
func TestEveryJobKeepsTheContract(t *testing.T) {
	for name := range jobs {
		t.Run(name, func(t *testing.T) {
			require.Contains(t, testN, name, "give the job a test size")
			res := runForTest(t, name)
			require.Equal(t, name, res.Job)
			require.Positive(t, res.N)
			require.Greater(t, res.Seconds, 0.0)
			require.Len(t, res.Runs, 1)
			require.NotEmpty(t, res.Check)
			require.Regexp(t, `^secondsale `, res.Peer)
		})
	}
}

// near checks the Go side's check values against the peer's within tol.
func near(t *testing.T, key string, peer, got, tol float64) {
	t.Helper()
	require.LessOrEqual(t, math.Abs(peer-got), tol, "%s: peer %v, go %v", key, peer, got)
}

func floats(t *testing.T, v any) []float64 {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var xs []float64
	require.NoError(t, json.Unmarshal(raw, &xs))
	return xs
}

func number(t *testing.T, v any) float64 {
	t.Helper()
	x, ok := v.(float64)
	require.True(t, ok, "want a number, got %T", v)
	return x
}
