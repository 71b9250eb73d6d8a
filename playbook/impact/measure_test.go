package impact_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/playbook/impact"
	"github.com/secondsale/secondsale/success"
)

var (
	t0   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	asOf = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	z95  = 1.959963984540054
)

const play = "onboarding-rescue"

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

func done(id string) playbook.Run {
	return playbook.Run{Account: success.AccountID(id), PlayID: play, State: playbook.RunDone, Started: t0}
}

func suppressed(id string) playbook.TraceEntry {
	return playbook.TraceEntry{Account: success.AccountID(id), PlayID: play, Kind: playbook.DecisionSuppress,
		Clause: playbook.ClauseLimitPlay, At: t0}
}

// healthy is an account with a score at t0 and another after 30 days.
func healthy(id, segment string, before, after float64) impact.Account {
	return impact.Account{ID: success.AccountID(id), Segment: segment,
		Health: []impact.HealthPoint{{At: t0, Score: before}, {At: day(30), Score: after}}}
}

func expanding(id, segment string, score float64, expanded bool) impact.Account {
	a := healthy(id, segment, score, score)
	if expanded {
		a.Expansions = []time.Time{day(10)}
	}
	return a
}

func TestMeasureDifferences(t *testing.T) {
	tests := []struct {
		name       string
		in         impact.Input
		opts       impact.Options
		treated    float64
		comparison float64
		se         float64
		n1, n0     int
	}{
		{
			name: "health change, Welch standard error",
			in: impact.Input{PlayID: play, AsOf: asOf,
				Runs:  []playbook.Run{done("a1"), done("a2")},
				Trace: []playbook.TraceEntry{suppressed("c1"), suppressed("c2")},
				Accounts: []impact.Account{healthy("a1", "smb", 50, 60), healthy("a2", "smb", 50, 70),
					healthy("c1", "smb", 50, 50), healthy("c2", "smb", 50, 54)}},
			opts: impact.Options{Outcome: impact.OutcomeHealthChange, Window: 30 * 24 * time.Hour},
			// changes 10, 20 (mean 15, s² 50) and 0, 4 (mean 2, s² 8)
			treated: 15, comparison: 2, se: math.Sqrt(50.0/2 + 8.0/2), n1: 2, n0: 2,
		},
		{
			name: "expansion, Wald standard error",
			in: impact.Input{PlayID: play, AsOf: asOf,
				Runs:  []playbook.Run{done("a1"), done("a2"), done("a3")},
				Trace: []playbook.TraceEntry{suppressed("c1"), suppressed("c2"), suppressed("c3"), suppressed("c4")},
				Accounts: []impact.Account{expanding("a1", "smb", 60, true), expanding("a2", "smb", 60, true),
					expanding("a3", "smb", 60, false), expanding("c1", "smb", 60, true), expanding("c2", "smb", 60, false),
					expanding("c3", "smb", 60, false), expanding("c4", "smb", 60, false)}},
			opts:    impact.Options{Outcome: impact.OutcomeExpansion, Window: 30 * 24 * time.Hour},
			treated: 2.0 / 3, comparison: 1.0 / 4, se: math.Sqrt(2.0/3*1.0/3/3 + 1.0/4*3.0/4/4), n1: 3, n0: 4,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := impact.Measure(tt.in, tt.opts)
			require.NoError(t, err)
			d := r.Difference
			assert.True(t, r.Observational)
			assert.Equal(t, impact.CompareSuppressed, r.Comparison)
			assert.Equal(t, tt.n1, r.Treated)
			assert.Equal(t, tt.n0, r.Compared)
			assert.InDelta(t, tt.treated, d.Treated, 1e-12)
			assert.InDelta(t, tt.comparison, d.Comparison, 1e-12)
			assert.InDelta(t, tt.treated-tt.comparison, d.Estimate, 1e-12)
			assert.InDelta(t, tt.se, d.SE, 1e-12)
			assert.InDelta(t, d.Estimate-z95*tt.se, d.Lower, 1e-9)
			assert.InDelta(t, d.Estimate+z95*tt.se, d.Upper, 1e-9)
			assert.Equal(t, 0.95, d.ConfLevel)
		})
	}
}

