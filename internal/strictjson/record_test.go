package strictjson

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type level string

func (l *level) UnmarshalText(b []byte) error {
	if string(b) != "" && string(b) != "low" && string(b) != "high" {
		return errors.New("sentinel: unknown level")
	}
	*l = level(b)
	return nil
}

type reading struct {
	At    time.Time `json:"at"`
	Value float64   `json:"value"`
}

type base struct {
	ID   string `json:"id"`
	Note string `json:"note,omitempty"`
}

type doc struct {
	base
	Count    int8              `json:"count"`
	Level    level             `json:"level"`
	Readings []reading         `json:"readings,omitempty"`
	Tags     map[string]int    `json:"tags"`
	Next     *reading          `json:"next,omitempty"`
	Inner    inner             `json:"inner"`
	Skipped  string            `json:"-"`
	Untagged bool              // no tag: named by its Go name
	Raw      map[string]string `json:"raw,omitempty"`
	//lint:ignore U1000 it exists to show that the decoder leaves unexported fields alone
	hidden int
}

// inner decodes itself, but is listed in NewRecords, so its fields are walked.
type inner struct {
	N int `json:"n"`
}

func (i *inner) UnmarshalJSON(b []byte) error { return errors.New("inner: must not be called") }

var testRecords = NewRecords(inner{})

func decodeDoc(t *testing.T, data string) (doc, []string, bool) {
	t.Helper()
	r, got := collect()
	var d doc
	ok := testRecords.Decode(r, []byte(data), &d)
	return d, *got, ok
}

func TestRecordsDecode(t *testing.T) {
	d, problems, ok := decodeDoc(t, `{"id": "a", "count": 3, "level": "low", "tags": {"x": 1},
	  "readings": [{"at": "2026-01-02T00:00:00Z", "value": 1.5}], "next": null, "inner": {"n": 2}, "Untagged": true}`)
	require.True(t, ok, "%v", problems)
	assert.Equal(t, doc{base: base{ID: "a"}, Count: 3, Level: "low", Tags: map[string]int{"x": 1},
		Readings: []reading{{At: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Value: 1.5}},
		Inner:    inner{N: 2}, Untagged: true}, d)
}

func TestRecordsReportEveryProblemWithItsPath(t *testing.T) {
	d, problems, ok := decodeDoc(t, `{"id": 7, "id": "twice", "count": 300, "level": "medium", "tags": {"x": 1.5, "y": null},
	  "readings": [{"at": "2026-01-02T00:00:00Z", "valeu": 1}, {"value": "2"}], "next": {"at": 5},
	  "inner": {"n": 1, "m": 2}, "Skipped": "x", "hidden": 1, "note": null, "untagged": true}`)
	assert.False(t, ok)
	assert.Equal(t, doc{}, d, "nothing set on failure")
	assert.Equal(t, []string{
		"id: duplicate field",
		"id: must be a string, got a number",
		"note: must be a string, got null",
		"count: must be an integer, got a fraction, an exponent or a number out of range",
		"level: sentinel: unknown level",
		"readings[0].valeu: unknown field",
		"readings[1].value: must be a number, got a string",
		`tags["x"]: must be an integer, got a fraction, an exponent or a number out of range`,
		`tags["y"]: must be an integer, got null`,
		`next.at: must be an RFC 3339 time such as "2026-01-02T15:04:05Z", got a number`,
		"inner.m: unknown field",
		"Skipped: unknown field",
		"hidden: unknown field",
		"untagged: unknown field",
	}, problems)
}

// A problem names the kind of a bad value, never its text: records carry
// customer data.
func TestRecordsNeverQuoteValues(t *testing.T) {
	_, problems, ok := decodeDoc(t, `{"id": ["Jane Doe"], "count": "jane@example.com", "readings": [{"at": "Jane's birthday", "value": 1e999}]}`)
	assert.False(t, ok)
	assert.Equal(t, []string{
		"id: must be a string, got a JSON array",
		"count: must be an integer, got a string",
		`readings[0].at: must be an RFC 3339 time such as "2026-01-02T15:04:05Z"`,
		"readings[0].value: number is out of range",
	}, problems)
	for _, p := range problems {
		assert.NotContains(t, p, "Jane", "problems do not quote values")
		assert.NotContains(t, p, "jane")
	}
	// The Reader quotes values again after Decode: definitions are not personal.
	r, got := collect()
	testRecords.Decode(r, []byte(`{"id": 7}`), new(doc))
	o, _ := r.Object(json.RawMessage(`{"n": "x"}`), "")
	o.Number("n", Required)
	assert.Equal(t, []string{"id: must be a string, got a number", `n: must be a number, got "x"`}, *got)
}

func TestRecordsNulls(t *testing.T) {
	d, problems, ok := decodeDoc(t, `{"readings": null, "tags": null, "next": null, "raw": {}, "inner": {}}`)
	require.True(t, ok, "%v", problems)
	assert.Nil(t, d.Readings)
	assert.Nil(t, d.Tags)
	assert.Equal(t, map[string]string{}, d.Raw)
	_, problems, ok = decodeDoc(t, `{"inner": null, "readings": [null]}`)
	assert.False(t, ok)
	assert.Equal(t, []string{"readings[0]: must be a JSON object, got null", "inner: must be a JSON object, got null"}, problems)
}

func TestRecordsDocument(t *testing.T) {
	for _, bad := range []string{``, `{"id": "a"} }`, `[]`, `{"id": "a",}`} {
		_, problems, ok := decodeDoc(t, bad)
		assert.False(t, ok, bad)
		assert.Len(t, problems, 1, bad)
	}
	r, got := collect()
	var d doc
	assert.False(t, testRecords.Decode(r, []byte(`{}`), d), "not a pointer")
	assert.Equal(t, []string{": cannot decode into strictjson.doc"}, *got)
	var via json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(`{"a": 1}`), &via))
}
