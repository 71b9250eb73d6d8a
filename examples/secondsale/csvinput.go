package main

import (
	"encoding/json"
	"errors"

	"github.com/secondsale/secondsale/examples/internal/records"
)

// eachRecord reads every input line by line (records.EachRecord) and hands
// each record to one of two parsers: csvRow for a CSV file (its header
// given to start once per file), jsonLine for a JSON Lines file. A
// parser's reject is recorded with the truncated-line note; a read error
// ends the run, an interrupt the reading.
func (c *cli) eachRecord(def string, start func(h *records.Header) error,
	csvRow func(fields [][]byte, line int64) *records.Reject,
	jsonLine func(file string, line []byte, n int64) *records.Reject) error {
	c.prog.begin(c.name, c.stderr, c.forceProgress)
	for _, in := range c.inputs() {
		rc, display, err := c.open(in)
		if err != nil {
			return err
		}
		rr := records.RecordReaders{Start: start, CSVRow: csvRow, Reject: c.reject, Next: func(line int64) bool {
			c.read++
			if c.read%4096 == 0 {
				c.prog.tick(c.read)
				return !c.stopped(display, line)
			}
			return true
		}}
		if jsonLine != nil {
			rr.JSONLine = func(text []byte, n int64) *records.Reject { return jsonLine(display, text, n) }
		}
		line, err := records.EachRecord(rc, display, c.inputFormat(in, def), rr)
		rc.Close()
		if errors.Is(err, errInterrupted) {
			c.stopped(display, line)
			return nil
		}
		if err != nil || c.stoppedAt != "" {
			return err
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
