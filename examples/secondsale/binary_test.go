package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
	bin := buildBinary(t)
	dir := t.TempDir()

	rejects := filepath.Join(dir, "rejects.jsonl")
	scores := filepath.Join(dir, "scores.csv")
	cmd := exec.Command(bin, "score", "-scorecard", "testdata/card.json", "-as-of", "2026-03-01", "-rejects", rejects, "-o", scores, "testdata/accounts.jsonl")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
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
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "-allow-rejects exits 0")
	assert.Contains(t, string(out), "reject: testdata/accounts.jsonl:6: inputs.plan:", "without -rejects, rejects are listed on stderr")
}

// buildBinary builds the tool into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "secondsale")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// A real SIGINT to the binary waiting on a pipe for more input: it stops at
// once (the read is interrupted, not left waiting for the next line),
// flushes what it scored and says where it stopped, exit status 130. The
// test waits on the binary's own output, never on a timer: the reject of
// line 1 reaches stderr once the chunk of line 2 is scored, so the signal
// handler is in place before the signal is sent.
func TestBinarySIGINT(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	bin := buildBinary(t)
	// A deadline, not a sleep: should the binary hang, it is killed and the
	// test fails instead of hanging too.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "score", "-scorecard", "testdata/card.json", "-as-of", "2026-03-01", "-chunk", "1")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	defer stdin.Close()
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	var stdout strings.Builder
	cmd.Stdout = &stdout
	require.NoError(t, cmd.Start())
	errLines := bufio.NewScanner(stderr)

	_, err = io.WriteString(stdin, "{\"account\":1}\n{\"account\":\"a1\",\"inputs\":{\"logins\":10}}\n")
	require.NoError(t, err)
	require.True(t, errLines.Scan())
	assert.Equal(t, "reject: stdin:1: account: want a string, found a number", errLines.Text())

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	var rest []string
	for errLines.Scan() {
		rest = append(rest, errLines.Text())
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "want a non-zero exit, got %v", err)
	assert.Equal(t, exitInterrupted, exit.ExitCode())
	assert.Equal(t, []string{"secondsale score: interrupted at stdin:2 (output flushed up to there); read 2 records, wrote 1, rejected 1"}, rest)
	assert.Equal(t, "{\"account\":\"a1\",\"as_of\":\"2026-03-01\",\"scorecard\":\"smb\",\"value\":50,\"band\":\"yellow\",\"confident\":true}\n", stdout.String())
}

// cancelAfter delivers its text and then, as if Ctrl-C came while the
// producer paused, cancels the run's context.
type cancelAfter struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		c.cancel()
		return n, nil // more might come: the interrupt, not the end, stops the run
	}
	return n, err
}

// An interrupt stops the reading: the lines read are scored, written and
// flushed, and the summary says where it stopped; an aggregate writes
// nothing from part of its input.
func TestInterruptFlushesAndSaysWhere(t *testing.T) {
	t.Chdir(testdataDir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	accounts := readFile(t, "accounts.jsonl")
	two := strings.Join(strings.SplitAfter(accounts, "\n")[:2], "")
	var out, errb strings.Builder
	code := Main(ctx, []string{"score", "-scorecard", "card.json", "-as-of", "2026-03-01"}, cancelAfter{strings.NewReader(two), cancel}, &out, &errb)
	assert.Equal(t, exitInterrupted, code)
	assert.Equal(t, "secondsale score: interrupted at stdin:2 (output flushed up to there); read 2 records, wrote 2, rejected 0\n", errb.String())
	assert.Equal(t, 2, strings.Count(out.String(), "\n"))

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	ledger := readFile(t, "ledger.csv")
	four := strings.Join(strings.SplitAfter(ledger, "\n")[:4], "")
	out.Reset()
	errb.Reset()
	code = Main(ctx, []string{"movements"}, cancelAfter{strings.NewReader(four), cancel}, &out, &errb)
	assert.Equal(t, exitInterrupted, code)
	assert.Equal(t, "secondsale movements: interrupted at stdin:4 (output flushed up to there); read 3 records, wrote 0, rejected 0\n", errb.String())
	assert.Empty(t, out.String(), "no report from part of a ledger")

	// Interrupted before anything was read.
	code = Main(ctx, []string{"survival"}, strings.NewReader("duration,event\n1,1\n"), &out, &errb)
	assert.Equal(t, exitInterrupted, code)
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
	assert.Contains(t, r.stderr, "read 1 record, wrote 1, rejected 0")
}

// The same instant written in two zones is written back as each was given.
func TestAsOfKeepsItsZone(t *testing.T) {
	in := `{"account":"a","as_of":"2026-03-01T00:00:00Z","inputs":{"logins":1}}` + "\n" +
		`{"account":"b","as_of":"2026-03-01T01:00:00+01:00","inputs":{"logins":1}}` + "\n"
	r := run(t, context.Background(), in, "score", "-scorecard", "card.json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"account":"a","as_of":"2026-03-01",`)
	assert.Contains(t, r.stdout, `"account":"b","as_of":"2026-03-01T01:00:00+01:00",`)
}
