package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Reader reads one document and reports its problems.
type Reader struct {
	report   func(path, problem string)
	reported int       // problems reported, by Record to tell its own
	paths    pathIndex // paths of the problems reported, for Covers
}

// NewReader returns a Reader that passes every problem to report, in the
// order found. Problems about the whole document have the empty path.
func NewReader(report func(path, problem string)) *Reader {
	return &Reader{report: report}
}

// Problem reports a problem the caller found while reading (an unknown name,
// say), so that Covers takes it into account too.
func (r *Reader) Problem(path, format string, args ...any) { r.problem(path, format, args...) }

func (r *Reader) problem(path, format string, args ...any) {
	r.mark(path)
	r.report(path, fmt.Sprintf(format, args...))
}

// mark counts a problem at path, reported by r or by its caller.
func (r *Reader) mark(path string) {
	r.reported++
	r.paths.add(path)
}

// Covers reports whether a problem already reported is at path, inside it or
// encloses it. Loaders use it to drop a rule violation that a structural
// problem already explains (a weight that failed to decode is not reported
// again as "weights are all zero"), so each mistake is reported once. A path
// lies inside another when it continues it with "." or "[":
// "criteria[0].weight" is inside "criteria[0]" and inside "criteria", and
// "[2]" is inside "". It costs the length of path, whatever the number of
// problems reported.
func (r *Reader) Covers(path string) bool { return r.paths.covers(path) }

// Document checks that data is exactly one well-formed JSON value, with
// nothing but white space after it, and returns it. A malformed document is
// reported at the empty path and ok is false. So is a document with a
// string or key that is not valid UTF-8, reported at the path of each, which
// encoding/json would silently turn into U+FFFD (making the IDs "a\xffb" and
// "a\xfeb" one).
func (r *Reader) Document(data []byte) (doc json.RawMessage, ok bool) {
	if err := decodeWhole(data, &doc, false); err != nil {
		r.problem("", "malformed JSON: %v", err)
		return nil, false
	}
	ok = true
	scan(doc, false, func(path, problem string) bool {
		r.problem(path, "%s", problem)
		ok = false
		return true
	})
	if !ok {
		return nil, false
	}
	return doc, true
}

// decodeWhole decodes data into v and requires it to be exactly one JSON
// value: nothing but white space after it (a stray "}" included, which
// json.Decoder.More would let through).
func decodeWhole(data []byte, v any, disallowUnknownFields bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if disallowUnknownFields {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty document")
		}
		return err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("unexpected data after the top-level value, which ends at offset %d", end)
	}
	return nil
}

// Object is a JSON object being read field by field. Every field read is
// taken; Close reports the fields nobody took as unknown.
type Object struct {
	r      *Reader
	path   string
	fields map[string]json.RawMessage
}

// Object opens raw as an object at path, reporting each key given more than
// once (the first value is kept). A value that is not an object is reported
// and gives ok = false.
func (r *Reader) Object(raw json.RawMessage, path string) (o *Object, ok bool) {
	o = &Object{r: r, path: path, fields: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		r.problem(path, "must be a JSON object, got %s", describe(raw))
		return o, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			r.problem(path, "malformed JSON object: %v", err)
			return o, false
		}
		key, _ := tok.(string) // object keys are always strings
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			r.problem(o.Path(key), "malformed JSON value: %v", err)
			return o, false
		}
		if _, dup := o.fields[key]; dup {
			r.problem(o.Path(key), "duplicate field")
			continue
		}
		o.fields[key] = value
	}
	return o, true
}

// Array opens raw as an array at path. A value that is not an array (null
// included) is reported and gives ok = false.
func (r *Reader) Array(raw json.RawMessage, path string) (items []json.RawMessage, ok bool) {
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		r.problem(path, "must be a JSON array, got %s", describe(raw))
		return nil, false
	}
	return items, true
}

// Need says whether a field must be present.
type Need bool

const (
	Optional Need = false
	Required Need = true
)

// Path returns the path of the field key of o.
func (o *Object) Path(key string) string { return Join(o.path, key) }

// Join returns the path of field key inside path.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Nest returns path as seen from a document that holds the value at
// prefix: "weight" under "criteria[0]" is "criteria[0].weight", "[2]"
// under "items" is "items[2]", and the value's own "" is prefix itself.
func Nest(prefix, path string) string {
	switch {
	case path == "":
		return prefix
	case strings.HasPrefix(path, "["):
		return prefix + path
	}
	return Join(prefix, path)
}

// Index returns the path of element i of the array at path.
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Has reports whether the field key is present, without taking it.
func (o *Object) Has(key string) bool {
	_, ok := o.fields[key]
	return ok
}

// Raw takes the field key undecoded. A missing required field is reported.
func (o *Object) Raw(key string, need Need) (json.RawMessage, bool) {
	raw, ok := o.fields[key]
	if !ok {
		if need == Required {
			o.r.problem(o.Path(key), "is required")
		}
		return nil, false
	}
	delete(o.fields, key)
	return raw, true
}

// Decode takes the field key and decodes it into dst with encoding/json, for
// types that know how to read themselves (their UnmarshalJSON errors are
// reported as the problem). A null is reported unless dst implements
// json.Unmarshaler; a wrongly typed value is reported as "must be a number,
// got "3"". It returns whether the field was present and decoded.
func (o *Object) Decode(key string, need Need, dst any) bool {
	raw, ok := o.Raw(key, need)
	if !ok {
		return false
	}
	return o.r.Decode(raw, o.Path(key), dst)
}

