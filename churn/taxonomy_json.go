package churn

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/secondsale/secondsale/internal/strictjson"
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

// LoadTaxonomy reads a reason taxonomy from JSON, as UnmarshalJSON does: a
// complete list of categories, every problem reported at once with its path.
func LoadTaxonomy(r io.Reader) (*Taxonomy, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading reason taxonomy: %w", err)
	}
	t := &Taxonomy{}
	if err := t.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return t, nil
}

// UnmarshalJSON reads a complete taxonomy: a list of categories, each with a
// name, an optional label, controllable (required: a category that forgot it
// would silently excuse every loss filed under it) and an optional upstream
// (default false). Unknown fields, a missing controllable, bad names and
// repeated names are rejected, every problem at once with its path
// ("[2].name"). To start from the defaults, marshal DefaultTaxonomy() and edit
// the document.
func (t *Taxonomy) UnmarshalJSON(b []byte) error {
	var problems success.FieldErrors
	r := strictjson.NewReader(func(path, problem string) { problems.Addf(ErrInvalid, path, "%s", problem) })
	next := &Taxonomy{categories: map[ReasonCategory]Category{}}
	if doc, ok := r.Document(b); ok {
		items, _ := r.Array(doc, "")
		for i, item := range items {
			path := strictjson.Index("", i)
			o, ok := r.Object(item, path)
			if !ok {
				continue
			}
			var c Category
			name, hasName := o.String("name", strictjson.Required)
			c.Name = ReasonCategory(name)
			c.Label, _ = o.String("label", strictjson.Optional)
			hasControllable := o.Has("controllable")
			if !hasControllable {
				r.Problem(o.Path("controllable"), "is required: say whether the cause is within our control")
			}
			c.Controllable, _ = o.Bool("controllable", strictjson.Optional)
			c.Upstream, _ = o.Bool("upstream", strictjson.Optional)
			o.Close()
			if !hasName || !hasControllable {
				continue // reported: a category missing either cannot be defined
			}
			if _, dup := next.categories[c.Name]; dup {
				r.Problem(o.Path("name"), "category %q is defined twice", name)
			} else if err := next.Define(c); err != nil {
				r.Problem(o.Path("name"), "%s", strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": "))
			}
		}
	}
	if err := problems.Err(); err != nil {
		return err
	}
	*t = *next
	return nil
}
