package strictjson

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// collect returns a Reader and the problems it reports, as "path: problem".
func collect() (*Reader, *[]string) {
	var got []string
	r := NewReader(func(path, problem string) { got = append(got, path+": "+problem) })
	return r, &got
}

func TestDocument(t *testing.T) {
	tests := []struct {
		doc, want string
	}{
		{``, ": malformed JSON: empty document"},
		{`   `, ": malformed JSON: empty document"},
		{`{"a": 1,`, ": malformed JSON: unexpected EOF"},
		{`{"a": 1} {}`, ": malformed JSON: unexpected data after the top-level value, which ends at offset 8"},
		{`{"a": 1} x`, ": malformed JSON: unexpected data after the top-level value, which ends at offset 8"},
		{`{"a": }`, ": malformed JSON: invalid character '}' looking for beginning of value"},
	}
	for _, tt := range tests {
		r, got := collect()
		_, ok := r.Document([]byte(tt.doc))
		assert.False(t, ok, tt.doc)
		assert.Equal(t, []string{tt.want}, *got, tt.doc)
	}
	r, got := collect()
	doc, ok := r.Document([]byte(" {\"a\": [1, 2]} \n"))
	require.True(t, ok)
	assert.JSONEq(t, `{"a": [1, 2]}`, string(doc))
	assert.Empty(t, *got)
}

func TestObjectReportsEveryProblemWithItsPath(t *testing.T) {
	doc := `{"name": 7, "name": "twice", "count": 1.5, "big": 1e400, "ok": true, "flag": "yes",
	  "items": {"x": 1}, "inner": {"z": 1, "a": null}, "zeta": 1, "alpha": 2}`
	r, got := collect()
	raw, ok := r.Document([]byte(doc))
	require.True(t, ok)
	o, ok := r.Object(raw, "root")
	require.True(t, ok)
	_, ok = o.String("name", Required)
	assert.False(t, ok)
	_, ok = o.Int("count", Required)
	assert.False(t, ok)
	_, ok = o.Number("big", Required)
	assert.False(t, ok)
	b, ok := o.Bool("ok", Required)
	assert.True(t, ok && b)
	_, ok = o.Bool("flag", Optional)
	assert.False(t, ok)
	_, ok = o.Array("items", Required)
	assert.False(t, ok)
	inner, ok := o.Object("inner", Required)
	require.True(t, ok)
	_, ok = inner.Number("a", Required)
	assert.False(t, ok)
	_, ok = inner.String("missing", Required)
	assert.False(t, ok)
	_, ok = inner.String("optional", Optional)
	assert.False(t, ok)
	inner.Close()
	o.Close()
	assert.Equal(t, []string{
		"root.name: duplicate field",
		"root.name: must be a string, got a number",
		"root.count: must be a whole number in range, without fraction or exponent",
		"root.big: number is out of range",
		`root.flag: must be true or false, got a string`,
		`root.items: must be a JSON array, got a JSON object`,
		"root.inner.a: must be a number, got null",
		"root.inner.missing: is required",
		"root.inner.z: unknown field",
		"root.alpha: unknown field",
		"root.zeta: unknown field",
	}, *got)
}

func TestNumbersAreExact(t *testing.T) {
	r, got := collect()
	raw, _ := r.Document([]byte(`{"i": 9007199254740993, "f": 0.1, "neg": -2e-3, "tiny": 1e-400, "frac": 10.0}`))
	o, _ := r.Object(raw, "")
	i, ok := o.Int("i", Required)
	assert.True(t, ok)
	assert.Equal(t, 9007199254740993, i, "2^53+1 is not a float64; read exactly")
	f, _ := o.Number("f", Required)
	assert.Equal(t, 0.1, f)
	neg, _ := o.Number("neg", Required)
	assert.Equal(t, -0.002, neg)
	tiny, ok := o.Number("tiny", Required)
	assert.True(t, ok, "underflow rounds to zero like encoding/json")
	assert.Equal(t, 0.0, tiny)
	_, ok = o.Int("frac", Required)
	assert.False(t, ok, "10.0 is written as a fraction")
	o.Close()
	assert.Equal(t, []string{"frac: must be a whole number in range, without fraction or exponent"}, *got)
	assert.False(t, math.IsInf(f, 0))
}

