package churn

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/secondsale/secondsale/success"
)

// MarshalJSON writes the categories as a list sorted by name.
func (t *Taxonomy) MarshalJSON() ([]byte, error) {
	cats := t.Categories()
	if cats == nil {
		cats = []Category{}
	}
	return json.Marshal(cats)
}

// UnmarshalJSON reads a complete taxonomy: a list of categories, each with a
// name, an optional label, controllable (required: a category that forgot it
// would silently excuse every loss filed under it) and an optional upstream
// (default false). Unknown fields, a missing controllable, bad names and
// repeated names are rejected, every problem at once with its path
// ("[2].name"). To start from the defaults, marshal DefaultTaxonomy() and edit
// the document.
func (t *Taxonomy) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("%w: taxonomy: want a list of categories: %v", ErrInvalid, err)
	}
	var problems success.FieldErrors
	next := &Taxonomy{categories: make(map[ReasonCategory]Category, len(raw))}
	for i, r := range raw {
		path := fmt.Sprintf("[%d]", i)
		var doc struct {
			Name         ReasonCategory `json:"name"`
			Label        string         `json:"label"`
			Controllable *bool          `json:"controllable"`
			Upstream     bool           `json:"upstream"`
		}
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			problems.Addf(ErrInvalid, path, "%v", err)
			continue
		}
		if doc.Controllable == nil {
			problems.Addf(ErrInvalid, path+".controllable", "is required: say whether the cause is within our control")
			continue
		}
		c := Category{Name: doc.Name, Label: doc.Label, Controllable: *doc.Controllable, Upstream: doc.Upstream}
		if _, dup := next.categories[c.Name]; dup {
			problems.Addf(ErrInvalid, path+".name", "category %q is defined twice", string(c.Name))
			continue
		}
		if err := next.Define(c); err != nil {
			problems.Addf(ErrInvalid, path+".name", "%v", err)
		}
	}
	if err := problems.Err(); err != nil {
		return err
	}
	*t = *next
	return nil
}
