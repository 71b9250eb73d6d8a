package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The built binary on a file mixing good and bad lines: the good ones
// scored, the bad ones in the rejects file without their values, the
// summary on stderr, exit status 1, and 0 with -allow-rejects. stderr is a
// pipe here, so no progress line.
func TestBinaryMixedInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "secondsale")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	rejects := filepath.Join(dir, "rejects.jsonl")
	scores := filepath.Join(dir, "scores.csv")
	cmd := exec.Command(bin, "score", "-scorecard", "testdata/card.json", "-as-of", "2026-03-01", "-rejects", rejects, "-o", scores, "testdata/accounts.jsonl")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "want a non-zero exit, got %v", err)
	assert.Equal(t, 1, exit.ExitCode())
	assert.Equal(t, "secondsale score: read 8 records, wrote 5, rejected 3 (in "+rejects+")\n", stderr.String())
	assert.NotContains(t, stderr.String(), "\r", "no progress line when stderr is not a terminal")

	got, err := os.ReadFile(scores)
	require.NoError(t, err)
	assert.Equal(t, "account,as_of,scorecard,value,band,confident\n"+
		"a1,2026-03-01,smb,75,green,true\n"+
		"a2,2026-03-01,smb,60,yellow,true\n"+
		"a3,2026-03-01,smb,70,yellow,true\n"+
		"a4,2026-03-01,smb,100,green,true\n"+
		"a7,2026-03-01,smb,0,red,true\n", string(got))
	rej, err := os.ReadFile(rejects)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(rej)), "\n")
	require.Len(t, lines, 3)
	assert.Contains(t, lines[0], `"line":6,"field":"inputs.plan"`)
	assert.Contains(t, lines[1], `"line":7,"field":"inputs.sso"`)
	assert.Contains(t, lines[2], `"line":9`)
	assert.Contains(t, lines[2], "truncated")
	assert.NotContains(t, string(rej), "jane@example.com")

	cmd = exec.Command(bin, "score", "-scorecard", "testdata/card.json", "-as-of", "2026-03-01", "-allow-rejects", "-o", scores, "testdata/accounts.jsonl")
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "-allow-rejects exits 0")
	assert.Contains(t, string(out), "reject: testdata/accounts.jsonl:6: inputs.plan:", "without -rejects, rejects are listed on stderr")
}

// An interrupt stops reading after the chunk in hand: what was scored is
// written and flushed, and the summary says where it stopped.
func TestInterruptFlushesAndSaysWhere(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := run(t, ctx, "", "score", "-scorecard", "card.json", "-as-of", "2026-03-01", "-chunk", "2", "-o", "$TMP/out.jsonl", "accounts.jsonl")
	assert.Equal(t, exitInterrupted, r.code)
	assert.Equal(t, "secondsale score: interrupted at accounts.jsonl:2 (output flushed up to there); read 2 records, wrote 2, rejected 0\n", r.stderr)
	got := readFile(t, filepath.Join(r.dir, "out.jsonl"))
	assert.Equal(t, 2, strings.Count(got, "\n"))

	r = run(t, ctx, "", "movements", "-chunk", "3", "ledger.csv")
	assert.Equal(t, exitInterrupted, r.code)
	assert.Contains(t, r.stderr, "interrupted at ledger.csv:4")
	assert.Empty(t, r.stdout, "no report from part of a ledger")
}

// The progress line appears on a terminal (forced here) and is cleared
// before the summary.
func TestProgressLine(t *testing.T) {
	var p progress
	var b strings.Builder
	p.begin("score", &b, true)
	p.last = p.last.Add(-250 * time.Millisecond)
	p.tick(1000)
	p.done()
	assert.Regexp(t, `^\rscore: 1000 records, \d+/s, 0s elapsed \r\x1b\[K$`, b.String())

	var off progress
	var b2 strings.Builder
	off.begin("score", &b2, false)
	off.last = off.last.Add(-250 * time.Millisecond)
	off.tick(1000)
	off.done()
	assert.Empty(t, b2.String())
}

func TestHelpAndUsage(t *testing.T) {
	for _, cmd := range []string{"score", "movements", "cohorts", "survival", "clv"} {
		r := run(t, context.Background(), "", cmd, "-h")
		assert.Equal(t, exitOK, r.code, cmd)
		assert.Contains(t, r.stderr, "example:\n  secondsale "+cmd, cmd)
		assert.Contains(t, r.stderr, "-rejects", cmd)
	}
	r := run(t, context.Background(), "", "score")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "give one of -scorecard or -set")
	r = run(t, context.Background(), "", "nope")
	assert.Equal(t, exitUsage, r.code)
	r = run(t, context.Background(), "", "movements", "-format", "xml", "ledger.csv")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `-format "xml"`)
}

// Input from stdin, in the default format of each command.
func TestStdin(t *testing.T) {
	r := run(t, context.Background(), "account,date,amount,currency\na,2026-01-31,10,USD\n", "movements", "-format", "jsonl")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"label":"2026-01"`)
	assert.Contains(t, r.stderr, "read 1 records, wrote 1, rejected 0")
}
