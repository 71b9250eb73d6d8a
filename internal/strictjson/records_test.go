package strictjson

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type rlevel string

func (l *rlevel) UnmarshalText(b []byte) error {
	if string(b) != "low" && string(b) != "high" {
		return errors.New("sentinel: unknown rlevel")
	}
	*l = rlevel(b)
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
	Level    rlevel             `json:"rlevel"`
	Readings []reading         `json:"readings,omitempty"`
	Tags     map[string]int    `json:"tags"`
	Next     *reading          `json:"next,omitempty"`
	Inner    rinner             `json:"rinner"`
	Skipped  string            `json:"-"`
	Untagged bool              // no tag: named by its Go name
	Raw      map[string]string `json:"raw,omitempty"`
	//lint:ignore U1000 it exists to show that the decoder leaves unexported fields alone
	hidden int
}

// rinner decodes itself, but is listed in NewRecords, so its fields are walked.
type rinner struct {
	N int `json:"n"`
}

func (i *rinner) UnmarshalJSON(b []byte) error { return errors.New("rinner: must not be called") }

var testRecords = NewRecords(rinner{})

func decodeDoc(t *testing.T, data string) (doc, []string, bool) {
	t.Helper()
	r, got := collect()
	var d doc
	ok := testRecords.Decode(r, []byte(data), &d)
	return d, *got, ok
}

func TestRecordsDecode(t *testing.T) {
	d, problems, ok := decodeDoc(t, `{"id": "a", "count": 3, "rlevel": "low", "tags": {"x": 1},
	  "readings": [{"at": "2026-01-02T00:00:00Z", "value": 1.5}], "next": null, "rinner": {"n": 2}, "Untagged": true}`)
	require.True(t, ok, "%v", problems)
	assert.Equal(t, doc{base: base{ID: "a"}, Count: 3, Level: "low", Tags: map[string]int{"x": 1},
		Readings: []reading{{At: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Value: 1.5}},
		Inner:    rinner{N: 2}, Untagged: true}, d)
}

func TestRecordsReportEveryProblemWithItsPath(t *testing.T) {
	d, problems, ok := decodeDoc(t, `{"id": 7, "id": "twice", "count": 300, "rlevel": "medium", "tags": {"x": 1.5, "y": null},
	  "readings": [{"at": "2026-01-02T00:00:00Z", "valeu": 1}, {"value": "2"}], "next": {"at": 5},
	  "rinner": {"n": 1, "m": 2}, "Skipped": "x", "hidden": 1, "note": null, "untagged": true}`)
	assert.False(t, ok)
	assert.Equal(t, doc{}, d, "nothing set on failure")
	assert.Equal(t, []string{
		"id: duplicate field",
		"id: must be a string, got 7",
		"note: must be a string, got null",
		"count: must be an integer, got 300",
		"rlevel: sentinel: unknown rlevel",
		"readings[0].valeu: unknown field",
		`readings[1].value: must be a number, got "2"`,
		`tags["x"]: must be an integer, got 1.5`,
		`tags["y"]: must be an integer, got null`,
		"next.at: Time.UnmarshalJSON: input is not a JSON string",
		"rinner.m: unknown field",
		"Skipped: unknown field",
		"hidden: unknown field",
		"untagged: unknown field",
	}, problems)
}

func TestRecordsNulls(t *testing.T) {
	d, problems, ok := decodeDoc(t, `{"readings": null, "tags": null, "next": null, "raw": {}, "rinner": {}}`)
	require.True(t, ok, "%v", problems)
	assert.Nil(t, d.Readings)
	assert.Nil(t, d.Tags)
	assert.Equal(t, map[string]string{}, d.Raw)
	_, problems, ok = decodeDoc(t, `{"rinner": null, "readings": [null]}`)
	assert.False(t, ok)
	assert.Equal(t, []string{"readings[0]: must be a JSON object, got null", "rinner: must be a JSON object, got null"}, problems)
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
