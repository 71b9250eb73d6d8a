package success

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// strictObject decodes a JSON object field by field so that every unknown
// field and every badly typed value is reported with its path, all at once,
// where encoding/json would stop at the first.
type strictObject struct {
	path   string
	fields map[string]json.RawMessage
	errs   *FieldErrors
}

// openObject parses raw as a JSON object at path. It reports a non-object or
// a field given twice and returns ok = false for a non-object.
func openObject(raw json.RawMessage, path string, errs *FieldErrors) (strictObject, bool) {
	o := strictObject{path: path, errs: errs, fields: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		errs.Addf(nil, path, "must be a JSON object, got %s", describeJSON(raw))
		return o, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			errs.Addf(nil, path, "malformed JSON object: %v", err)
			return o, false
		}
		key, _ := tok.(string) // object keys are always strings
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			errs.Addf(nil, o.at(key), "malformed JSON value: %v", err)
			return o, false
		}
		if _, dup := o.fields[key]; dup {
			errs.Addf(nil, o.at(key), "field given twice")
			continue
		}
		o.fields[key] = value
	}
	return o, true
}

func (o strictObject) at(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

// take decodes the field key into dst when present and reports whether it was.
func (o strictObject) take(key string, dst any) bool {
	raw, ok := o.fields[key]
	if !ok {
		return false
	}
	delete(o.fields, key)
	if err := json.Unmarshal(raw, dst); err != nil {
		o.errs.Addf(nil, o.at(key), "%s", jsonProblem(err, raw))
		return false
	}
	return true
}

// raw removes and returns the field key undecoded.
func (o strictObject) raw(key string) (json.RawMessage, bool) {
	raw, ok := o.fields[key]
	delete(o.fields, key)
	return raw, ok
}

// close reports every field nobody took, in name order.
func (o strictObject) close() {
	keys := make([]string, 0, len(o.fields))
	for k := range o.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		o.errs.Addf(nil, o.at(k), "unknown field")
	}
}

// openArray parses raw as a JSON array at path.
func openArray(raw json.RawMessage, path string, errs *FieldErrors) ([]json.RawMessage, bool) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		errs.Addf(nil, path, "must be a JSON array, got %s", describeJSON(raw))
		return nil, false
	}
	return items, true
}

// checkDocument reports a document that is not well-formed JSON, or that has
// data after its top-level value.
func checkDocument(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("%w: malformed JSON: %v", ErrInvalid, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: malformed JSON: data after the top-level value at offset %d", ErrInvalid, dec.InputOffset())
	}
	return nil
}

func jsonProblem(err error, raw json.RawMessage) string {
	if ute, ok := err.(*json.UnmarshalTypeError); ok {
		if strings.HasPrefix(ute.Value, "number ") {
			return fmt.Sprintf("number %s is out of range", describeJSON(raw))
		}
		return fmt.Sprintf("must be %s, got %s", jsonTypeName(ute.Type), describeJSON(raw))
	}
	if fe := AsFieldErrors(err); fe != nil {
		return fe.Error()
	}
	return err.Error()
}

// jsonTypeName names a Go type the way a JSON author thinks of it.
func jsonTypeName(t reflect.Type) string {
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
		return "an array"
	default:
		return "an object"
	}
}

func describeJSON(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) > 40 {
		t = append(t[:37:37], "..."...)
	}
	return string(t)
}
