package success_test

import (
	"encoding"
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// textEnum is what flag.TextVar needs of an enumeration.
type textEnum interface {
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}

// Every enumeration writes its name, writes nothing for the empty value,
// refuses to write an invalid one, and works with flag.TextVar.
func TestEnumsMarshalText(t *testing.T) {
	tests := []struct {
		name            string
		ptr             textEnum // a variable to set
		valid, invalid  textEnum // a valid and an invalid value
		text            string   // the text of valid
		emptyIsAllowed  bool     // whether the empty value is one of the constants
		emptyMarshaller textEnum // the empty value
	}{
		{"direction", new(success.Direction), ptr(success.LowerIsBetter), ptr(success.Direction("up")), "lower_is_better", false, new(success.Direction)},
		{"lifecycle stage", new(success.LifecycleStage), ptr(success.StageRenewal), ptr(success.LifecycleStage("happy")), "renewal", false, new(success.LifecycleStage)},
		{"verdict", new(success.Verdict), ptr(success.BadFit), ptr(success.Verdict("great")), "bad_fit", false, new(success.Verdict)},
		{"match", new(success.Match), ptr(success.MatchUnknown), ptr(success.Match("maybe")), "unknown", false, new(success.Match)},
		{"disqualifier", new(success.Disqualifier), ptr(success.MustHave), ptr(success.Disqualifier("must")), "must_have", true, new(success.Disqualifier)},
		{"milestone status", new(success.MilestoneStatus), ptr(success.MilestoneDoneLate), ptr(success.MilestoneStatus("late")), "done_late", false, new(success.MilestoneStatus)},
		{"outcome status", new(success.OutcomeStatus), ptr(success.Stale), ptr(success.OutcomeStatus("stale-ish")), "stale", false, new(success.OutcomeStatus)},
		{"currency", new(success.Currency), ptr(success.Currency("EUR")), ptr(success.Currency("XYZ")), "EUR", false, new(success.Currency)},
		{"grain", new(success.Grain), ptr(success.Quarterly), ptr(success.Grain("fortnight")), "quarter", false, new(success.Grain)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.valid.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(b))
			_, err = tt.invalid.MarshalText()
			assert.ErrorIs(t, err, success.ErrInvalid, "an invalid value is not written")
			b, err = tt.emptyMarshaller.MarshalText()
			require.NoError(t, err)
			assert.Empty(t, b, "the empty value writes nothing")

			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.TextVar(tt.ptr, "v", tt.emptyMarshaller, "usage")
			require.NoError(t, fs.Parse([]string{"-v", tt.text}))
			got, _ := tt.ptr.MarshalText()
			assert.Equal(t, tt.text, string(got))
			assert.Error(t, fs.Parse([]string{"-v", "nonsense"}))
			assert.Equal(t, tt.emptyIsAllowed, fs.Parse([]string{"-v", ""}) == nil, "the empty value")
		})
	}
}
