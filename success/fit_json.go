package success

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ProfileLoadOptions configure LoadProfile. The zero value means no custom
// predicates.
type ProfileLoadOptions struct {
	// Predicates resolves the names used by "custom" criteria.
	Predicates map[string]func(v Value) (matched bool, reason string)
}

// LoadProfile reads a fit profile from JSON:
//
//	{"id": "icp-2026", "threshold": 70, "criteria": [
//	  {"id": "size", "attribute": "employees", "weight": 3, "range": {"min": 50, "max": 5000}},
//	  {"id": "industry", "attribute": "industry", "weight": 2, "one_of": ["fintech", "saas"]},
//	  {"id": "sanctioned", "attribute": "sanctioned", "equals": true, "disqualify": "must_not_have"}]}
//
// Loading is strict: unknown fields, wrongly typed values, duplicate criterion
// IDs, negative weights, an empty profile and unknown custom predicates are all
// reported at once, each with its path, as FieldErrors wrapping ErrInvalid.
func LoadProfile(r io.Reader, opts ProfileLoadOptions) (Profile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Profile{}, fmt.Errorf("reading fit profile: %w", err)
	}
	if err := checkDocument(data); err != nil {
		return Profile{}, err
	}
	var errs FieldErrors
	var p Profile
	top, ok := openObject(data, "", &errs)
	if !ok {
		return Profile{}, errs.Err()
	}
	top.take("id", &p.ID)
	top.take("name", &p.Name)
	top.take("threshold", &p.Threshold)
	if raw, ok := top.raw("criteria"); ok {
		items, _ := openArray(raw, "criteria", &errs)
		for i, item := range items {
			p.Criteria = append(p.Criteria, decodeCriterion(item, fmt.Sprintf("criteria[%d]", i), opts, &errs))
		}
	}
	top.close()
	if len(errs) == 0 {
		errs = AsFieldErrors(p.Validate())
	} else {
		// Report rule problems too, but not the ones already explained by a
		// field that failed to decode.
		errs = append(errs, structuralProblems(p, errs)...)
	}
	if err := errs.Err(); err != nil {
		return Profile{}, err
	}
	return p, nil
}

func decodeCriterion(raw json.RawMessage, path string, opts ProfileLoadOptions, errs *FieldErrors) Criterion {
	var c Criterion
	o, ok := openObject(raw, path, errs)
	if !ok {
		return c
	}
	o.take("id", &c.ID)
	o.take("description", &c.Description)
	o.take("attribute", &c.Attribute)
	o.take("weight", &c.Weight)
	o.take("disqualify", &c.Disqualify)
	var eq Value
	if o.take("equals", &eq) {
		c.Equals = &eq
	}
	o.take("one_of", &c.OneOf)
	if rr, ok := o.raw("range"); ok {
		ro, ok := openObject(rr, o.at("range"), errs)
		if ok {
			c.Range = &NumberRange{}
			ro.take("min", &c.Range.Min)
			ro.take("max", &c.Range.Max)
			ro.close()
		}
	}
	o.take("present", &c.Present)
	var name string
	if o.take("custom", &name) {
		test, ok := opts.Predicates[name]
		if !ok {
			errs.Addf(nil, o.at("custom"), "unknown predicate %q (register it in ProfileLoadOptions.Predicates)", name)
		} else {
			c.Custom = &Predicate{Name: name, Test: test}
		}
	}
	o.close()
	return c
}

// structuralProblems returns the validation problems of p that are not about
// a field already reported while decoding, so one mistake is not reported twice.
func structuralProblems(p Profile, decoded FieldErrors) FieldErrors {
	var out FieldErrors
	for _, e := range AsFieldErrors(p.Validate()) {
		if !overlapsAny(e.Path, decoded) {
			out = append(out, e)
		}
	}
	return out
}

// overlapsAny reports whether path is, contains or lies inside a reported path.
func overlapsAny(path string, reported FieldErrors) bool {
	for _, r := range reported {
		if r.Path == path || within(r.Path, path) || within(path, r.Path) {
			return true
		}
	}
	return false
}

// within reports whether path lies inside parent: "criteria[0].weight" is
// inside "criteria[0]" and inside "criteria".
func within(path, parent string) bool {
	rest, ok := strings.CutPrefix(path, parent)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "["))
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
