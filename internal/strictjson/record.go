package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// DecodeRecord reads the document data into a fresh T with Record and
// stores it in *dst when no problem was found; on a problem *dst is
// unchanged. A null document leaves *dst as it is, as encoding/json does.
// Problems go to report, a nested value's own error to nested (see Record).
// It is the whole UnmarshalJSON of a record, less the package's error type.
func DecodeRecord[T any](data []byte, dst *T, report func(path, problem string), nested func(path string, err error) bool) bool {
	if string(bytes.TrimSpace(data)) == "null" {
		return true
	}
	r := NewReader(report)
	var v T
	doc, ok := r.Document(data)
	if !ok || !r.Record(doc, "", &v, nested) {
		return false
	}
	*dst = v
	return true
}

// Record reads raw, at path, into the value v points to, as strictly as the
// definition loaders read theirs: every problem is reported with its path, an
// unknown field (names match the json tags exactly, not case-insensitively),
// a key given twice and a value of the wrong type included. It serves the
// records a host decodes from its own data (a churn event, a usage series),
// whose UnmarshalJSON is one call to it; v's own UnmarshalJSON is therefore
// not called, while every nested value whose type reads itself
// (json.Unmarshaler, then encoding.TextUnmarshaler: times, money,
// enumerations, nested records) is read by its method.
//
// Records hold personal values (notes, names, e-mail addresses), so unlike
// the loaders' problems a record's never quote the value: a wrong type reads
// "must be a number, got a string", a bad time "must be a time in RFC 3339
// format".
//
// A null, at any depth, leaves the value as it is: a record decodes into a
// fresh zero value, so null reads as absent, which is what SQL exports mean
// by it. An error returned by a nested value's method goes to nested when
// nested is not nil and returns true (so a caller can keep the nested
// record's own paths); otherwise its text is reported at the value's path.
// Record reports whether no problem was found.
func (r *Reader) Record(raw json.RawMessage, path string, v any, nested func(path string, err error) bool) bool {
	before := r.reported
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		r.problem(path, "cannot decode into %T", v) // a programming error, not bad input
		return false
	}
	w := recordWalker{r: r, nested: nested}
	w.value(raw, path, rv.Elem(), true)
	return r.reported == before
}

