package records

import "strconv"

// Reject is a record that could not be read: where it is and why. It names
// the field (a column or key name) but never copies the value, which may be
// personal. Its JSON form is one line of a rejects file.
type Reject struct {
	File   string `json:"file"`
	Line   int64  `json:"line"` // 1-based; the header is line 1 of a CSV file
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// Error makes a Reject usable as an error: "file:line: field: reason".
func (r *Reject) Error() string {
	s := r.File + ":" + strconv.FormatInt(r.Line, 10) + ": "
	if r.Field != "" {
		s += r.Field + ": "
	}
	return s + r.Reason
}
