package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

// shardFiles writes items to n files named name-i.ext, a header first
// when header is not empty, one line per item (format gives it), and the
// bad lines (one a line of bad) after the second item of the first file.
// It returns the paths, each item's file and line, and the bad lines' files
// and lines.
func shardFiles[T any](t *testing.T, dir, name, ext, header, bad string, items []T, n int, format func(T) string) (paths []string, at []records.Reject, badAt []records.Reject) {
	t.Helper()
	for i := range n {
		path := filepath.Join(dir, fmt.Sprintf("%s-%d.%s", name, i, ext))
		var b strings.Builder
		line := int64(0)
		if header != "" {
			b.WriteString(header + "\n")
			line++
		}
		lo, hi := i*len(items)/n, (i+1)*len(items)/n
		for j, item := range items[lo:hi] {
			b.WriteString(format(item) + "\n")
			line++
			at = append(at, records.Reject{File: path, Line: line})
			if i == 0 && j == 1 {
				for _, l := range strings.Split(bad, "\n") {
					b.WriteString(l + "\n")
					line++
					badAt = append(badAt, records.Reject{File: path, Line: line})
				}
			}
		}
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		paths = append(paths, path)
	}
	return paths, at, badAt
}

// writeInputs writes the test inputs as the command-line tool's files,
// each kind in n shards with a bad line (the ledger also with a row in a
// second currency, which the SDK refuses), and returns the sources, the
// inputs as read (accounts named by their file and line, purchases on
// their day) and the place of every bad line.
func writeInputs(t *testing.T, dir string, in testInputs, n int) (sources, testInputs, []records.Reject) {
	t.Helper()
	var src sources
	var bad []records.Reject
	var at, b []records.Reject
	src.Accounts, at, b = shardFiles(t, dir, "accounts", "jsonl", "", `{"account":"x","inputs":{"logins":`, in.accounts, n, func(a account) string {
		line, err := json.Marshal(map[string]any{"account": a.Account, "segment": a.Segment, "inputs": inputMap(a.Inputs)})
		require.NoError(t, err)
		return string(line)
	})
	bad = append(bad, b...)
	for i := range in.accounts {
		in.accounts[i].File, in.accounts[i].Line = at[i].File, at[i].Line
	}
	src.Ledger, _, b = shardFiles(t, dir, "ledger", "csv", "account,date,amount,currency", "acct-001,2025-13-01,10.00,USD\nacct-001,2025-03-01,10.00,EUR", in.ledger, n, func(r success.LedgerRow) string {
		return fmt.Sprintf("%s,%s,%s,%s", r.Account, r.Date.Format(time.DateOnly), r.MRR.Amount().String(), r.MRR.Currency())
	})
	bad = append(bad, b...)
	src.Survival, _, b = shardFiles(t, dir, "survival", "csv", "duration,event,stratum", "-1,1,good fit", in.observations, n, func(o cohort.Observation) string {
		return fmt.Sprintf("%s,%t,%s", strconv.FormatFloat(o.Duration, 'g', -1, 64), o.Churned, o.Stratum)
	})
	bad = append(bad, b...)
	src.Compete, _, b = shardFiles(t, dir, "compete", "csv", "duration,event,stratum", "3,upsell,good fit", in.competing, n, func(o cohort.CompetingObservation) string {
		return fmt.Sprintf("%s,%s,%s", strconv.FormatFloat(o.Duration, 'g', -1, 64), o.Event, o.Stratum)
	})
	bad = append(bad, b...)
	for i := range in.transactions {
		tx := &in.transactions[i]
		tx.At = time.Date(tx.At.Year(), tx.At.Month(), tx.At.Day(), 0, 0, 0, 0, time.UTC)
	}
	src.Transactions, _, b = shardFiles(t, dir, "transactions", "csv", "account,date,amount,currency", "b1,1997-01-01,-5.00,USD", in.transactions, n, func(tx cohort.Transaction) string {
		return fmt.Sprintf("%s,%s,%s,%s", tx.Account, tx.At.Format(time.DateOnly), tx.Amount.Amount().String(), tx.Amount.Currency())
	})
	bad = append(bad, b...)
	return src, in, bad
}

// runFiles runs the program's pipeline (readers included) on prism.
func runFiles(t *testing.T, cfg config, src sources) string {
	t.Helper()
	out := t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	in, rejects := read(s, cfg, src)
	_, err := build(s, cfg, in, rejects, out)
	require.NoError(t, err)
	require.NoError(t, ptest.Run(p))
	return out
}

// TestFilesEqualSinglePass reads the command-line tool's file formats, in
// one shard and in four, each kind with a bad line: the outputs equal the
// SDK's on the good records, and the dead letters name every bad line and
// every account the SDK refused, by file and line.
func TestFilesEqualSinglePass(t *testing.T) {
	for _, n := range []int{1, 4} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			src, in, bad := writeInputs(t, t.TempDir(), newTestInputs(25), n)
			cfg := testConfig()
			want := singlePass(t, in, cfg)
			got := readOutputs(t, runFiles(t, cfg, src))
			wantRejects := map[string]bool{}
			for _, line := range want[rejectsFile] {
				var r records.Reject
				require.NoError(t, json.Unmarshal([]byte(line), &r))
				wantRejects[fmt.Sprintf("%s:%d", r.File, r.Line)] = true
			}
			for _, r := range bad {
				wantRejects[fmt.Sprintf("%s:%d", r.File, r.Line)] = true
			}
			gotRejects := map[string]bool{}
			for _, line := range got[rejectsFile] {
				var r records.Reject
				require.NoError(t, json.Unmarshal([]byte(line), &r))
				require.NotEmpty(t, r.Reason, line)
				gotRejects[fmt.Sprintf("%s:%d", r.File, r.Line)] = true
			}
			require.Equal(t, wantRejects, gotRejects)
			delete(want, rejectsFile)
			delete(got, rejectsFile)
			requireSameOutputs(t, want, got, 1e-12, 1e-12)
		})
	}
}
