package main

import (
	"encoding/json"
	"errors"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

// rejectJSON is one line of the dead-letter output, rejects.jsonl: the
// command-line tool's reject record (file, line, field, reason, never the
// value).
func rejectJSON(r records.Reject) (string, error) {
	b, err := json.Marshal(r)
	return string(b), err
}

// rejectFromError turns an SDK error about a record into a dead letter,
// naming the first field the SDK names (SDK errors never carry a value).
func rejectFromError(file string, line int64, err error) records.Reject {
	r := records.Reject{File: file, Line: line, Reason: err.Error()}
	var fe success.FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		r.Field = fe[0].Path
	}
	return r
}

func init() { register.Function1x2(rejectJSON) }
