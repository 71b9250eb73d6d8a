package impact_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/playbook/impact"
)

// TestMatchedExpansionProperties: on any data the proportions stay in
// [0, 1], the estimate is their difference inside its interval, and the
// counts add up to the accounts given.
func TestMatchedExpansionProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := impact.Input{PlayID: play, AsOf: asOf}
		n := rapid.IntRange(2, 30).Draw(t, "n")
		for i := range n {
			id := fmt.Sprintf("x%d", i)
			if rapid.Bool().Draw(t, "treated") {
				in.Runs = append(in.Runs, done(id))
			} else {
				in.Trace = append(in.Trace, suppressed(id))
			}
			a := expanding(id, rapid.SampledFrom([]string{"smb", "enterprise"}).Draw(t, "segment"),
				rapid.Float64Range(0, 100).Draw(t, "score"), rapid.Bool().Draw(t, "expanded"))
			in.Accounts = append(in.Accounts, a)
		}
		r, err := impact.Measure(in, impact.Options{Outcome: impact.OutcomeExpansion, Window: 30 * 24 * time.Hour, Match: true})
		if err != nil {
			require.ErrorIs(t, err, impact.ErrInvalid)
			return
		}
		d := r.Difference
		require.True(t, d.Treated >= 0 && d.Treated <= 1 && d.Comparison >= 0 && d.Comparison <= 1+1e-12)
		require.InDelta(t, d.Treated-d.Comparison, d.Estimate, 1e-12)
		require.LessOrEqual(t, d.Lower, d.Estimate)
		require.GreaterOrEqual(t, d.Upper, d.Estimate)
		require.Equal(t, len(in.Runs), r.Treated+r.Unmatched)
		require.Equal(t, len(in.Trace), r.Compared+r.UnmatchedComparison)
	})
}
