package success

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/secondsale/secondsale/internal/strictjson"
)

// ValueKind is the type of an attribute Value: string, number, bool or time.
type ValueKind uint8

const (
	KindNone   ValueKind = iota // the zero Value: no value
	KindString                  // text, e.g. industry = "fintech"
	KindNumber                  // a float64, e.g. employees = 250
	KindBool                    // e.g. has_sso = true
	KindTime                    // an instant, e.g. signed_at
)

// String names the kind: "string", "number", "bool", "time", or "none" for the zero Value.
func (k ValueKind) String() string {
	switch k {
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindBool:
		return "bool"
	case KindTime:
		return "time"
	default:
		return "none"
	}
}

// Value is a typed attribute value: a string, number, bool or time. The zero
// Value holds nothing (KindNone). Build values with StringValue, NumberValue,
// BoolValue and TimeValue.
type Value struct {
	str  string // fields ordered largest first: 56 bytes, not 64
	t    time.Time
	num  float64
	kind ValueKind
	b    bool
}

// StringValue returns a text value.
func StringValue(s string) Value { return Value{kind: KindString, str: s} }

// NumberValue returns a number. NaN and infinities are rejected where values
// are validated (Account.Validate, Profile.Assess, JSON).
func NumberValue(f float64) Value { return Value{kind: KindNumber, num: f} }

// BoolValue returns a boolean value.
func BoolValue(b bool) Value { return Value{kind: KindBool, b: b} }

// TimeValue returns an instant.
func TimeValue(t time.Time) Value { return Value{kind: KindTime, t: t} }

// Kind returns the type of the value.
func (v Value) Kind() ValueKind { return v.kind }

// Str returns the text and whether v is a string.
func (v Value) Str() (string, bool) { return v.str, v.kind == KindString }

// Num returns the number and whether v is a number.
func (v Value) Num() (float64, bool) { return v.num, v.kind == KindNumber }

// Bool returns the boolean and whether v is a bool.
func (v Value) Bool() (bool, bool) { return v.b, v.kind == KindBool }

// Time returns the instant and whether v is a time.
func (v Value) Time() (time.Time, bool) { return v.t, v.kind == KindTime }

// Equal reports whether v and o have the same kind and value (times compare
// as instants).
func (v Value) Equal(o Value) bool {
	if v.kind != o.kind {
		return false
	}
	switch v.kind {
	case KindString:
		return v.str == o.str
	case KindNumber:
		return v.num == o.num
	case KindBool:
		return v.b == o.b
	case KindTime:
		return v.t.Equal(o.t)
	}
	return true
}

// String formats the value for explanations: strings quoted, numbers in the
// shortest exact form, times in RFC 3339.
func (v Value) String() string {
	switch v.kind {
	case KindString:
		return strconv.Quote(v.str)
	case KindNumber:
		return strconv.FormatFloat(v.num, 'g', -1, 64)
	case KindBool:
		return strconv.FormatBool(v.b)
	case KindTime:
		return v.t.Format(time.RFC3339Nano)
	}
	return "(none)"
}

// maxShownString is the most bytes of a string value an explanation shows.
const maxShownString = 40

