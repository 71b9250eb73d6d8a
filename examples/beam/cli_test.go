package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// buildCLI builds the command-line tool (examples/secondsale, in the SDK's
// root module) into a temporary directory.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "secondsale")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/secondsale/secondsale/examples/secondsale").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

func runCLI(t *testing.T, bin string, args ...string) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	require.NoError(t, err, "secondsale %s: %s", strings.Join(args, " "), out)
}

// TestSameAsCommandLineTool runs the pipeline and the command-line tool on
// the same files (three shards, with bad lines): the movements report, the
// cohort table and every customer's lifetime value are the tool's.
func TestSameAsCommandLineTool(t *testing.T) {
	bin := buildCLI(t)
	src, _, _ := writeInputs(t, t.TempDir(), newTestInputs(25), 3)
	cfg := testConfig()
	got := readOutputs(t, runFiles(t, cfg, src))

	dir := t.TempDir()
	through := cfg.AsOf.Format("2006-01-02")
	mov, coh, cust := filepath.Join(dir, "movements.json"), filepath.Join(dir, "cohorts.csv"), filepath.Join(dir, "clv.jsonl")
	runCLI(t, bin, append([]string{"movements", "-through", through, "-allow-rejects", "-o", mov}, src.Ledger...)...)
	runCLI(t, bin, append([]string{"cohorts", "-through", through, "-allow-rejects", "-o", coh}, src.Ledger...)...)
	runCLI(t, bin, append([]string{"clv", "-calibration-end", cfg.CLV.CalibrationEnd.Format("2006-01-02"), "-unit", string(cfg.CLV.Unit),
		"-periods", strconv.Itoa(cfg.CLV.Valuation.Periods), "-period-length", strconv.FormatFloat(cfg.CLV.Valuation.PeriodLength, 'g', -1, 64),
		"-discount", strconv.FormatFloat(cfg.CLV.Valuation.DiscountRate, 'g', -1, 64), "-horizon", strconv.FormatFloat(cfg.CLV.Horizon, 'g', -1, 64),
		"-allow-rejects", "-o", cust}, src.Transactions...)...)

	want := map[string][]string{}
	for name, path := range map[string]string{movementsFile: mov, cohortsFile: coh, customersFile: cust} {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if name == customersFile {
			slices.Sort(lines)
		}
		want[name] = lines
	}
	for name := range got {
		if want[name] == nil {
			delete(got, name)
		}
	}
	var report any
	require.NoError(t, json.Unmarshal([]byte(want[movementsFile][0]), &report), "the tool's movements JSON")
	requireSameOutputs(t, want, got, 1e-12, 1e-12)
}
