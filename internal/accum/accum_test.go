package accum_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errBad = errors.New("bad")

type state struct {
	N int `json:"n"`
}

func TestAddFromStopsAtReadErrorAndBadItem(t *testing.T) {
	readErr := errors.New("disk")
	seq := func(yield func(int, error) bool) {
		for _, v := range []int{1, 2} {
			if !yield(v, nil) {
				return
			}
		}
		if !yield(0, readErr) {
			return
		}
		yield(3, nil)
	}
	var got []int
	err := accum.AddFrom(seq, "rows", errBad, func(v int) error { got = append(got, v); return nil })
	require.ErrorIs(t, err, readErr)
	require.EqualError(t, err, "reading rows[2]: disk")
	require.Equal(t, []int{1, 2}, got)

	got = nil
	err = accum.AddFrom(accum.Values(slices.Values([]int{1, -1, 2})), "rows", errBad, func(v int) error {
		if v < 0 {
			return errBad
		}
		got = append(got, v)
		return nil
	})
	require.EqualError(t, err, "rows[1]: bad")
	require.Equal(t, []int{1}, got)

	require.ErrorIs(t, accum.AddFrom(accum.Values[int](nil), "rows", errBad, func(int) error { return nil }), errBad)
}

func TestCheckMerge(t *testing.T) {
	a, b := &state{}, &state{}
	require.NoError(t, accum.CheckMerge(a, b, "x", errBad))
	require.ErrorIs(t, accum.CheckMerge(a, nil, "x", errBad), errBad)
	require.ErrorContains(t, accum.CheckMerge(a, a, "x", errBad), "into itself")
}

func TestEncodeDecode(t *testing.T) {
	data, err := accum.Encode("test.x", 2, state{N: 7})
	require.NoError(t, err)
	require.JSONEq(t, `{"kind":"test.x","version":2,"state":{"n":7}}`, string(data))
	var s state
	v, err := accum.Decode(data, "test.x", 2, &s, errBad)
	require.NoError(t, err)
	require.Equal(t, 2, v)
	require.Equal(t, 7, s.N)

	for name, tc := range map[string]struct{ data, want string }{
		"kind":          {`{"kind":"test.y","version":1,"state":{}}`, `holds a "test.y" state`},
		"newer version": {`{"kind":"test.x","version":3,"state":{}}`, "version 3 is not one this code reads (1 to 2)"},
		"no state":      {`{"kind":"test.x","version":1}`, "state: is required"},
		"unknown field": {`{"kind":"test.x","version":1,"state":{"m":1}}`, "unknown field"},
		"wrong type":    {`{"kind":"test.x","version":1,"state":{"n":"1"}}`, "decoding test.x state"},
		"not json":      {`{`, "decoding test.x state"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := accum.Decode([]byte(tc.data), "test.x", 2, &state{}, errBad)
			require.ErrorIs(t, err, errBad)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// Encode writes the envelope around the state by hand; its bytes are those
// json.Marshal writes for the envelope, escapes included.
func TestEncodeIsTheEnvelope(t *testing.T) {
	type envelope struct {
		Kind    string `json:"kind"`
		Version int    `json:"version"`
		State   any    `json:"state"`
	}
	for _, s := range []any{state{N: 3}, map[string]string{"a<b": "\u00e9\"\n"}, []byte{0, 255}, nil} {
		want, err := json.Marshal(envelope{Kind: "x.<y>\"", Version: 7, State: s})
		require.NoError(t, err)
		got, err := accum.Encode("x.<y>\"", 7, s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
	_, err := accum.Encode("x", 1, func() {})
	require.ErrorContains(t, err, "encoding x state")
}

// Decode reads what Encode wrote in one pass, and anything else in two;
// both give the same state and the same error. Each document is decoded as
// written (the one-pass path when it begins as Encode writes it) and with
// its version before its kind, the same length (the general path).
func TestDecodeOnePassAgreesWithTheGeneralPath(t *testing.T) {
	docs := []string{
		`{"kind":"test.x","version":2,"state":{"n":7}}`,
		`{"kind":"test.x","version":1,"state":{"n":7}}`,
		`{"kind":"test.x","version":2,"state":null}`,
		`{"kind":"test.x","version":2,"state":{"n":7,"n":8}}`,
		`{"kind":"test.x","version":2,"state":{"n":7},"kind":"test.y"}`,
		`{"kind":"test.x","version":2,"state":{"n":7},"state":{"n":9}}`,
		`{"kind":"test.x","version":2,"state":{"m":1}}`,
		`{"kind":"test.x","version":2,"state":{"n":"1"}}`,
		`{"kind":"test.x","version":2,"state":{"n":7}} {}`,
		`{"kind":"test.x","version":2,"state":{"n":7}`,
		`{"kind":"test.x","version":2,"state":{"n":7},"extra":1}`,
		`{"kind":"test.x","version":02,"state":{"n":7}}`,
		`{"kind":"test.x","version":3,"state":{"n":7}}`,
		`{"kind":"test.x","version":0,"state":{"n":7}}`,
		`{"kind":"test.x","version":99999999999999999999,"state":{"n":7}}`,
		"{\"kind\":\"test.x\",\"version\":2,\"state\":{\"n\":7,\"s\":\"a\xffb\"}}",
	}
	for _, doc := range docs {
		slow := swapKindAndVersion.ReplaceAllString(doc, `{"version":$2,"kind":$1,`)
		require.NotEqual(t, doc, slow)
		var fast, general stateWithText
		vf, errFast := accum.Decode([]byte(doc), "test.x", 2, &fast, errBad)
		vg, errGeneral := accum.Decode([]byte(slow), "test.x", 2, &general, errBad)
		if errGeneral != nil {
			require.Error(t, errFast, doc)
			assert.Equal(t, errGeneral.Error(), errFast.Error(), doc)
			continue
		}
		require.NoError(t, errFast, doc)
		assert.Equal(t, vg, vf, doc)
		assert.Equal(t, general, fast, doc)
	}
}

var swapKindAndVersion = regexp.MustCompile(`^\{"kind":("[^"]*"),"version":([^,]*),`)

type stateWithText struct {
	N int    `json:"n"`
	S string `json:"s,omitempty"`
}
