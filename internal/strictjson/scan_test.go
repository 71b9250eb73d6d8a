package strictjson

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDocumentRejectsInvalidUTF8(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // problems, none when the document is fine
	}{
		{"plain", `{"id": "a€b", "tags": ["x", "y"]}`, nil},
		{"escapes", `{"id": "a\u00e9\ud83d\ude00\\u\"\\"}`, nil},
		{"bad byte in a value", "{\"id\": \"a\xffb\"}", []string{"id: is not valid UTF-8"}},
		{"every one reported", "[{\"id\": \"a\xfeb\"}, \"ok\", {\"n\": [1, \"\xc3\"]}]", []string{"[0].id: is not valid UTF-8", "[2].n[1]: is not valid UTF-8"}},
		{"bad byte in a key", "{\"a\": {\"k\xff\": 1}}", []string{"a: has a key that is not valid UTF-8"}},
		{"lone high surrogate", `{"id": "a\ud800b"}`, []string{"id: is not valid UTF-8"}},
		{"lone low surrogate", `{"id": "\udc00"}`, []string{"id: is not valid UTF-8"}},
		{"high surrogate at the end", `["\ud83d"]`, []string{"[0]: is not valid UTF-8"}},
		{"top-level string", "\"\xff\"", []string{": is not valid UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, got := collect()
			doc, ok := r.Document([]byte(tt.doc))
			assert.Equal(t, tt.want, *got)
			assert.Equal(t, tt.want == nil, ok)
			if !ok {
				assert.Nil(t, doc)
			}
			for _, p := range *got {
				assert.True(t, strings.ToValidUTF8(p, "") == p, "a problem quotes the bytes: %q", p)
			}
		})
	}
}

// TestDecodeRecordRejectsInvalidUTF8 is the case of the issue: the IDs
// "a\xffb" and "a\xfeb" used to decode to the same "a\uFFFDb".
func TestDecodeRecordRejectsInvalidUTF8(t *testing.T) {
	type rec struct {
		ID string `json:"id"`
	}
	for _, doc := range []string{"{\"id\": \"a\xffb\"}", "{\"id\": \"a\xfeb\"}"} {
		var got []string
		v := rec{ID: "kept"}
		ok := DecodeRecord([]byte(doc), &v, func(path, problem string) { got = append(got, path+": "+problem) }, nil)
		assert.False(t, ok)
		assert.Equal(t, []string{"id: is not valid UTF-8"}, got)
		assert.Equal(t, "kept", v.ID)
	}
}

func TestUnmarshalRejectsRepeatedKeysAndInvalidUTF8(t *testing.T) {
	type inner struct {
		K string         `json:"k"`
		M map[string]int `json:"m"`
	}
	type outer struct {
		A  int     `json:"a"`
		In []inner `json:"in"`
	}
	tests := []struct{ doc, want string }{
		{`{"a": 1, "in": [{"k": "x", "m": {"p": 1, "q": 2}}]}`, ""},
		{`{"a": 1, "a": 2}`, "a: repeated key"},
		{`{"a": 1, "\u0061": 2}`, "a: repeated key"},
		{`{"in": [{"k": "x"}, {"k": "y", "k": "z"}]}`, "in[1].k: repeated key"},
		{`{"in": [{"m": {"p": 1, "p": 2}}]}`, "in[0].m.p: repeated key"},
		{"{\"in\": [{\"k\": \"a\xffb\"}]}", "in[0].k: is not valid UTF-8"},
		{"{\"in\": [{\"m\": {\"a\xfeb\": 1}}]}", "in[0].m: has a key that is not valid UTF-8"},
		{`{"a": 1} x`, "after the top-level value"}, // encoding/json's own check still runs
	}
	for _, tt := range tests {
		var v outer
		err := Unmarshal([]byte(tt.doc), &v)
		if tt.want == "" {
			assert.NoError(t, err, tt.doc)
			continue
		}
		require.Error(t, err, tt.doc)
		assert.Contains(t, err.Error(), tt.want, tt.doc)
		assert.True(t, strings.ToValidUTF8(err.Error(), "") == err.Error(), "the error quotes the bytes: %q", err)
	}
}

// TestScanFindsNothingInWellFormedDocuments: empty containers, nesting,
// white space and escaped quotes and brackets in strings do not confuse the
// scanner.
func TestScanFindsNothingInWellFormedDocuments(t *testing.T) {
	for _, doc := range []string{`1`, `"s"`, `[]`, `{}`, `[[], {}, [1, [2, {"a": [3]}]]]`, ` { "a" : { } , "b" : [ ] } `, `{"a": "\"}\\"}`} {
		require.True(t, json.Valid([]byte(doc)), doc)
		scan([]byte(doc), true, func(path, problem string) bool {
			t.Errorf("%s: %s: %s", doc, path, problem)
			return true
		})
	}
}
