package main

import (
	"encoding/json"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// rejectLine is one bad input line in the dead-letter output: where it is
// and why, never its content (it may hold a personal value).
type rejectLine struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

func rejectJSON(r rejectLine) (string, error) {
	b, err := json.Marshal(r)
	return string(b), err
}

func init() { register.Function1x2(rejectJSON) }
