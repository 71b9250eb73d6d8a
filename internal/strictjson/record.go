package strictjson

import (
	"encoding"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Records decodes JSON records (accounts, outcomes, events: the values a host
// sends, as opposed to definitions) into Go structs as strictly as the
// loaders read definitions, without a hand-written reader per type. Fields
// are matched by the name in their json tag (exactly; encoding/json would
// also take "ID" for "id"); unknown fields, repeated keys and wrongly typed
// values are reported with their path, every one of them, not only the first.
//
// A value whose type decodes itself (json.Unmarshaler or
// encoding.TextUnmarshaler: times, amounts, enumerations) is handed to its own
// method, except the types given to NewRecords: their UnmarshalJSON is built
// on Records, so they are walked instead, and a problem deep inside keeps its
// whole path ("required[0].measurements[2].at: unknown field").
//
// null is read where Go writes it, as nil for slices, maps and pointers, and
// by types that decode null themselves (time.Time reads it as the zero time);
// anywhere else it is a wrongly typed value.
//
// Tag options other than the name (",string", say) are not supported; the
// record types that use Records do without them.
//
// Records carry customer data, so a problem never quotes the value the host
// sent: it names the kind found instead ("must be a string, got a number").
// Types that decode themselves word their own errors, and must not quote
// what they are given either.
//
// A Records is safe for concurrent use.
type Records struct {
	walk   map[reflect.Type]bool
	fields sync.Map // reflect.Type -> []field
}

// NewRecords returns a Records that walks the types of the given values
// field by field wherever they occur, even though they implement
// json.Unmarshaler.
func NewRecords(values ...any) *Records {
	rs := &Records{walk: map[reflect.Type]bool{}}
	for _, v := range values {
		rs.walk[reflect.TypeOf(v)] = true
	}
	return rs
}

// Decode decodes the document data into the value dst points to, reporting
// every problem through r. dst is set only when there is none; the result
// says whether it was. dst's own UnmarshalJSON is not called, so that method
// may be built on Decode.
func (rs *Records) Decode(r *Reader, data []byte, dst any) bool {
	pv := reflect.ValueOf(dst)
	if pv.Kind() != reflect.Pointer || pv.IsNil() {
		r.problem("", "cannot decode into %T", dst)
		return false
	}
	defer func(was bool) { r.redact = was }(r.redact)
	r.redact = true
	before := len(r.reported)
	doc, ok := r.Document(data)
	if !ok {
		return false
	}
	v := reflect.New(pv.Elem().Type()).Elem()
	rs.value(r, doc, "", v, true)
	if len(r.reported) > before {
		return false
	}
	pv.Elem().Set(v)
	return true
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType            = reflect.TypeFor[time.Time]()
)

// decodeTime reads an RFC 3339 time as time.Time does (null is the zero
// time), with a problem that does not quote the text.
func decodeTime(r *Reader, raw json.RawMessage, path string, v reflect.Value) {
	if isNull(raw) {
		return
	}
	var t time.Time
	if len(raw) == 0 || raw[0] != '"' {
		r.problem(path, "must be an RFC 3339 time such as \"2026-01-02T15:04:05Z\", got %s", r.describe(raw))
		return
	}
	if err := t.UnmarshalJSON(raw); err != nil {
		r.problem(path, "must be an RFC 3339 time such as \"2026-01-02T15:04:05Z\"")
		return
	}
	v.Set(reflect.ValueOf(t))
}

// decodesItself reports whether a *t has its own JSON or text decoding.
func decodesItself(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType)
}

// value decodes raw, found at path, into v. top is set for the value being
// decoded by Decode, whose own methods must not be called again.
func (rs *Records) value(r *Reader, raw json.RawMessage, path string, v reflect.Value, top bool) {
	t := v.Type()
	if t == timeType {
		decodeTime(r, raw, path, v)
		return
	}
	if !top && !rs.walk[t] && decodesItself(t) {
		r.Decode(raw, path, v.Addr().Interface())
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		rs.object(r, raw, path, v)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // []byte is base64 text
			r.Decode(raw, path, v.Addr().Interface())
			return
		}
		if isNull(raw) {
			return
		}
		items, ok := r.Array(raw, path)
		if !ok {
			return
		}
		s := reflect.MakeSlice(t, len(items), len(items))
		for i, item := range items {
			rs.value(r, item, Index(path, i), s.Index(i), false)
		}
		v.Set(s)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			r.Decode(raw, path, v.Addr().Interface())
			return
		}
		rs.mapping(r, raw, path, v)
	case reflect.Pointer:
		if isNull(raw) {
			return
		}
		p := reflect.New(t.Elem())
		rs.value(r, raw, path, p.Elem(), false)
		v.Set(p)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(string(raw), 10, 64)
		if !isNumber(raw) || err != nil || v.OverflowInt(i) {
			r.problem(path, "must be an integer, got %s", r.describeNumber(raw))
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, err := strconv.ParseUint(string(raw), 10, 64)
		if err != nil || v.OverflowUint(u) {
			r.problem(path, "must be an integer >= 0, got %s", r.describeNumber(raw))
			return
		}
		v.SetUint(u)
	default:
		r.Decode(raw, path, v.Addr().Interface())
	}
}

