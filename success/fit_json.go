package success

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/secondsale/secondsale/internal/strictjson"
)

// ProfileLoadOptions configure LoadProfile. The zero value means no custom
// predicates.
type ProfileLoadOptions struct {
	// Predicates resolves the names used by "custom" criteria.
	Predicates map[string]PredicateFunc
}

// LoadProfile reads a fit profile from JSON:
//
//	{"id": "icp-2026", "threshold": 70, "min_known_share": 0.5, "criteria": [
//	  {"id": "size", "attribute": "employees", "weight": 3, "range": {"min": 50, "max": 5000}},
//	  {"id": "industry", "attribute": "industry", "weight": 2, "one_of": ["fintech", "saas"]},
//	  {"id": "sanctioned", "attribute": "sanctioned", "equals": true, "disqualify": "must_not_have"},
//	  {"id": "contact", "attribute": "contact_email", "weight": 1, "present": true}],
//	 "personal": ["contact_email"]}
//
// Loading is strict: unknown fields, wrongly typed values, duplicate criterion
// IDs, negative weights, an empty profile and unknown custom predicates are all
// reported at once, each with its path, as FieldErrors wrapping ErrInvalid.
// An error reading r is returned wrapped as it is.
func LoadProfile(r io.Reader, opts ProfileLoadOptions) (Profile, error) {
	data, err := strictjson.ReadDocument(r, ErrInvalid)
	if err != nil {
		return Profile{}, fmt.Errorf("reading fit profile: %w", err)
	}
	var errs FieldErrors
	sj := strictjson.NewReader(func(path, problem string) { errs.addf(ErrInvalid, path, "%s", problem) })
	doc, ok := sj.Document(data)
	if !ok {
		return Profile{}, errs.Err()
	}
	top, ok := sj.Object(doc, "")
	if !ok {
		return Profile{}, errs.Err()
	}
	var p Profile
	top.Decode("id", strictjson.Optional, &p.ID)
	top.Decode("name", strictjson.Optional, &p.Name)
	top.Decode("threshold", strictjson.Optional, &p.Threshold)
	top.Decode("min_known_share", strictjson.Optional, &p.MinKnownShare)
	top.Decode("personal", strictjson.Optional, &p.Personal)
	if items, ok := top.Array("criteria", strictjson.Optional); ok {
		for i, item := range items {
			p.Criteria = append(p.Criteria, decodeCriterion(sj, item, strictjson.Index("criteria", i), opts))
		}
	}
	top.Close()
	// Report rule problems too, but not the ones already explained by a
	// field that failed to decode.
	for _, e := range AsFieldErrors(p.Validate()) {
		if !sj.Covers(e.Path) {
			errs = append(errs, e)
		}
	}
	if err := errs.Err(); err != nil {
		return Profile{}, err
	}
	return p, nil
}

func decodeCriterion(sj *strictjson.Reader, raw json.RawMessage, path string, opts ProfileLoadOptions) Criterion {
	var c Criterion
	o, ok := sj.Object(raw, path)
	if !ok {
		return c
	}
	o.Decode("id", strictjson.Optional, &c.ID)
	o.Decode("description", strictjson.Optional, &c.Description)
	o.Decode("attribute", strictjson.Optional, &c.Attribute)
	o.Decode("weight", strictjson.Optional, &c.Weight)
	o.Decode("disqualify", strictjson.Optional, &c.Disqualify)
	var eq Value
	if o.Decode("equals", strictjson.Optional, &eq) {
		c.Equals = &eq
	}
	o.Decode("one_of", strictjson.Optional, &c.OneOf)
	if ro, ok := o.Object("range", strictjson.Optional); ok {
		c.Range = &NumberRange{}
		ro.Decode("min", strictjson.Optional, &c.Range.Min)
		ro.Decode("max", strictjson.Optional, &c.Range.Max)
		ro.Close()
	}
	o.Decode("present", strictjson.Optional, &c.Present)
	var name string
	if o.Decode("custom", strictjson.Optional, &name) {
		test, ok := opts.Predicates[name]
		if !ok {
			// a predicate's name has a name's shape; anything else is not repeated
			sj.Problem(o.Path("custom"), "unknown predicate %s (register it in ProfileLoadOptions.Predicates)", strictjson.QuoteName(name))
		} else {
			c.Custom = &Predicate{Name: name, Test: test}
		}
	}
	o.Close()
	return c
}

// UnmarshalJSON decodes a profile as strictly as LoadProfile does. Custom
// predicates cannot be resolved here; use LoadProfile for profiles that name them.
func (p *Profile) UnmarshalJSON(b []byte) error {
	v, err := LoadProfile(bytes.NewReader(b), ProfileLoadOptions{})
	if err != nil {
		return err
	}
	*p = v
	return nil
}
