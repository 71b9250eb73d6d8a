package records

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// RecordReaders are what EachRecord hands a file's records to.
type RecordReaders struct {
	// Start receives a CSV file's header before its rows (the parser
	// resolves its columns there); its error ends the file.
	Start func(h *Header) error
	// CSVRow reads one row of a CSV file; nil when the input is JSON Lines
	// only.
	CSVRow func(fields [][]byte, line int64) *Reject
	// JSONLine reads one line of a JSON Lines file; nil when the input is
	// CSV only.
	JSONLine func(text []byte, line int64) *Reject
	// Reject receives every reject: the parsers', and the reader's own (a
	// line too long, a malformed CSV line), with the file and the
	// truncated-line note.
	Reject func(Reject)
	// Next is called after each record with its line; reading stops when it
	// returns false (an interrupt). Nil reads to the end.
	Next func(line int64) bool
}

// EachRecord reads the file r, named file, line by line as the
// command-line tool and the Beam pipeline both do: format is "csv" (a
// header, then rows) or "jsonl". It returns the last line read and the
// error that ended the file early: the header's, Start's, or the input's
// read error, each naming the file.
func EachRecord(r io.Reader, file, format string, rr RecordReaders) (int64, error) {
	lines := NewLines(r)
	switch {
	case format != "csv" && format != "jsonl":
		return 0, fmt.Errorf("%s: unknown input format %q (csv or jsonl)", file, format)
	case format == "csv" && rr.CSVRow == nil:
		return 0, fmt.Errorf("%s: this input is read from JSON Lines only", file)
	case format == "jsonl" && rr.JSONLine == nil:
		return 0, fmt.Errorf("%s: this input is read from CSV only", file)
	}
	if format == "csv" {
		h, err := ReadHeader(lines, file)
		if err == nil && rr.Start != nil {
			err = rr.Start(h)
		}
		if err != nil {
			return lines.Line(), err
		}
	}
	var fields [][]byte
	var scratch []byte
	for {
		text, rej, ok := lines.NextRecord(file)
		if !ok {
			break
		}
		n := lines.Line()
		switch {
		case rej != nil:
		case format == "jsonl":
			rej = rr.JSONLine(text, n)
		default:
			if fields, scratch, ok = SplitCSV(fields, scratch, text); !ok {
				rej = &Reject{Line: n, Reason: "malformed CSV (unbalanced quotes)"}
			} else {
				rej = rr.CSVRow(fields, n)
			}
		}
		if rej != nil {
			rr.Reject(*lines.Note(rej, file))
		}
		if rr.Next != nil && !rr.Next(n) {
			return n, nil
		}
	}
	if err := lines.Err(); err != nil {
		return lines.Line(), fmt.Errorf("%s: %w", file, err)
	}
	return lines.Line(), nil
}

// FormatOf is the format of the input file name by its extension: "csv"
// for .csv, "jsonl" for .jsonl, .ndjson and .json, def otherwise.
func FormatOf(name, def string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return "csv"
	case ".jsonl", ".ndjson", ".json":
		return "jsonl"
	}
	return def
}