// TestMatchingRemovesConfounding: healthy enterprise accounts both receive
// the play more often and expand more; within each stratum the play makes
// no difference, which only the matched comparison shows.
func TestMatchingRemovesConfounding(t *testing.T) {
	in := impact.Input{PlayID: play, AsOf: asOf,
		Runs: []playbook.Run{done("g1"), done("g2"), done("g3"), done("r1"), done("y1")},
		Trace: []playbook.TraceEntry{suppressed("g4"), suppressed("r2"), suppressed("r3"), suppressed("r4"),
			suppressed("s1")},
		Accounts: []impact.Account{
			expanding("g1", "enterprise", 90, true), expanding("g2", "enterprise", 90, true),
			expanding("g3", "enterprise", 90, true), expanding("g4", "enterprise", 80, true),
			expanding("r1", "smb", 20, false), expanding("r2", "smb", 20, false),
			expanding("r3", "smb", 30, false), expanding("r4", "smb", 40, false),
			expanding("y1", "smb", 60, true),         // no yellow comparison: unmatched
			expanding("s1", "enterprise", 20, false), // no red enterprise treated
		}}
	opts := impact.Options{Outcome: impact.OutcomeExpansion, Window: 30 * 24 * time.Hour}

	raw, err := impact.Measure(in, opts)
	require.NoError(t, err)
	assert.InDelta(t, 4.0/5-1.0/5, raw.Difference.Estimate, 1e-12)
	assert.Empty(t, raw.Strata)

	opts.Match = true
	r, err := impact.Measure(in, opts)
	require.NoError(t, err)
	assert.True(t, r.Matched)
	assert.InDelta(t, 0, r.Difference.Estimate, 1e-12)
	assert.InDelta(t, 0.75, r.Difference.Treated, 1e-12)
	assert.Equal(t, 4, r.Treated)
	assert.Equal(t, 4, r.Compared)
	assert.Equal(t, 1, r.Unmatched)
	assert.Equal(t, 1, r.UnmatchedComparison)
	assert.Equal(t, []impact.Stratum{
		{Band: "green", Segment: "enterprise", Treated: 3, Comparison: 1},
		{Band: "red", Segment: "enterprise", Comparison: 1},
		{Band: "red", Segment: "smb", Treated: 1, Comparison: 3},
		{Band: "yellow", Segment: "smb", Treated: 1},
	}, r.Strata)
}

// TestRetentionPlayHelps: treated accounts churn rarely, suppressed ones
// mostly within 90 days.
func TestRetentionPlayHelps(t *testing.T) {
	in := impact.Input{PlayID: play, AsOf: asOf}
	for i := range 20 {
		id := fmt.Sprintf("t%d", i)
		in.Runs = append(in.Runs, done(id))
		a := impact.Account{ID: success.AccountID(id)}
		if i < 2 {
			a.ChurnedAt = day(100 + i)
		}
		in.Accounts = append(in.Accounts, a)
		id = fmt.Sprintf("c%d", i)
		in.Trace = append(in.Trace, suppressed(id))
		a = impact.Account{ID: success.AccountID(id)}
		if i < 15 {
			a.ChurnedAt = day(30 + 4*i)
		}
		in.Accounts = append(in.Accounts, a)
	}
	r, err := impact.Measure(in, impact.Options{Outcome: impact.OutcomeRetention})
	require.NoError(t, err)
	require.NotNil(t, r.Retention)
	assert.Less(t, r.Retention.LogRank.PValue, 0.001)
	assert.Equal(t, 20, r.Retention.Treated.Subjects)
	assert.Equal(t, 15, r.Retention.Comparison.Churned)
	assert.Greater(t, r.Retention.Treated.SurvivalAt(200), r.Retention.Comparison.SurvivalAt(200))
	assert.Greater(t, r.Difference.Lower, 0.0, "RMST difference in days")
	assert.Equal(t, 364.0, r.Retention.Treated.RMST.Horizon)
}

