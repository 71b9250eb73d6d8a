package main

import (
	"encoding/json"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/examples/internal/records"
)

// rejectJSON is one line of the dead-letter output, rejects.jsonl: the
// command-line tool's reject record (file, line, field, reason, never the
// value).
func rejectJSON(r records.Reject) (string, error) {
	b, err := json.Marshal(r)
	return string(b), err
}

func init() { register.Function1x2(rejectJSON) }
