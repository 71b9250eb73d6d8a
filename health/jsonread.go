package health

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/success"
)

// jsonReader walks a decoded JSON document by hand so that every problem
// (unknown field, wrong type, missing field) is collected with its path,
// instead of stopping at the first as encoding/json does.
type jsonReader struct {
	problems success.FieldErrors
}

// decode parses data into generic values, keeping numbers exact (as
// json.Number) and reporting a key repeated in one object, which
// encoding/json would silently resolve to its last value.
func (r *jsonReader) decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := r.value(dec, "")
	if err != nil {
		return nil, &success.FieldError{Problem: "malformed JSON: " + err.Error(), Err: ErrInvalid}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &success.FieldError{Problem: "malformed JSON: unexpected data after the document", Err: ErrInvalid}
	}
	return v, nil
}

// value reads one JSON value token by token.
func (r *jsonReader) value(dec *json.Decoder, path string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil // string, json.Number, bool or nil
	}
	switch delim {
	case '{':
		m := map[string]any{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ := kt.(string) // the decoder only yields string keys
			v, err := r.value(dec, joinPath(path, key))
			if err != nil {
				return nil, err
			}
			if _, dup := m[key]; dup {
				r.problems.Addf(ErrInvalid, joinPath(path, key), "duplicate field")
			}
			m[key] = v
		}
		_, err = dec.Token() // '}'
		return m, err
	case '[':
		a := []any{}
		for dec.More() {
			v, err := r.value(dec, indexPath(path, len(a)))
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err = dec.Token() // ']'
		return a, err
	}
	return nil, errors.New("unexpected " + delim.String())
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// object returns v as an object and reports keys not in allowed.
func (r *jsonReader) object(path string, v any, allowed ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		r.problems.Addf(ErrInvalid, path, "must be an object, got %s", jsonType(v))
		return nil
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		r.problems.Addf(ErrInvalid, joinPath(path, k), "unknown field")
	}
	return m
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a bool"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "an unknown value"
}

func (r *jsonReader) field(path string, m map[string]any, key string, required bool) (any, bool) {
	v, ok := m[key]
	if !ok {
		if required && m != nil {
			r.problems.Addf(ErrInvalid, joinPath(path, key), "is required")
		}
		return nil, false
	}
	return v, true
}

func (r *jsonReader) str(path string, m map[string]any, key string, required bool) string {
	v, ok := r.field(path, m, key, required)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		r.problems.Addf(ErrInvalid, joinPath(path, key), "must be a string, got %s", jsonType(v))
	}
	return s
}

// num reads a finite number; absent optional numbers return def.
func (r *jsonReader) num(path string, m map[string]any, key string, required bool, def float64) float64 {
	v, ok := r.field(path, m, key, required)
	if !ok {
		return def
	}
	n, isNum := v.(json.Number)
	if !isNum {
		r.problems.Addf(ErrInvalid, joinPath(path, key), "must be a number, got %s", jsonType(v))
		return def
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) {
		r.problems.Addf(ErrInvalid, joinPath(path, key), "number %s is out of range", n)
		return def
	}
	return f
}

func (r *jsonReader) integer(path string, m map[string]any, key string, required bool) int {
	v, ok := r.field(path, m, key, required)
	if !ok {
		return 0
	}
	n, isNum := v.(json.Number)
	i, err := n.Int64()
	if !isNum || err != nil || i != int64(int(i)) {
		r.problems.Addf(ErrInvalid, joinPath(path, key), "must be an integer, got %v", v)
		return 0
	}
	return int(i)
}

func (r *jsonReader) boolean(path string, m map[string]any, key string) bool {
	v, ok := r.field(path, m, key, false)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		r.problems.Addf(ErrInvalid, joinPath(path, key), "must be a bool, got %s", jsonType(v))
	}
	return b
}

func (r *jsonReader) array(path string, m map[string]any, key string, required bool) []any {
	v, ok := r.field(path, m, key, required)
	if !ok {
		return nil
	}
	a, isArr := v.([]any)
	if !isArr {
		r.problems.Addf(ErrInvalid, joinPath(path, key), "must be an array, got %s", jsonType(v))
	}
	return a
}

// merge returns the structural problems followed by the semantic ones whose
// path has no structural problem yet, so one mistake is reported once.
func (r *jsonReader) merge(semantic success.FieldErrors) success.FieldErrors {
	out := r.problems
	for _, p := range semantic {
		if !slices.ContainsFunc(r.problems, func(q *success.FieldError) bool { return q.Path == p.Path }) {
			out = append(out, p)
		}
	}
	return out
}