func TestMeasureComparisonGroups(t *testing.T) {
	cancelled := done("x1")
	cancelled.State = playbook.RunCancelled
	active := done("x2")
	active.State = playbook.RunOpen
	other := done("x3")
	other.PlayID = "another-play"
	in := impact.Input{PlayID: play, AsOf: asOf,
		Runs:  []playbook.Run{done("a1"), done("a2"), cancelled, active, other},
		Trace: []playbook.TraceEntry{suppressed("a1"), suppressed("x2"), suppressed("s1")},
		Accounts: []impact.Account{expanding("a1", "", 60, true), expanding("a2", "", 60, false),
			expanding("x1", "", 60, false), expanding("x2", "", 60, true), expanding("x3", "", 60, true),
			expanding("s1", "", 60, true)}}
	opts := impact.Options{Outcome: impact.OutcomeExpansion, Window: 30 * 24 * time.Hour}
	for _, tt := range []struct {
		group      impact.Comparison
		comparison float64
		n0         int
	}{
		{impact.CompareSuppressed, 1, 1}, // s1 only: a1 ran, x2 has an active run
		{impact.CompareCancelled, 0, 1},  // x1
		{impact.CompareNotRun, 1, 1},     // x3: its run is of another play
	} {
		opts.Comparison, opts.NotRunStart = tt.group, t0
		r, err := impact.Measure(in, opts)
		require.NoError(t, err, tt.group)
		assert.Equal(t, tt.group, r.Comparison)
		assert.Equal(t, 2, r.Treated, tt.group)
		assert.Equal(t, tt.n0, r.Compared, tt.group)
		assert.InDelta(t, tt.comparison, r.Difference.Comparison, 1e-12, tt.group)
	}
}

func TestMeasureMissingOutcomes(t *testing.T) {
	late := done("a2")
	late.Started = day(350) // window ends after as-of
	in := impact.Input{PlayID: play, AsOf: asOf,
		Runs:  []playbook.Run{done("a1"), late},
		Trace: []playbook.TraceEntry{suppressed("c1"), suppressed("c2")},
		Accounts: []impact.Account{healthy("a1", "", 50, 60), healthy("a2", "", 50, 60),
			healthy("c1", "", 50, 50), {ID: "c2"}}}
	r, err := impact.Measure(in, impact.Options{Outcome: impact.OutcomeHealthChange, Window: 30 * 24 * time.Hour})
	require.NoError(t, err)
	assert.Equal(t, 1, r.MissingTreated)
	assert.Equal(t, 1, r.MissingComparison)
	assert.True(t, math.IsNaN(r.Difference.SE), "one account per group has no sample variance")
}

func TestMeasureErrors(t *testing.T) {
	ok := func() impact.Input {
		return impact.Input{PlayID: play, AsOf: asOf, Runs: []playbook.Run{done("a1")},
			Trace:    []playbook.TraceEntry{suppressed("c1")},
			Accounts: []impact.Account{healthy("a1", "", 50, 60), healthy("c1", "", 50, 50)}}
	}
	opts := impact.Options{Outcome: impact.OutcomeExpansion, Window: time.Hour}
	tests := []struct {
		name string
		edit func(*impact.Input, *impact.Options)
		want string
	}{
		{"no play", func(in *impact.Input, _ *impact.Options) { in.PlayID = "" }, "play_id"},
		{"no as-of", func(in *impact.Input, _ *impact.Options) { in.AsOf = time.Time{} }, "as_of"},
		{"outcome", func(_ *impact.Input, o *impact.Options) { o.Outcome = "growth" }, "options.outcome"},
		{"comparison", func(_ *impact.Input, o *impact.Options) { o.Comparison = "others" }, "options.comparison"},
		{"window", func(_ *impact.Input, o *impact.Options) { o.Window = 0 }, "options.window"},
		{"conf level", func(_ *impact.Input, o *impact.Options) { o.ConfLevel = 1 }, "options.conf_level"},
		{"not-run start", func(_ *impact.Input, o *impact.Options) { o.Comparison = impact.CompareNotRun }, "options.not_run_start"},
		{"run account", func(in *impact.Input, _ *impact.Options) { in.Runs[0].Account = "" }, "runs[0].account"},
		{"run start", func(in *impact.Input, _ *impact.Options) { in.Runs[0].Started = time.Time{} }, "runs[0].started"},
		{"run state", func(in *impact.Input, _ *impact.Options) { in.Runs[0].State = "paused" }, "runs[0].state"},
		{"trace account", func(in *impact.Input, _ *impact.Options) { in.Trace[0].Account = "" }, "trace[0].account"},
		{"trace time", func(in *impact.Input, _ *impact.Options) { in.Trace[0].At = time.Time{} }, "trace[0].at"},
		{"no outcome", func(in *impact.Input, _ *impact.Options) { in.Accounts = in.Accounts[:1] }, "account of trace[0]"},
		{"duplicate", func(in *impact.Input, _ *impact.Options) { in.Accounts[1].ID = "a1" }, "accounts[1].id"},
		{"empty id", func(in *impact.Input, _ *impact.Options) { in.Accounts[1].ID = "" }, "accounts[1].id"},
		{"churn after as-of", func(in *impact.Input, _ *impact.Options) { in.Accounts[0].ChurnedAt = asOf.Add(time.Hour) }, "accounts[0].churned_at"},
		{"NaN score", func(in *impact.Input, _ *impact.Options) { in.Accounts[1].Health[1].Score = math.NaN() }, "accounts[1].health[1].score"},
		{"health order", func(in *impact.Input, _ *impact.Options) { in.Accounts[0].Health[1].At = day(-1) }, "accounts[0].health[1].at"},
		{"no comparison", func(in *impact.Input, _ *impact.Options) { in.Trace = nil }, "no treated or no comparison"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, o := ok(), opts
			tt.edit(&in, &o)
			_, err := impact.Measure(in, o)
			require.ErrorIs(t, err, impact.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "a1")
		})
	}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	s := playbook.NewMemoryStore()
	run := done("a1")
	run.ID, run.DedupKey, run.PlayVersion, run.State = uuid.New(), "a1", 1, playbook.RunOpen
	require.NoError(t, s.Open(ctx, playbook.Opening{Run: run, Trace: []playbook.TraceEntry{suppressed("c1")}}))
	runs, trace, err := impact.Load(ctx, s, play)
	require.NoError(t, err)
	assert.Len(t, runs, 1)
	assert.Len(t, trace, 1)
	cancelled, stop := context.WithCancel(ctx)
	stop()
	_, _, err = impact.Load(cancelled, s, play)
	require.ErrorIs(t, err, context.Canceled)
}

