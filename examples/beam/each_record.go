package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/secondsale/secondsale/examples/internal/records"
)

// formatOf is a file's format by extension, as the command-line tool
// decides it: .jsonl and .ndjson are JSON Lines, anything else CSV.
func formatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson":
		return "jsonl"
	}
	return "csv"
}

// eachRecord reads the file at path line by line, as the command-line tool
// does, and hands each record to csvRow (a CSV file, after start has seen
// its header) or jsonLine (a JSON Lines file). Rejects, the parsers' and
// the reader's own (a line too long, a malformed CSV line), go to reject
// with the truncated-line note; read counts the records. A read error ends
// the file with an error naming it.
func eachRecord(path string, start func(h *records.Header) error,
	csvRow func(fields [][]byte, line int64) *records.Reject,
	jsonLine func(line []byte, n int64) *records.Reject,
	reject func(records.Reject), read func()) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	format := formatOf(path)
	lines := records.NewLines(f)
	if format == "csv" {
		h, err := records.ReadHeader(lines, path)
		if err == nil && start != nil {
			err = start(h)
		}
		if err != nil {
			return err
		}
	}
	if format == "jsonl" && jsonLine == nil {
		return fmt.Errorf("%s: this input is read from CSV only", path)
	}
	var fields [][]byte
	var scratch []byte
	for {
		line, rej, ok := lines.NextRecord(path)
		if !ok {
			break
		}
		read()
		switch {
		case rej != nil:
		case format == "jsonl":
			rej = jsonLine(line, lines.Line())
		default:
			if fields, scratch, ok = records.SplitCSV(fields, scratch, line); !ok {
				rej = &records.Reject{Line: lines.Line(), Reason: "malformed CSV (unbalanced quotes)"}
			} else {
				rej = csvRow(fields, lines.Line())
			}
		}
		if rej != nil {
			reject(*lines.Note(rej, path))
		}
	}
	if err := lines.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
