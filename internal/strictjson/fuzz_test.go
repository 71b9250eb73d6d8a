package strictjson

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// surrogateEscape finds a \u escape of a UTF-16 surrogate, which a valid
// document may hold only as a pair.
var surrogateEscape = regexp.MustCompile(`\\u[dD][89abcdefABCDEF]`)

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
		// A document is taken when it is valid JSON whose strings are valid
		// UTF-8 (encoding/json accepts invalid UTF-8 and lone surrogates and
		// replaces them; the Reader refuses them).
		valid := json.Valid(data)
		if ok && (!valid || !utf8.Valid(data)) || !ok && valid && utf8.Valid(data) && !surrogateEscape.Match(data) {
			t.Fatalf("Document ok=%v for %q, json.Valid says %v, utf8.Valid %v", ok, data, valid, utf8.Valid(data))
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
