package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type level string

func (l *level) UnmarshalText(b []byte) error {
	if s := string(b); s != "low" && s != "high" {
		return fmt.Errorf("%w: unknown level %q", errSentinel, s)
	}
	*l = level(b)
	return nil
}

var errSentinel = errors.New("test: invalid input")

type inner struct {
	N int    `json:"n"`
	S string `json:"s,omitempty"`
}

type embedded struct {
	E bool `json:"e"`
}

type outer struct {
	embedded
	Name    string            `json:"name"`
	Count   int8              `json:"count"`
	Size    uint              `json:"size"`
	Share   float64           `json:"share"`
	On      bool              `json:"on"`
	At      time.Time         `json:"at"`
	Level   level             `json:"level"`
	Items   []inner           `json:"items"`
	Pair    [2]int            `json:"pair"`
	Ptr     *inner            `json:"ptr"`
	ByName  map[string]inner  `json:"by_name"`
	ByLevel map[level]float64 `json:"by_level"`
	Bytes   []byte            `json:"bytes"`
	Any     any               `json:"any"`
	NoTag   int
	Skipped int `json:"-"`
	hidden  int
}

func readRecord(doc string, v any) ([]string, bool) {
	r, got := collect()
	raw, ok := r.Document([]byte(doc))
	if !ok {
		return *got, false
	}
	ok = r.Record(raw, "", v, nil)
	return *got, ok
}

func TestRecordReadsEveryKind(t *testing.T) {
	doc := `{"e": true, "name": "n", "count": -3, "size": 7, "share": 0.25, "on": true,
	  "at": "2026-03-01T00:00:00Z", "level": "high", "items": [{"n": 1}, {"n": 2, "s": "x"}],
	  "pair": [4, 5], "ptr": {"n": 9}, "by_name": {"b": {"n": 2}, "a": {"n": 1}},
	  "by_level": {"low": 0.5}, "bytes": "aGk=", "any": [1, "two"], "NoTag": 3}`
	var got outer
	problems, ok := readRecord(doc, &got)
	require.True(t, ok, problems)
	var want outer
	require.NoError(t, json.Unmarshal([]byte(doc), &want))
	assert.Equal(t, want, got)
	assert.Zero(t, got.hidden, "unexported fields are not read")
}

func TestRecordReportsEveryProblemWithItsPath(t *testing.T) {
	doc := `{"name": 7, "name": "twice", "count": 300, "size": -1, "share": 1e400, "on": "yes",
	  "at": "March", "level": "mid", "items": [{"n": 1.5}, {"n": 1, "n": 2, "extra": 0}, 3],
	  "pair": [1], "ptr": {"s": 1}, "by_name": {"a": {"m": 1}}, "by_level": {"mid": 1},
	  "any": {}, "Name": "case matters", "hidden": 1, "Skipped": 1, "embedded": {}}`
	got, ok := readRecord(doc, &outer{})
	assert.False(t, ok)
	assert.Equal(t, []string{
		"name: duplicate field",
		"name: must be a string, got a number",
		"count: number is out of range",
		"size: must be >= 0",
		"share: number is out of range",
		"on: must be true or false, got a string",
		`at: must be a time in RFC 3339 format ("2026-03-01T00:00:00Z"), got a string`,
		`level: unknown level "mid"`,
		"items[0].n: must be an integer, without fraction or exponent",
		"items[1].n: duplicate field",
		"items[1].extra: unknown field",
		"items[2]: must be a JSON object, got a number",
		"pair: must have 2 elements, got 1",
		"ptr.s: must be a string, got a number",
		"by_name.a.m: unknown field",
		`by_level.mid: bad key: unknown level "mid"`,
		"Name: unknown field",
		"Skipped: unknown field",
		"embedded: unknown field",
		"hidden: unknown field",
	}, got)
}

// A record's problems never quote a value: records hold personal data.
func TestRecordProblemsDoNotQuoteValues(t *testing.T) {
	const secret = "jane@example.com"
	doc := `{"name": ["` + secret + `"], "count": "` + secret + `", "on": "` + secret + `", "at": "` + secret + `",
	  "items": "` + secret + `", "ptr": "` + secret + `", "level": ["` + secret + `"], "by_name": "` + secret + `", "by_level": {"low": "` + secret + `"}}`
	got, ok := readRecord(doc, &outer{})
	assert.False(t, ok)
	assert.Len(t, got, 9)
	for _, p := range got {
		assert.NotContains(t, p, "jane", p)
	}
}

func TestRecordNullIsAbsent(t *testing.T) {
	got := outer{Name: "kept"}
	problems, ok := readRecord(`{"name": null, "count": null, "items": null, "ptr": null, "at": null, "level": null}`, &got)
	require.True(t, ok, problems)
	assert.Equal(t, outer{Name: "kept"}, got)
}

func TestRecordPassesNestedErrors(t *testing.T) {
	r, got := collect()
	var seen []string
	nested := func(path string, err error) bool {
		seen = append(seen, path+": "+err.Error())
		return errors.Is(err, errSentinel)
	}
	var v outer
	ok := r.Record(json.RawMessage(`{"level": "mid", "ptr": {"n": "x"}, "by_level": {"high": "x"}}`), "rec", &v, nested)
	assert.False(t, ok)
	assert.Equal(t, []string{"rec.ptr.n: must be a number, got a string", "rec.by_level.high: must be a number, got a string"}, *got)
	assert.Equal(t, []string{`rec.level: test: invalid input: unknown level "mid"`}, seen)
}

func TestRecordNeedsAPointer(t *testing.T) {
	r, got := collect()
	assert.False(t, r.Record(json.RawMessage(`{}`), "", outer{}, nil))
	assert.Equal(t, []string{": cannot decode into strictjson.outer"}, *got)
}

// Record never panics, and what it accepts encoding/json reads the same way.
func FuzzRecord(f *testing.F) {
	f.Add([]byte(`{"name": "n", "count": 1, "items": [{"n": 1}], "ptr": {"n": 2}, "by_level": {"low": 1}, "pair": [1, 2]}`))
	f.Add([]byte(`{"name": 7, "name": "x", "items": [3], "by_name": {"a": {"m": 1}}, "at": 5, "level": "mid"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, _ := collect()
		raw, ok := r.Document(data)
		if !ok {
			return
		}
		var got outer
		if !r.Record(raw, "", &got, nil) {
			return
		}
		var want outer
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("Record accepted what encoding/json rejects: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Record read %+v, encoding/json %+v", got, want)
		}
	})
}
