package fuzzinput

import (
	"encoding"
	"encoding/json"
	"errors"
	"testing"
)

// RequireSentinel fails t unless err wraps one of sentinels: every error the
// SDK returns must be testable with errors.Is.
func RequireSentinel(t testing.TB, err error, sentinels ...error) {
	t.Helper()
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %q wraps none of %v", err, sentinels)
}

// RequireJSON fails t unless v marshals, and returns its JSON.
func RequireJSON(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	return data
}

// AddState seeds f with the encoded state of an accumulator (or anything
// else with MarshalBinary), so a decoding target starts from valid states.
func AddState(f *testing.F, state encoding.BinaryMarshaler) {
	f.Helper()
	data, err := state.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
}
