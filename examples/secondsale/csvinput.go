package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/secondsale/secondsale/examples/internal/records"
)

// eachRecord reads every input line by line and hands each record to one
// of two parsers: csvRow for a CSV file (its header given to start once per
// file), jsonLine for a JSON Lines file. A parser's reject is recorded with
// the truncated-line note; a read error ends the run.
func (c *cli) eachRecord(def string, start func(h *records.Header) error,
	csvRow func(fields [][]byte, line int64) *records.Reject,
	jsonLine func(file string, line []byte, n int64) *records.Reject) error {
	c.prog.begin(c.name, c.stderr, c.forceProgress)
	for _, in := range c.inputs() {
		rc, display, err := c.open(in)
		if err != nil {
			return err
		}
		format := c.inputFormat(in, def)
		lines := records.NewLines(rc)
		if format == "csv" {
			h, err := records.ReadHeader(lines, display)
			if err == nil {
				err = start(h)
			}
			if err != nil {
				rc.Close()
				if errors.Is(err, errInterrupted) {
					return c.readErr(display, 0, err)
				}
				return err
			}
		} else if format != "jsonl" {
			rc.Close()
			return fmt.Errorf("%s: unknown input format %q (csv or jsonl)", display, format)
		}
		var fields [][]byte
		var scratch []byte
		for {
			line, rej, ok := lines.NextRecord(display)
			if !ok {
				break
			}
			c.read++
			switch {
			case rej != nil:
			case format == "jsonl":
				rej = jsonLine(display, line, lines.Line())
			default:
				if fields, scratch, ok = records.SplitCSV(fields, scratch, line); !ok {
					rej = &records.Reject{Line: lines.Line(), Reason: "malformed CSV (unbalanced quotes)"}
				} else {
					rej = csvRow(fields, lines.Line())
				}
			}
			if rej != nil {
				c.reject(*lines.Note(rej, display))
			}
			if c.read%4096 == 0 {
				c.prog.tick(c.read)
				if c.stopped(display, lines.Line()) {
					break
				}
			}
		}
		rc.Close()
		if lines.Err() != nil {
			return c.readErr(display, lines.Line(), lines.Err())
		}
		if c.stoppedAt != "" {
			return nil
		}
	}
	return nil
}

// decodeLine reads one JSON line with the SDK's strict decoder of v; its
// errors name fields and kinds, never values.
func decodeLine(v any, line []byte, n int64) *records.Reject {
	if err := json.Unmarshal(line, v); err != nil {
		return &records.Reject{Line: n, Reason: err.Error()}
	}
	return nil
}
