package churn

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// MarshalJSON writes the definitions as a list sorted by code.
func (t *Taxonomy) MarshalJSON() ([]byte, error) {
	defs := t.Definitions()
	if defs == nil {
		defs = []ReasonDefinition{}
	}
	return json.Marshal(defs)
}

// LoadTaxonomy reads a reason taxonomy from JSON, as UnmarshalJSON does: a
// complete list of reason definitions, every problem reported at once with its path.
func LoadTaxonomy(r io.Reader) (*Taxonomy, error) {
	data, err := strictjson.ReadDocument(r, ErrInvalid)
	if err != nil {
		return nil, fmt.Errorf("reading reason taxonomy: %w", err)
	}
	t := &Taxonomy{}
	if err := t.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return t, nil
}

// UnmarshalJSON reads a complete taxonomy: a list of reason definitions,
// each with a code, an optional label, controllable (required: a definition
// that forgot it would silently excuse every loss filed under it) and an
// optional upstream (default false). Unknown fields, a missing controllable,
// bad codes and repeated codes are rejected, every problem at once with its
// path ("[2].code"). To start from the defaults, marshal DefaultTaxonomy() and edit
// the document.
func (t *Taxonomy) UnmarshalJSON(b []byte) error {
	var problems success.FieldErrors
	r := strictjson.NewReader(func(path, problem string) { fielderr.Addf(&problems, ErrInvalid, path, "%s", problem) })
	next := &Taxonomy{definitions: map[ReasonCode]ReasonDefinition{}}
	if doc, ok := r.Document(b); ok {
		items, _ := r.Array(doc, "")
		for i, item := range items {
			path := strictjson.Index("", i)
			o, ok := r.Object(item, path)
			if !ok {
				continue
			}
			var d ReasonDefinition
			code, hasCode := o.String("code", strictjson.Required)
			d.Code = ReasonCode(code)
			d.Label, _ = o.String("label", strictjson.Optional)
			hasControllable := o.Has("controllable")
			if !hasControllable {
				r.Problem(o.Path("controllable"), "is required: say whether the cause is within our control")
			}
			d.Controllable, _ = o.Bool("controllable", strictjson.Optional)
			d.Upstream, _ = o.Bool("upstream", strictjson.Optional)
			o.Close()
			if !hasCode || !hasControllable {
				continue // reported: a definition missing either cannot be defined
			}
			if _, dup := next.definitions[d.Code]; dup {
				r.Problem(o.Path("code"), "reason %s is defined twice", strictjson.QuoteName(code))
			} else if err := next.Define(d); err != nil {
				r.Problem(o.Path("code"), "%s", strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": "))
			}
		}
	}
	if err := problems.Err(); err != nil {
		return err
	}
	*t = *next
	return nil
}
