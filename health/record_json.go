package health

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// This file reads the records a host decodes from JSON (Score snapshots,
// Outcome, PortfolioEntry, Override, Inputs) as strictly as LoadScorecard
// reads definitions: an unknown field, a repeated key, a wrong type or a
// null where no value may be missing is an error with its path, wrapping
// ErrInvalid, and every problem is reported at once. Field names match their
// tags exactly (encoding/json would also take "Account" for "account").
// Problems name the field and the JSON kind found, never the value, which
// may be personal.

// decodeRecord decodes data strictly into v, a pointer to a struct without
// its own UnmarshalJSON (the record's plain alias), once the whole document
// has passed the checks above. Nested record types are checked by the same
// walk and then decode themselves.
func decodeRecord(data []byte, v any) error {
	var ps success.FieldErrors
	raw, err := wholeValue(data)
	if err != nil {
		ps.Addf(ErrInvalid, "", "malformed JSON: %v", err)
		return ps
	}
	checkRecord(&ps, raw, reflect.TypeOf(v).Elem(), "")
	if len(ps) > 0 {
		return ps
	}
	if err := json.Unmarshal(raw, v); err != nil { // checked above; kept for safety
		ps.Addf(ErrInvalid, "", "%s", strictjson.WithoutSentinel(err))
		return ps
	}
	return nil
}

// wholeValue returns data's one JSON value, rejecting anything after it.
func wholeValue(data []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty document")
		}
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the value")
	}
	return raw, nil
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	valueType       = reflect.TypeFor[success.Value]()
	recordPkg       = reflect.TypeFor[Score]().PkgPath()
)

// checkRecord reports every problem of raw read as a value of type t at path.
func checkRecord(ps *success.FieldErrors, raw json.RawMessage, t reflect.Type, path string) {
	kind := jsonKind(raw)
	if kind == "null" {
		switch {
		case t.Kind() == reflect.Pointer, t.Kind() == reflect.Slice, t.Kind() == reflect.Map:
		case leaf(t):
			checkLeaf(ps, raw, t, path) // the type says what its null means (Money: zero)
		default:
			ps.Addf(ErrInvalid, path, "must not be null")
		}
		return
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if leaf(t) {
		checkLeaf(ps, raw, t, path)
		return
	}
	want := goKind(t)
	if want != kind {
		ps.Addf(ErrInvalid, path, "must be %s, got %s", want, kind)
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := jsonFields(t)
		field := func(key string) string { return strictjson.Join(path, key) }
		eachMember(ps, raw, path, field, func(key string, value json.RawMessage) {
			i, ok := fields[key]
			if !ok {
				ps.Addf(ErrInvalid, field(key), "unknown field")
				return
			}
			checkRecord(ps, value, t.Field(i).Type, field(key))
		})
	case reflect.Map:
		entry := func(key string) string { return mapEntry(path, key) }
		eachMember(ps, raw, path, entry, func(key string, value json.RawMessage) {
			checkRecord(ps, value, t.Elem(), entry(key))
		})
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items) // raw is an array
		if t.Kind() == reflect.Array && len(items) != t.Len() {
			ps.Addf(ErrInvalid, path, "must have %d elements, got %d", t.Len(), len(items))
			return
		}
		for i, item := range items {
			checkRecord(ps, item, t.Elem(), strictjson.Index(path, i))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if json.Unmarshal(raw, reflect.New(t).Interface()) != nil {
			ps.Addf(ErrInvalid, path, "must be an integer in range")
		}
	case reflect.Float32, reflect.Float64:
		if json.Unmarshal(raw, reflect.New(t).Interface()) != nil {
			ps.Addf(ErrInvalid, path, "number is out of range")
		}
	}
}

// checkLeaf lets a type that decodes itself judge raw. Its own field
// errors (a Money's "amount") keep their paths under path; any other error
// is reported by what the type wants and the JSON kind found, since its
// text may quote the value (time's parse errors do).
func checkLeaf(ps *success.FieldErrors, raw json.RawMessage, t reflect.Type, path string) {
	err := json.Unmarshal(raw, reflect.New(t).Interface())
	if err == nil {
		return
	}
	if fes := success.AsFieldErrors(err); len(fes) > 0 && t != valueType {
		for _, fe := range fes {
			at := path
			if fe.Path != "" {
				at = strictjson.Join(path, fe.Path)
			}
			ps.Addf(ErrInvalid, at, "%s", fe.Problem)
		}
		return
	}
	ps.Addf(ErrInvalid, path, "must be %s, got %s", leafWant(t), jsonKind(raw))
}

// leafWant says what a self-decoding type reads, in a JSON author's words.
func leafWant(t reflect.Type) string {
	switch t {
	case valueType:
		return "a string, number, true, false or {\"time\": ...}"
	case reflect.TypeFor[time.Time]():
		return "an RFC 3339 time"
	case reflect.TypeFor[uuid.UUID]():
		return "a UUID"
	}
	return "a valid " + t.String()
}

// leaf reports whether t decodes itself (time.Time, uuid.UUID, Money,
// decimal, success.Value): its own UnmarshalJSON or UnmarshalText judges the
// value. The record types of this package are walked instead, so their
// fields get paths.
func leaf(t reflect.Type) bool {
	if t.PkgPath() == recordPkg && t.Kind() == reflect.Struct {
		return false
	}
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshaler) || p.Implements(textUnmarshaler)
}

// eachMember calls f for every member of the object raw, reporting a key
// given more than once instead of passing it again.
func eachMember(ps *success.FieldErrors, raw json.RawMessage, path string, at func(key string) string, f func(key string, value json.RawMessage)) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	_, _ = dec.Token() // {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			ps.Addf(ErrInvalid, path, "malformed JSON object")
			return
		}
		key, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			ps.Addf(ErrInvalid, path, "malformed JSON object")
			return
		}
		if seen[key] {
			ps.Addf(ErrInvalid, at(key), "duplicate field")
			continue
		}
		seen[key] = true
		f(key, value)
	}
}

// mapEntry is the path of a map entry: inputs["logins"].
func mapEntry(path, key string) string { return path + "[" + strconv.Quote(key) + "]" }

// jsonFields maps a struct's JSON names to its field indexes.
func jsonFields(t reflect.Type) map[string]int {
	out := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		out[name] = i
	}
	return out
}

// jsonKind names the kind of a JSON value as an author thinks of it.
func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "a JSON object"
	case '[':
		return "a JSON array"
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

// goKind names the JSON kind a Go type reads.
func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "a JSON object"
	case reflect.Slice, reflect.Array:
		return "a JSON array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}
