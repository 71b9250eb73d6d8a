package strictjson

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzReader walks arbitrary documents the way a loader does: the document,
// then every object and array inside it, reading fields of each type. It
// must never panic, every problem must name a path that exists in the
// document's shape, and a document it accepts must be valid JSON.
func FuzzReader(f *testing.F) {
	for _, s := range []string{`{"id":"p","n":1,"i":2,"b":true,"o":{"x":[1,{"y":null}]},"a":[]}`,
		`{"a":1,"a":2}`, `[1,"2",{"3":3}]`, `{"n":1e400,"i":1.5,"s":"\u00e9"}`, ``, `{} {}`, `nul`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var problems []string
		r := NewReader(func(path, problem string) {
			if problem == "" {
				t.Fatalf("empty problem at %q", path)
			}
			problems = append(problems, path)
		})
		doc, ok := r.Document(data)
		if ok != json.Valid(data) {
			t.Fatalf("Document ok=%v for %q, json.Valid says %v", ok, data, json.Valid(data))
		}
		if !ok {
			return
		}
		walk(t, r, doc, "", 0)
		for _, p := range problems {
			if !r.Covers(p) {
				t.Fatalf("a reported problem at %q is not covered", p)
			}
		}
	})
}

// walk reads raw with every accessor the Reader offers.
func walk(t *testing.T, r *Reader, raw json.RawMessage, path string, depth int) {
	if depth > 8 {
		return
	}
	trimmed := strings.TrimSpace(string(raw))
	switch {
	case strings.HasPrefix(trimmed, "{"):
		o, ok := r.Object(raw, path)
		if !ok {
			t.Fatalf("valid object %s at %q refused", raw, path)
		}
		keys := make([]string, 0, len(o.fields))
		for k := range o.fields {
			keys = append(keys, k)
		}
		for i, k := range keys {
			switch i % 7 {
			case 0:
				o.String(k, Required)
			case 1:
				o.Number(k, Required)
			case 2:
				o.Int(k, Required)
			case 3:
				o.Bool(k, Required)
			case 4:
				var v float64
				o.Decode(k, Required, &v)
			case 5:
				if sub, ok := o.Raw(k, Required); ok {
					walk(t, r, sub, o.Path(k), depth+1)
				}
			default:
				// left for Close to report as unknown
			}
		}
		o.Raw("missing", Required)
		o.Close()
	case strings.HasPrefix(trimmed, "["):
		items, ok := r.Array(raw, path)
		if !ok {
			t.Fatalf("valid array %s at %q refused", raw, path)
		}
		for i, item := range items {
			walk(t, r, item, Index(path, i), depth+1)
		}
	default:
		r.Array(raw, path) // a scalar is not an array: reported, not a panic
	}
}

// FuzzRecords decodes arbitrary documents into a record with every kind of
// field. It must never panic, a document it accepts must be valid JSON, and
// what it accepts must encode and decode back to the same record.
func FuzzRecords(f *testing.F) {
	for _, s := range []string{`{"id": "a", "count": 3, "level": "low", "tags": {"x": 1}, "readings": [{"at": "2026-01-02T00:00:00Z", "value": 1.5}], "next": {"value": 2}, "inner": {"n": 2}, "Untagged": true}`,
		`{"id": "a", "id": "b"}`, `{"readings": null, "raw": {"": ""}}`, `{"count": 1e2}`, `[]`, `null`, `{"tags": {"a": 1, "a": 2}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var problems int
		r := NewReader(func(path, problem string) { problems++ })
		var d doc
		ok := testRecords.Decode(r, data, &d)
		if ok != (problems == 0) {
			t.Fatalf("ok=%v with %d problems", ok, problems)
		}
		if !ok {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var back doc
		if !testRecords.Decode(NewReader(func(path, problem string) { t.Fatalf("re-decoding %s: %s: %s", b, path, problem) }), b, &back) {
			t.Fatalf("re-decoding %s failed", b)
		}
		if b2, _ := json.Marshal(back); string(b2) != string(b) {
			t.Fatalf("round trip changed:\n%s\n%s", b, b2)
		}
	})
}