func TestRetentionOptions(t *testing.T) {
	in := impact.Input{PlayID: play, AsOf: asOf,
		Runs: []playbook.Run{done("a1"), done("a2")},
		Trace: []playbook.TraceEntry{suppressed("c1"), suppressed("c2"),
			{Account: "a1", PlayID: "another-play", Kind: playbook.DecisionSuppress}}, // other play: ignored, unvalidated
		Accounts: []impact.Account{{ID: "a1"}, {ID: "a2", ChurnedAt: day(28)}, {ID: "c1", ChurnedAt: day(14)}, {ID: "c2"}}}
	r, err := impact.Measure(in, impact.Options{Outcome: impact.OutcomeRetention, Unit: 7 * 24 * time.Hour, Horizon: 4})
	require.NoError(t, err)
	// Weeks: treated survive 1 until week 4 (RMST 4), comparison 1 until
	// week 2 then 1/2 (RMST 2 + 1).
	assert.InDelta(t, 4, r.Difference.Treated, 1e-12)
	assert.InDelta(t, 3, r.Difference.Comparison, 1e-12)
	assert.Equal(t, 4.0, r.Retention.Comparison.RMST.Horizon)

	for i := range in.Accounts {
		in.Accounts[i].ChurnedAt = time.Time{}
	}
	_, err = impact.Measure(in, impact.Options{Outcome: impact.OutcomeRetention})
	require.ErrorIs(t, err, impact.ErrInvalid)
	assert.Contains(t, err.Error(), "log-rank test")

	_, err = impact.Measure(in, impact.Options{Outcome: impact.OutcomeRetention, Horizon: -1})
	require.ErrorIs(t, err, impact.ErrInvalid)
	assert.Contains(t, err.Error(), "options.horizon")
}

func TestMatchScoreOutsideBands(t *testing.T) {
	in := impact.Input{PlayID: play, AsOf: asOf,
		Runs:     []playbook.Run{done("a1")},
		Trace:    []playbook.TraceEntry{suppressed("c1")},
		Accounts: []impact.Account{expanding("a1", "", 150, true), expanding("c1", "", 150, false)}}
	r, err := impact.Measure(in, impact.Options{Outcome: impact.OutcomeExpansion, Window: 30 * 24 * time.Hour, Match: true})
	require.NoError(t, err)
	assert.Equal(t, []impact.Stratum{{Treated: 1, Comparison: 1}}, r.Strata)
	assert.InDelta(t, 1, r.Difference.Estimate, 1e-12)
}

func TestMeasureErrorsAreFieldErrors(t *testing.T) {
	in := impact.Input{PlayID: play, AsOf: asOf, Runs: []playbook.Run{{PlayID: play, Started: t0, State: playbook.RunDone}}}
	_, err := impact.Measure(in, impact.Options{Outcome: impact.OutcomeRetention})
	var fe *success.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "runs[0].account", fe.Path)
	require.ErrorIs(t, err, impact.ErrInvalid)

	_, err = impact.Measure(in, impact.Options{Outcome: impact.OutcomeRetention, Unit: -time.Hour})
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "options.unit", fe.Path)
}
