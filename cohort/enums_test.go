package cohort_test

import (
	"encoding"
	"encoding/json"
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// cohortEnum is what flag.TextVar needs of an enumeration.
type cohortEnum interface {
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}

// Every enumeration writes its name, writes nothing for the empty value,
// refuses to write an invalid one, and works with flag.TextVar.
func TestEnumsMarshalText(t *testing.T) {
	grouping := func(g cohort.Grouping) *cohort.Grouping { return &g }
	confType := func(c cohort.ConfType) *cohort.ConfType { return &c }
	tests := []struct {
		name           string
		ptr            cohortEnum // a variable to set
		valid, invalid cohortEnum // a valid and an invalid value
		text           string     // the text of valid
		empty          cohortEnum // the empty value
	}{
		{"grouping", new(cohort.Grouping), grouping(cohort.ByKey), grouping("plan"), "key", new(cohort.Grouping)},
		{"confidence interval type", new(cohort.ConfType), confType(cohort.ConfPlain), confType("logit"), "plain", new(cohort.ConfType)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.valid.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(b))
			_, err = tt.invalid.MarshalText()
			assert.ErrorIs(t, err, cohort.ErrInvalid, "an invalid value is not written")
			b, err = tt.empty.MarshalText()
			require.NoError(t, err)
			assert.Empty(t, b, "the empty value writes nothing")

			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.TextVar(tt.ptr, "v", tt.empty, "usage")
			require.NoError(t, fs.Parse([]string{"-v", tt.text}))
			got, err := tt.ptr.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(got))
			assert.Error(t, fs.Parse([]string{"-v", "nonsense"}))
			assert.Error(t, fs.Parse([]string{"-v", ""}), "the empty value is not a value of its own (it means the default)")
		})
	}
}

// A result holding an invalid enumeration does not encode: JSON a host
// stores must read back.
func TestInvalidEnumDoesNotEncode(t *testing.T) {
	_, err := json.Marshal(cohort.Table{Grain: success.Monthly, Grouping: "plan"})
	require.ErrorIs(t, err, cohort.ErrInvalid)
	b, err := json.Marshal(cohort.Table{Grain: success.Monthly, Grouping: cohort.ByKey})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"grouping":"key"`)
}
