package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

// Exit statuses.
const (
	exitOK          = 0
	exitRejects     = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// errUsage marks an error in the command line; flag parsing has printed it.
var errUsage = errors.New("usage")

// cli is one run of a subcommand: its common flags, its input and output,
// and the counts the closing summary reports.
type cli struct {
	ctx                   context.Context
	name                  string
	stdin                 io.Reader
	stdout, stderr        io.Writer
	fs                    *flag.FlagSet
	out, format, inFormat string
	rejectsPath           string
	allowRejects          bool
	read, written         int64
	rejects               rejectSink
	prog                  progress
	stoppedAt             string // where an interrupt stopped the input
	outFile               *os.File
	w                     *bufio.Writer
	notes                 []string         // extra summary lines (test statistics)
	currency              success.Currency // of a ledger's columns, set by its first file
	forceProgress         bool
}

// flags starts the subcommand's flag set with the flags every subcommand
// has; -h prints usage, the example and the defaults.
func (c *cli) flags(args, about, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: secondsale %s [flags] %s\n\n%s\n\nexample:\n  %s\n\nflags:\n", c.name, args, about, example)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.out, "o", "", "output `file` (default stdout)")
	fs.StringVar(&c.format, "format", "", "output format: csv, jsonl or json (default: from the -o extension, else the command's default)")
	fs.StringVar(&c.inFormat, "input-format", "", "input format: csv or jsonl (default: from each file's extension, else the command's default)")
	fs.StringVar(&c.rejectsPath, "rejects", "", "write rejected records to this `file` as JSON Lines (default: list them on stderr)")
	fs.BoolVar(&c.allowRejects, "allow-rejects", false, "exit 0 even when records were rejected")
	c.fs = fs
	return fs
}

// parse parses the flags and opens the rejects file.
func (c *cli) parse(args []string) error {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return c.rejects.open(c.rejectsPath, c.stderr)
}

// usageErr reports a bad flag value and prints the usage.
func (c *cli) usageErr(format string, a ...any) error {
	fmt.Fprintf(c.stderr, "secondsale %s: %s\n", c.name, fmt.Sprintf(format, a...))
	return errUsage
}

// inputs are the files named on the command line, or stdin ("-").
func (c *cli) inputs() []string {
	if c.fs.NArg() == 0 {
		return []string{"-"}
	}
	return c.fs.Args()
}

// open opens one input; "-" is stdin, reported as "stdin". Either stops
// at an interrupt (see interruptible).
func (c *cli) open(name string) (io.ReadCloser, string, error) {
	if name == "-" {
		return io.NopCloser(c.interruptible(c.stdin)), "stdin", nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, err
	}
	return readCloser{Reader: c.interruptible(f), Closer: f}, name, nil
}

// readCloser reads through a wrapper and closes the file beneath.
type readCloser struct {
	io.Reader
	io.Closer
}

// inputFormat is the format of one input: -input-format, else its
// extension, else def.
func (c *cli) inputFormat(name, def string) string {
	if c.inFormat != "" {
		return c.inFormat
	}
	return records.FormatOf(name, def)
}

// output opens the output and returns its format: -format, else the -o
// extension, else def; allowed lists the formats the command writes.
func (c *cli) output(def string, allowed ...string) (*bufio.Writer, string, error) {
	format := c.format
	if format == "" {
		switch strings.ToLower(filepath.Ext(c.out)) {
		case ".csv":
			format = "csv"
		case ".jsonl", ".ndjson":
			format = "jsonl"
		case ".json":
			format = "json"
		default:
			format = def
		}
	}
	ok := false
	for _, a := range allowed {
		ok = ok || a == format
	}
	if !ok {
		return nil, "", c.usageErr("-format %q: %s writes %s", format, c.name, strings.Join(allowed, ", "))
	}
	var w io.Writer = c.stdout
	if c.out != "" {
		f, err := os.Create(c.out)
		if err != nil {
			return nil, "", err
		}
		c.outFile, w = f, f
	}
	c.w = bufio.NewWriterSize(w, 256<<10)
	return c.w, format, nil
}

// reject records a rejected record.
func (c *cli) reject(r records.Reject) { c.rejects.add(r) }

// stopped reports whether an interrupt asked to stop, and remembers where.
func (c *cli) stopped(file string, line int64) bool {
	if c.ctx.Err() == nil {
		return false
	}
	if c.stoppedAt == "" {
		c.stoppedAt = file + ":" + strconv.FormatInt(line, 10)
	}
	return true
}

// finish flushes everything, writes the summary and returns the exit status.
func (c *cli) finish(err error) int {
	c.prog.done()
	var flushErr error
	if c.w != nil {
		flushErr = c.w.Flush()
	}
	if c.outFile != nil {
		if cerr := c.outFile.Close(); flushErr == nil {
			flushErr = cerr
		}
	}
	if rerr := c.rejects.close(); flushErr == nil {
		flushErr = rerr
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if errors.Is(err, errUsage) {
		return exitUsage
	}
	for _, n := range c.notes {
		fmt.Fprintf(c.stderr, "secondsale %s: %s\n", c.name, n)
	}
	if err == nil {
		err = flushErr
	}
	if err != nil {
		// The error first, and the counts only when there is something to
		// count: a missing column is not introduced by "read 0 records".
		fmt.Fprintf(c.stderr, "secondsale %s: %v\n", c.name, err)
	}
	if err == nil || c.read > 0 || c.rejects.n > 0 {
		summary := fmt.Sprintf("read %d %s, wrote %d, rejected %d", c.read, plural(c.read, "record", "records"), c.written, c.rejects.n)
		if c.rejects.n > 0 && c.rejectsPath != "" {
			summary += " (in " + c.rejectsPath + ")"
		}
		switch {
		case err != nil:
			summary = "stopped by the error above; " + summary
		case c.stoppedAt != "":
			summary = "interrupted at " + c.stoppedAt + " (output flushed up to there); " + summary
		}
		fmt.Fprintf(c.stderr, "secondsale %s: %s\n", c.name, summary)
	}
	switch {
	case err != nil:
		return exitUsage
	case c.stoppedAt != "":
		return exitInterrupted
	case c.rejects.n > 0 && !c.allowRejects:
		return exitRejects
	}
	return exitOK
}

// plural is one when n is 1, many otherwise.
func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