// short is String with a string value of more than maxShownString bytes
// cut to its first ones and its length, so that an explanation never
// carries a document's worth of input.
func (v Value) short() string {
	if v.kind != KindString || len(v.str) <= maxShownString {
		return v.String()
	}
	cut := maxShownString
	for cut > 0 && !utf8.RuneStart(v.str[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(v.str[:cut]), len(v.str))
}

// describe names the kind of the value, and the length of a string,
// without the value: "a string of 23 bytes", "a number". Errors use it, as
// any attribute may hold personal data.
func (v Value) describe() string {
	switch v.kind {
	case KindString:
		return fmt.Sprintf("a string of %d bytes", len(v.str))
	case KindNone:
		return "empty"
	}
	return "a " + v.kind.String()
}

// LogValue implements slog.LogValuer: a value logs as its kind ("string",
// "number"), never its content, since any attribute may be personal.
func (v Value) LogValue() slog.Value { return slog.StringValue(v.kind.String()) }

// validate rejects values that cannot be compared: NaN and infinite numbers,
// and the empty Value.
func (v Value) validate() error {
	switch {
	case v.kind == KindNone:
		return fmt.Errorf("%w: value is empty", ErrInvalid)
	case v.kind == KindNumber && (math.IsNaN(v.num) || math.IsInf(v.num, 0)):
		return fmt.Errorf("%w: number must be finite, got %v", ErrInvalid, v.num)
	}
	return nil
}

// MarshalJSON writes strings, numbers and bools as plain JSON values and a time
// as {"time":"2026-01-02T15:04:05Z"}, so that a time never reads back as a string.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case KindString:
		return json.Marshal(v.str)
	case KindNumber:
		if err := v.validate(); err != nil {
			return nil, err
		}
		return json.Marshal(v.num)
	case KindBool:
		return json.Marshal(v.b)
	case KindTime:
		return json.Marshal(struct {
			Time time.Time `json:"time"`
		}{v.t})
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads what MarshalJSON writes. null and other shapes are
// errors. An attribute value may be personal, so no error quotes it.
func (v *Value) UnmarshalJSON(b []byte) error {
	// Called directly, b may be anything; strconv and bytes.TrimSpace would
	// accept more than JSON does ("00", "+1", "0x1p4", a trailing \v).
	if !json.Valid(b) {
		return fmt.Errorf("%w: attribute value is not a JSON value", ErrInvalid)
	}
	b = bytes.TrimSpace(b)
	switch b[0] {
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("%w: attribute string is malformed", ErrInvalid)
		}
		*v = StringValue(s)
	case 't', 'f':
		*v = BoolValue(b[0] == 't') // json.Valid: exactly true or false
	case '{':
		t, ok := decodeTimeObject(b)
		if !ok {
			return fmt.Errorf("%w: attribute object must be {\"time\":\"<RFC 3339 timestamp, e.g. 2026-01-02T15:04:05Z>\"}", ErrInvalid)
		}
		*v = TimeValue(t)
	case 'n', '[':
		return fmt.Errorf("%w: attribute value must be a string, number, bool or time, got %s", ErrInvalid, strictjson.KindOf(b))
	default:
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("%w: attribute number is beyond the float64 range", ErrInvalid)
		}
		*v = NumberValue(f)
	}
	return nil
}

// decodeTimeObject reads {"time": "<RFC 3339>"}, with no other field and no
// repeated key.
func decodeTimeObject(b []byte) (time.Time, bool) {
	var t time.Time
	bad := false
	sj := strictjson.NewReader(func(string, string) { bad = true })
	if o, ok := sj.Object(b, ""); ok {
		o.Decode("time", strictjson.Required, &t)
		o.Close()
	}
	return t, !bad
}

// Attributes are an account's free-form facts, keyed by name, for fit profiles
// and scorecards to read.
type Attributes map[string]Value

// UnmarshalJSON decodes attributes strictly: a name given twice is an error,
// as is a value that is not a string, number, bool or {"time": ...}.
func (a *Attributes) UnmarshalJSON(b []byte) error { return decodeRecord(b, a) }

// LogValue implements slog.LogValuer: the attributes log as their names
// with each value's kind (contact=string employees=number), in name
// order, never their values.
func (a Attributes) LogValue() slog.Value {
	names := make([]string, 0, len(a))
	for k := range a {
		names = append(names, k)
	}
	sort.Strings(names)
	attrs := make([]slog.Attr, len(names))
	for i, k := range names {
		attrs[i] = slog.String(k, a[k].kind.String())
	}
	return slog.GroupValue(attrs...)
}

// Get returns the attribute named key and whether it is present.
func (a Attributes) Get(key string) (Value, bool) {
	v, ok := a[key]
	return v, ok && v.kind != KindNone
}

func (a Attributes) validate() FieldErrors {
	var problems FieldErrors
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys) // report in a stable order
	for _, k := range keys {
		if k == "" {
			problems.addf(nil, "[\"\"]", "attribute name must not be empty")
			continue
		}
		if err := a[k].validate(); err != nil {
			problems.addErr(nil, "["+strconv.Quote(k)+"]", err)
		}
	}
	return problems
}