type recordWalker struct {
	r      *Reader
	nested func(path string, err error) bool
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value reads raw into v. top is the value Record was given, whose own
// UnmarshalJSON is the caller.
func (w recordWalker) value(raw json.RawMessage, path string, v reflect.Value, top bool) {
	if isNull(raw) {
		return
	}
	pt := reflect.PointerTo(v.Type())
	switch {
	case !top && v.Type() == timeType:
		// time.Time's errors quote the input.
		if v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw) != nil {
			w.r.problem(path, "must be a time in RFC 3339 format (\"2026-03-01T00:00:00Z\"), got %s", KindOf(raw))
		}
		return
	case !top && pt.Implements(jsonUnmarshaler):
		w.decoded(path, v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw))
		return
	case !top && pt.Implements(textUnmarshaler):
		var s string
		if !w.is(raw, path, '"', "a string") || json.Unmarshal(raw, &s) != nil {
			return
		}
		w.decoded(path, v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		w.object(raw, path, v)
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 { // base64, as encoding/json writes bytes
			w.plain(raw, path, v)
			return
		}
		if !w.is(raw, path, '[', "a JSON array") {
			return
		}
		items, _ := w.r.Array(raw, path)
		if v.Kind() == reflect.Array {
			if len(items) != v.Len() {
				w.r.problem(path, "must have %d elements, got %d", v.Len(), len(items))
				return
			}
		} else {
			v.Set(reflect.MakeSlice(v.Type(), len(items), len(items)))
		}
		for i, item := range items {
			w.value(item, Index(path, i), v.Index(i), false)
		}
	case reflect.Map:
		w.mapValue(raw, path, v)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		w.value(raw, path, p.Elem(), false)
		v.Set(p)
	case reflect.String:
		var s string
		if w.is(raw, path, '"', "a string") && json.Unmarshal(raw, &s) == nil {
			v.SetString(s)
		}
	case reflect.Bool:
		switch string(raw) {
		case "true", "false":
			v.SetBool(string(raw) == "true")
		default:
			w.r.problem(path, "must be true or false, got %s", KindOf(raw))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if w.isNumber(raw, path) {
			i, err := strconv.ParseInt(string(raw), 10, v.Type().Bits())
			if err != nil {
				w.r.problem(path, "%s", integerProblem(err))
				return
			}
			v.SetInt(i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if w.isNumber(raw, path) {
			if raw[0] == '-' {
				w.r.problem(path, "must be >= 0")
				return
			}
			u, err := strconv.ParseUint(string(raw), 10, v.Type().Bits())
			if err != nil {
				w.r.problem(path, "%s", integerProblem(err))
				return
			}
			v.SetUint(u)
		}
	case reflect.Float32, reflect.Float64:
		if w.isNumber(raw, path) {
			f, err := strconv.ParseFloat(string(raw), v.Type().Bits())
			if err != nil {
				w.r.problem(path, "number is out of range")
				return
			}
			v.SetFloat(f)
		}
	default: // interfaces and the rest: as encoding/json reads them
		w.plain(raw, path, v)
	}
}

// decoded reports the error of a value that read itself.
func (w recordWalker) decoded(path string, err error) {
	if err == nil {
		return
	}
	if w.nested != nil && w.nested(path, err) {
		w.r.mark(path) // a problem, though reported by the caller
		return
	}
	w.r.problem(path, "%s", recordProblem(err))
}

func (w recordWalker) plain(raw json.RawMessage, path string, v reflect.Value) {
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		w.r.problem(path, "%s", recordProblem(err))
	}
}

// recordProblem is decodeProblem without the value.
func recordProblem(err error) string {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Sprintf("must be %s, got %s", typeName(ute.Type), ute.Value)
	}
	return WithoutSentinel(err)
}

// is reports whether raw starts with first, and reports it at path as
// "must be <want>, got <its kind>" otherwise.
func (w recordWalker) is(raw json.RawMessage, path string, first byte, want string) bool {
	if raw[0] != first {
		w.r.problem(path, "must be %s, got %s", want, KindOf(raw))
		return false
	}
	return true
}

func (w recordWalker) isNumber(raw json.RawMessage, path string) bool {
	if !isNumber(raw) {
		w.r.problem(path, "must be a number, got %s", KindOf(raw))
		return false
	}
	return true
}

// kindOf names the JSON type of raw, never its value.
func KindOf(raw json.RawMessage) string {
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "a JSON object"
	case '[':
		return "a JSON array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// integerProblem says why a JSON number is not an integer of the field's size.
func integerProblem(err error) string {
	if errors.Is(err, strconv.ErrRange) {
		return "number is out of range"
	}
	return "must be an integer, without fraction or exponent"
}

// object reads a struct field by field, by json tag names.
func (w recordWalker) object(raw json.RawMessage, path string, v reflect.Value) {
	if !w.is(raw, path, '{', "a JSON object") {
		return
	}
	o, ok := w.r.Object(raw, path)
	if !ok {
		return
	}
	for _, f := range reflect.VisibleFields(v.Type()) {
		name, ok := fieldName(v.Type(), f)
		if !ok {
			continue
		}
		if fraw, ok := o.Raw(name, Optional); ok {
			w.value(fraw, o.Path(name), v.FieldByIndex(f.Index), false)
		}
	}
	o.Close()
}

// fieldName is the JSON name of f, and false for a field encoding/json does
// not read: unexported, tagged "-", an embedded struct itself (its fields
// are promoted) or a field promoted through an embedded pointer.
func fieldName(t reflect.Type, f reflect.StructField) (string, bool) {
	if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct {
		return "", false
	}
	for i := 1; i < len(f.Index); i++ {
		if t.FieldByIndex(f.Index[:i]).Type.Kind() == reflect.Pointer {
			return "", false
		}
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name := tag
	for i := range len(tag) {
		if tag[i] == ',' {
			name = tag[:i]
			break
		}
	}
	if name == "" {
		name = f.Name
	}
	return name, true
}

// mapValue reads an object into a map with string or text-decoded keys.
func (w recordWalker) mapValue(raw json.RawMessage, path string, v reflect.Value) {
	kt := v.Type().Key()
	if kt.Kind() != reflect.String && !reflect.PointerTo(kt).Implements(textUnmarshaler) {
		w.plain(raw, path, v)
		return
	}
	if !w.is(raw, path, '{', "a JSON object") {
		return
	}
	o, ok := w.r.Object(raw, path)
	if !ok {
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(o.fields))
	for _, k := range slices.Sorted(maps.Keys(o.fields)) {
		key := reflect.New(kt).Elem()
		if tu, ok := key.Addr().Interface().(encoding.TextUnmarshaler); ok {
			if err := tu.UnmarshalText([]byte(k)); err != nil {
				w.r.problem(o.Path(k), "bad key: %s", WithoutSentinel(err))
				continue
			}
		} else {
			key.SetString(k)
		}
		if isNull(o.fields[k]) {
			continue // null is an absent entry, as it is an absent field
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		w.value(o.fields[k], o.Path(k), elem, false)
		m.SetMapIndex(key, elem)
	}
	v.Set(m)
}