// Decode decodes raw, found at path, into dst as Object.Decode does a field.
func (r *Reader) Decode(raw json.RawMessage, path string, dst any) bool {
	if _, custom := dst.(json.Unmarshaler); !custom && isNull(raw) {
		r.problem(path, "must be %s, got null", typeName(reflect.TypeOf(dst)))
		return false
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		r.problem(path, "%s", decodeProblem(err, raw))
		return false
	}
	return true
}

// String takes the field key as a string.
func (o *Object) String(key string, need Need) (string, bool) {
	raw, ok := o.Raw(key, need)
	if !ok {
		return "", false
	}
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		o.r.problem(o.Path(key), "must be a string, got %s", describe(raw))
		return "", false
	}
	return s, true
}

// Number takes the field key as a finite float64, parsed from its text. A
// number beyond the float64 range is reported as out of range.
func (o *Object) Number(key string, need Need) (float64, bool) {
	raw, ok := o.number(key, need)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		o.r.problem(o.Path(key), "number is out of range")
		return 0, false
	}
	return f, true
}

// Int takes the field key as an integer written without fraction or
// exponent, parsed exactly.
func (o *Object) Int(key string, need Need) (int, bool) {
	raw, ok := o.number(key, need)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil || int64(int(i)) != i {
		o.r.problem(o.Path(key), "must be a whole number in range, without fraction or exponent")
		return 0, false
	}
	return int(i), true
}

func (o *Object) number(key string, need Need) (json.RawMessage, bool) {
	raw, ok := o.Raw(key, need)
	if !ok {
		return nil, false
	}
	if len(raw) == 0 || !(raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		o.r.problem(o.Path(key), "must be a number, got %s", describe(raw))
		return nil, false
	}
	return raw, true
}

// Bool takes the field key as true or false.
func (o *Object) Bool(key string, need Need) (bool, bool) {
	raw, ok := o.Raw(key, need)
	if !ok {
		return false, false
	}
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	o.r.problem(o.Path(key), "must be true or false, got %s", describe(raw))
	return false, false
}

// Object takes the field key as an object.
func (o *Object) Object(key string, need Need) (*Object, bool) {
	raw, ok := o.Raw(key, need)
	if !ok {
		return nil, false
	}
	return o.r.Object(raw, o.Path(key))
}

// Array takes the field key as an array.
func (o *Object) Array(key string, need Need) ([]json.RawMessage, bool) {
	raw, ok := o.Raw(key, need)
	if !ok {
		return nil, false
	}
	return o.r.Array(raw, o.Path(key))
}

// Close reports every field nobody took as unknown, in name order. A name
// that does not look like a field name (an e-mail address used as a key,
// say) is not copied into the path: the problem is reported at the object,
// with the name's length.
func (o *Object) Close() {
	for _, k := range slices.Sorted(maps.Keys(o.fields)) {
		if isFieldName(k) {
			o.r.problem(o.Path(k), "unknown field")
		} else {
			o.r.problem(o.path, "unknown field whose name is a string of %d bytes", len(k))
		}
	}
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// decodeProblem turns an encoding/json error into the words a JSON author
// understands.
func decodeProblem(err error, raw json.RawMessage) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		if strings.HasPrefix(ute.Value, "number") && isNumber(raw) && typeName(ute.Type) == "a number" {
			return "number is out of range"
		}
		return fmt.Sprintf("must be %s, got %s", typeName(ute.Type), describe(raw))
	}
	return WithoutSentinel(err)
}

// WithoutSentinel returns err's text without the text of the error at the
// root of its chain, when the text starts with it: a type's UnmarshalJSON
// error "success: invalid input: number must be finite" reads "number must
// be finite" beside a path, which already says the input is invalid.
func WithoutSentinel(err error) string {
	msg, root := err.Error(), err
	for {
		next := errors.Unwrap(root)
		if next == nil {
			break
		}
		root = next
	}
	if trimmed, ok := strings.CutPrefix(msg, root.Error()+": "); ok && root != err {
		return trimmed
	}
	return msg
}

func isNumber(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && (t[0] == '-' || t[0] >= '0' && t[0] <= '9')
}

// typeName names a Go type the way a JSON author thinks of it.
func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a JSON array"
	default:
		return "a JSON object"
	}
}

// describe names the kind of a value, never its text: definitions and
// records alike may hold a misplaced personal value.
func describe(raw json.RawMessage) string {
	return KindOf(bytes.TrimSpace(raw))
}

// Unmarshal decodes data into v with encoding/json, rejecting unknown fields,
// a key repeated in any object (encoding/json keeps the last), a string or
// key that is not valid UTF-8 (encoding/json replaces it) and anything after
// the value. It serves machine-written documents (an accumulator's encoded
// state), where a problem means corruption rather than a person's typo, so
// one error is enough: the first problem, with its path when it has one; the
// caller checks the decoded values itself. On error v may be partly filled.
// encoding/json decodes first, which checks that data is well formed, as
// the scan for the rest needs: a separate check would be another pass over
// a document that may be megabytes.
func Unmarshal(data []byte, v any) error {
	if err := decodeWhole(data, v, true); err != nil {
		return err
	}
	var first error
	scan(data, true, func(path, problem string) bool {
		if path == "" {
			first = errors.New(problem)
		} else {
			first = fmt.Errorf("%s: %s", path, problem)
		}
		return false
	})
	return first
}
