package strictjson

import (
	"encoding"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strconv"
)

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
// A null, at any depth, leaves the value as it is: a record decodes into a
// fresh zero value, so null reads as absent, which is what SQL exports mean
// by it. An error returned by a nested value's method goes to nested when
// nested is not nil and returns true (so a caller can keep the nested
// record's own paths); otherwise its text is reported at the value's path.
// Record reports whether no problem was found.
func (r *Reader) Record(raw json.RawMessage, path string, v any, nested func(path string, err error) bool) bool {
	before := len(r.reported)
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		r.problem(path, "cannot decode into %T", v) // a programming error, not bad input
		return false
	}
	w := recordWalker{r: r, nested: nested}
	w.value(raw, path, rv.Elem(), true)
	return len(r.reported) == before
}

type recordWalker struct {
	r      *Reader
	nested func(path string, err error) bool
}

var (
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
	case !top && pt.Implements(jsonUnmarshaler):
		w.decoded(raw, path, v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw))
		return
	case !top && pt.Implements(textUnmarshaler):
		var s string
		if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			w.r.problem(path, "must be a string, got %s", describe(raw))
			return
		}
		w.decoded(raw, path, v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)))
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
		items, ok := w.r.Array(raw, path)
		if !ok {
			return
		}
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
		if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			w.r.problem(path, "must be a string, got %s", describe(raw))
			return
		}
		v.SetString(s)
	case reflect.Bool:
		switch string(raw) {
		case "true", "false":
			v.SetBool(string(raw) == "true")
		default:
			w.r.problem(path, "must be true or false, got %s", describe(raw))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if w.isNumber(raw, path) {
			i, err := strconv.ParseInt(string(raw), 10, v.Type().Bits())
			if err != nil {
				w.r.problem(path, "must be an integer in range, got %s", describe(raw))
				return
			}
			v.SetInt(i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if w.isNumber(raw, path) {
			u, err := strconv.ParseUint(string(raw), 10, v.Type().Bits())
			if err != nil {
				w.r.problem(path, "must be an integer >= 0 in range, got %s", describe(raw))
				return
			}
			v.SetUint(u)
		}
	case reflect.Float32, reflect.Float64:
		if w.isNumber(raw, path) {
			f, err := strconv.ParseFloat(string(raw), v.Type().Bits())
			if err != nil {
				w.r.problem(path, "number %s is out of range", describe(raw))
				return
			}
			v.SetFloat(f)
		}
	default: // interfaces and the rest: as encoding/json reads them
		w.plain(raw, path, v)
	}
}

// decoded reports the error of a value that read itself.
func (w recordWalker) decoded(raw json.RawMessage, path string, err error) {
	if err == nil || w.nested != nil && w.nested(path, err) {
		return
	}
	w.r.problem(path, "%s", decodeProblem(err, raw))
}

func (w recordWalker) plain(raw json.RawMessage, path string, v reflect.Value) {
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		w.r.problem(path, "%s", decodeProblem(err, raw))
	}
}

func (w recordWalker) isNumber(raw json.RawMessage, path string) bool {
	if !isNumber(raw) {
		w.r.problem(path, "must be a number, got %s", describe(raw))
		return false
	}
	return true
}

// object reads a struct field by field, by json tag names.
func (w recordWalker) object(raw json.RawMessage, path string, v reflect.Value) {
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
		elem := reflect.New(v.Type().Elem()).Elem()
		w.value(o.fields[k], o.Path(k), elem, false)
		m.SetMapIndex(key, elem)
	}
	v.Set(m)
}
