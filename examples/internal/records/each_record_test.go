package records_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/examples/internal/records"
)

// EachRecord hands every record to its parser, every reject (the parser's
// and its own) to Reject with the file, and stops when Next says so.
func TestEachRecord(t *testing.T) {
	var rows []int64
	var rejects []records.Reject
	var header []string
	rr := records.RecordReaders{
		Start: func(h *records.Header) error {
			for i := range h.Len() {
				header = append(header, h.Name(i))
			}
			return nil
		},
		CSVRow: func(fields [][]byte, n int64) *records.Reject {
			if string(fields[0]) == "bad" {
				return &records.Reject{Line: n, Field: "id", Reason: "not an ID"}
			}
			rows = append(rows, n)
			return nil
		},
		Reject: func(r records.Reject) { rejects = append(rejects, r) },
	}
	const csv = "id,x\na,1\nbad,2\n\"c,3\nbad,4"
	last, err := records.EachRecord(strings.NewReader(csv), "f.csv", "csv", rr)
	require.NoError(t, err)
	assert.Equal(t, int64(5), last)
	assert.Equal(t, []string{"id", "x"}, header)
	assert.Equal(t, []int64{2}, rows)
	require.Len(t, rejects, 3)
	assert.Equal(t, records.Reject{File: "f.csv", Line: 3, Field: "id", Reason: "not an ID"}, rejects[0])
	assert.Equal(t, records.Reject{File: "f.csv", Line: 4, Reason: "malformed CSV (unbalanced quotes)"}, rejects[1])
	assert.Equal(t, int64(5), rejects[2].Line)
	assert.Equal(t, "not an ID"+records.TruncatedReason, rejects[2].Reason, "line 5 has no newline")

	// Next stops the reading after the record it is given.
	rows, rejects = nil, nil
	rr.Next = func(n int64) bool { return n < 3 }
	last, err = records.EachRecord(strings.NewReader(csv), "f.csv", "csv", rr)
	require.NoError(t, err)
	assert.Equal(t, int64(3), last)
	assert.Equal(t, []int64{2}, rows)
	assert.Len(t, rejects, 1)
}

func TestEachRecordErrorsNameTheFile(t *testing.T) {
	csvOnly := records.RecordReaders{CSVRow: func([][]byte, int64) *records.Reject { return nil }, Reject: func(records.Reject) {}}
	jsonOnly := records.RecordReaders{JSONLine: func([]byte, int64) *records.Reject { return nil }, Reject: func(records.Reject) {}}
	disk := errors.New("disk")
	for _, tc := range []struct {
		name, format, want string
		rr                 records.RecordReaders
		in                 io.Reader
	}{
		{"unknown format", "xml", `f: unknown input format "xml" (csv or jsonl)`, csvOnly, strings.NewReader("")},
		{"JSON Lines to a CSV reader", "jsonl", "f: this input is read from CSV only", csvOnly, strings.NewReader("{}\n")},
		{"CSV to a JSON Lines reader", "csv", "f: this input is read from JSON Lines only", jsonOnly, strings.NewReader("a\n")},
		{"no header", "csv", "f: empty file, no header", csvOnly, strings.NewReader("")},
		{"a read error", "jsonl", "f: disk", jsonOnly, io.MultiReader(strings.NewReader("{}\n"), iotest.ErrReader(disk))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := records.EachRecord(tc.in, "f", tc.format, tc.rr)
			require.EqualError(t, err, tc.want)
		})
	}
	_, err := records.EachRecord(iotest.ErrReader(disk), "f", "jsonl", jsonOnly)
	require.ErrorIs(t, err, disk)
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]string{"a.CSV": "csv", "a.jsonl": "jsonl", "a.ndjson": "jsonl", "a.json": "jsonl", "a.txt": "def", "-": "def"} {
		assert.Equal(t, want, records.FormatOf(name, "def"), name)
	}
}
