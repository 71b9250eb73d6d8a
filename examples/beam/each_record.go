package main

import (
	"os"

	"github.com/secondsale/secondsale/examples/internal/records"
)

// eachRecord reads the file at path with the command-line tool's reader
// (records.EachRecord), in the format its extension says (def for another
// extension); read is called after each record, to count it.
func eachRecord(path, def string, rr records.RecordReaders, read func()) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rr.Next = func(int64) bool { read(); return true }
	_, err = records.EachRecord(f, path, records.FormatOf(path, def), rr)
	return err
}
