package churn_test

import (
	"encoding"
	"encoding/json"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
)

func TestEnumsValidateWhenDecoded(t *testing.T) {
	var e churn.Event
	require.NoError(t, json.Unmarshal([]byte(`{"kind":"downgrade","initiator":"involuntary"}`), &e))
	assert.Equal(t, churn.Downgrade, e.Kind)
	assert.Equal(t, churn.Involuntary, e.Initiator)
	for _, doc := range []string{`{"kind":"cancelled"}`, `{"initiator":"maybe"}`} {
		assert.ErrorIs(t, json.Unmarshal([]byte(doc), &e), churn.ErrInvalid)
	}
	var u churn.Usage
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"grain":"fortnight"}`), &u), churn.ErrInvalid)
	var r churn.ReasonRule
	assert.ErrorIs(t, json.Unmarshal([]byte(`"most"`), &r), churn.ErrInvalid)
}

// textEnum is an enumeration as flag.TextVar and the text encoders see it.
type textEnum interface {
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}

// Every enumeration writes the text it reads, and refuses to write a value
// it would not read back.
func TestEnumsMarshalText(t *testing.T) {
	tests := []struct {
		name    string
		new     func() textEnum // a pointer to a zero value
		valid   []string
		invalid func() encoding.TextMarshaler
	}{
		{"EventKind", func() textEnum { return new(churn.EventKind) }, []string{"churn", "downgrade"},
			func() encoding.TextMarshaler { return churn.EventKind("gone") }},
		{"Initiator", func() textEnum { return new(churn.Initiator) }, []string{"voluntary", "involuntary"},
			func() encoding.TextMarshaler { return churn.Initiator("maybe") }},
		{"Quadrant", func() textEnum { return new(churn.Quadrant) },
			[]string{"avoidable_unexpected", "avoidable_expected", "unavoidable_unexpected", "unavoidable_expected"},
			func() encoding.TextMarshaler { return churn.Quadrant("middle") }},
		{"ReasonRule", func() textEnum { return new(churn.ReasonRule) }, []string{"primary", "any"},
			func() encoding.TextMarshaler { return churn.ReasonRule("most") }},
		{"SignalKind", func() textEnum { return new(churn.SignalKind) },
			[]string{"drop_off", "decline", "never_activated", "support_spike"},
			func() encoding.TextMarshaler { return churn.SignalKind("boredom") }},
		{"MovementKind", func() textEnum { return new(churn.MovementKind) },
			[]string{"new", "expansion", "contraction", "churn", "reactivation"},
			func() encoding.TextMarshaler { return churn.MovementKind("drift") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, name := range tt.valid {
				v := tt.new()
				require.NoError(t, v.UnmarshalText([]byte(name)))
				text, err := v.MarshalText()
				require.NoError(t, err)
				assert.Equal(t, name, string(text))

				// flag.TextVar needs both methods.
				fs := flag.NewFlagSet("test", flag.ContinueOnError)
				fv := tt.new()
				fs.TextVar(fv, "value", v, "")
				require.NoError(t, fs.Parse([]string{"-value", name}))
				assert.Equal(t, v, fv)
			}
			empty, err := tt.new().MarshalText()
			require.NoError(t, err)
			assert.Empty(t, empty, "the empty value writes nothing")
			_, err = tt.invalid().MarshalText()
			assert.ErrorIs(t, err, churn.ErrInvalid)
		})
	}
}

// A record holding an invalid enumeration does not encode, so nothing is
// written that could not be read back.
func TestInvalidEnumerationDoesNotEncode(t *testing.T) {
	_, err := json.Marshal(churn.Event{Account: "acme", Kind: "gone"})
	assert.ErrorIs(t, err, churn.ErrInvalid)
	encoded, err := json.Marshal(churn.Signal{Kind: churn.DropOff, Account: "acme", AsOf: day(3, 1), Since: day(2, 1)})
	require.NoError(t, err)
	assert.Contains(t, string(encoded), `"kind":"drop_off"`)
}