func TestNotAnObjectOrArray(t *testing.T) {
	r, got := collect()
	_, ok := r.Object(json.RawMessage(`[1, 2]`), "x")
	assert.False(t, ok)
	_, ok = r.Array(json.RawMessage(`null`), "y")
	assert.False(t, ok)
	_, ok = r.Array(json.RawMessage(`"`+strings.Repeat("a", 60)+`"`), "z")
	assert.False(t, ok)
	items, ok := r.Array(json.RawMessage(`[]`), "empty")
	assert.True(t, ok)
	assert.NotNil(t, items, "an empty array is an array")
	assert.Equal(t, []string{
		"x: must be a JSON object, got a JSON array",
		"y: must be a JSON array, got null",
		`z: must be a JSON array, got a string`,
	}, *got)
}

type upper string

func (u *upper) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return errors.New("upper: null is not allowed")
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*u = upper(strings.ToUpper(s))
	return nil
}

func TestDecode(t *testing.T) {
	r, got := collect()
	raw, _ := r.Document([]byte(`{"w": "3", "list": [1, "a"], "s": null, "u": "abc", "un": null, "n": 2.5, "big": 1e999}`))
	o, _ := r.Object(raw, "")
	var w float64
	assert.False(t, o.Decode("w", Required, &w))
	var list []float64
	assert.False(t, o.Decode("list", Required, &list))
	var s string
	assert.False(t, o.Decode("s", Required, &s))
	var u, un upper
	assert.True(t, o.Decode("u", Required, &u))
	assert.Equal(t, upper("ABC"), u)
	assert.False(t, o.Decode("un", Required, &un), "an Unmarshaler decides about null itself")
	var n float64
	assert.True(t, o.Decode("n", Required, &n))
	assert.Equal(t, 2.5, n)
	var big float64
	assert.False(t, o.Decode("big", Required, &big))
	var absent int
	assert.False(t, o.Decode("absent", Optional, &absent))
	assert.False(t, o.Decode("needed", Required, &absent))
	o.Close()
	assert.Equal(t, []string{
		`w: must be a number, got a string`,
		`list: must be a number, got a JSON array`,
		"s: must be a string, got null",
		"un: upper: null is not allowed",
		"big: number is out of range",
		"needed: is required",
	}, *got)
}

func TestCovers(t *testing.T) {
	r, _ := collect()
	r.Problem("groups[1].measures[0].weight", "must be a number")
	r.Problem("bands", "must be a JSON array")
	for path, want := range map[string]bool{
		"groups[1].measures[0].weight":  true,  // the same field
		"groups[1].measures[0]":         true,  // encloses it
		"groups[1]":                     true,  // encloses it
		"bands[0].min":                  true,  // inside it
		"groups[1].measures[0].weights": false, // a sibling with a longer name
		"groups[1].measures[1].weight":  false,
		"groups[10]":                    false,
		"id":                            false,
	} {
		assert.Equal(t, want, r.Covers(path), path)
	}
}

func TestPaths(t *testing.T) {
	assert.Equal(t, "a", Join("", "a"))
	assert.Equal(t, "a.b", Join("a", "b"))
	assert.Equal(t, "a[3]", Index("a", 3))
	r, _ := collect()
	o, _ := r.Object(json.RawMessage(`{"k": 1}`), "p[0]")
	assert.Equal(t, "p[0].k", o.Path("k"))
	assert.True(t, o.Has("k"))
	_, _ = o.Raw("k", Required)
	assert.False(t, o.Has("k"), "taken")
}

func TestUnmarshalTakesExactlyOneValue(t *testing.T) {
	var v struct{ A int }
	require.NoError(t, Unmarshal([]byte(` {"A": 1} `), &v))
	require.Equal(t, 1, v.A)
	for _, bad := range []string{``, `{"A": 1} }`, `{"A": 1} ]`, `{"A": 1} {}`, `{"A": 1, "B": 2}`} {
		assert.Error(t, Unmarshal([]byte(bad), &v), "Unmarshal(%q) accepted", bad)
	}
}