// object decodes a JSON object into the struct v, field by field.
func (rs *Records) object(r *Reader, raw json.RawMessage, path string, v reflect.Value) {
	o, ok := r.Object(raw, path)
	if !ok {
		return
	}
	for _, f := range rs.fieldsOf(v.Type()) {
		if fraw, ok := o.Raw(f.name, Optional); ok {
			rs.value(r, fraw, o.Path(f.name), v.FieldByIndex(f.index), false)
		}
	}
	o.Close()
}

// mapping decodes a JSON object into the map v, whose keys are strings; the
// path of an entry is path["key"].
func (rs *Records) mapping(r *Reader, raw json.RawMessage, path string, v reflect.Value) {
	if isNull(raw) {
		return
	}
	o, ok := r.Object(raw, path)
	if !ok {
		return
	}
	t := v.Type()
	m := reflect.MakeMapWithSize(t, len(o.fields))
	for _, k := range slices.Sorted(maps.Keys(o.fields)) {
		key := reflect.New(t.Key()).Elem()
		if u, ok := key.Addr().Interface().(encoding.TextUnmarshaler); ok {
			if err := u.UnmarshalText([]byte(k)); err != nil {
				r.problem(Key(path, k), "%s", WithoutSentinel(err))
				continue
			}
		} else {
			key.SetString(k)
		}
		e := reflect.New(t.Elem()).Elem()
		rs.value(r, o.fields[k], Key(path, k), e, false)
		m.SetMapIndex(key, e)
	}
	v.Set(m)
}

// Key returns the path of the entry key of the map at path: path["key"].
func Key(path, key string) string { return path + "[" + strconv.Quote(key) + "]" }

// field is a struct field as JSON names it.
type field struct {
	name  string
	index []int
}

// fieldsOf lists the JSON fields of struct type t as encoding/json sees them:
// exported fields named by their json tag, "-" left out, and the fields of an
// embedded struct without a tag promoted unless a shallower field has the name.
func (rs *Records) fieldsOf(t reflect.Type) []field {
	if fs, ok := rs.fields.Load(t); ok {
		return fs.([]field)
	}
	// Direct fields shadow promoted ones of the same name; order is declaration order.
	direct := map[string]bool{}
	type entry struct {
		sf       reflect.StructField
		name     string
		embedded bool
	}
	var entries []entry
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case tag == "-":
		case sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct:
			entries = append(entries, entry{sf: sf, embedded: true})
		case sf.IsExported():
			if name == "" {
				name = sf.Name
			}
			direct[name] = true
			entries = append(entries, entry{sf: sf, name: name})
		}
	}
	var fs []field
	for _, e := range entries {
		if !e.embedded {
			fs = append(fs, field{name: e.name, index: e.sf.Index})
			continue
		}
		for _, f := range rs.fieldsOf(e.sf.Type) {
			if !direct[f.name] {
				fs = append(fs, field{name: f.name, index: append(slices.Clone(e.sf.Index), f.index...)})
			}
		}
	}
	rs.fields.Store(t, fs)
	return fs
}
