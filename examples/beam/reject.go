package main

// rejectLine is one bad input line in the dead-letter output: where it is
// and why, never its content (it may hold a personal value).
type rejectLine struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}
