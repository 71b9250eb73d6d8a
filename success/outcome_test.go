package success_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

// Fixed dates: a 100-day outcome period from t0 to t100.
var (
	t0   = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	day  = func(n int) time.Time { return t0.AddDate(0, 0, n) }
	t100 = day(100)
)

// activeUsers is a higher-is-better outcome: 10 → 50 weekly active users.
func activeUsers(ms ...success.Measurement) success.RequiredOutcome {
	return success.RequiredOutcome{
		ID: "wau", Metric: "weekly active users", Unit: "users",
		Baseline: 10, Target: 50, Direction: success.HigherIsBetter,
		Start: t0, Due: t100, Measurements: ms,
	}
}

// closeDays is a lower-is-better outcome: month-end close from 10 days to 4.
func closeDays(ms ...success.Measurement) success.RequiredOutcome {
	return success.RequiredOutcome{
		ID: "close", Metric: "month-end close", Unit: "days",
		Baseline: 10, Target: 4, Direction: success.LowerIsBetter,
		Start: t0, Due: t100, Measurements: ms,
	}
}

func m(d int, v float64) success.Measurement { return success.Measurement{At: day(d), Value: v} }

func TestOutcomeProgressAndStatus(t *testing.T) {
	tests := []struct {
		name         string
		outcome      success.RequiredOutcome
		asOf         time.Time
		opts         success.StatusOptions
		wantProgress float64
		wantStatus   success.OutcomeStatus
	}{
		{"before the period", activeUsers(), day(-5), success.StatusOptions{}, 0, success.NotStarted},
		{"nothing measured yet", activeUsers(), day(10), success.StatusOptions{}, 0, success.NotStarted},
		{"nothing measured for 44 days has not started", activeUsers(), day(44), success.StatusOptions{}, 0, success.NotStarted},
		{"nothing measured for 45 days is stale", activeUsers(), day(45), success.StatusOptions{}, 0, success.Stale},
		{"nothing measured, stale rule disabled: not started, never stuck", activeUsers(), day(99), success.StatusOptions{StaleAfter: -1}, 0, success.NotStarted},
		{"measured, then nothing for 45 days is stale", activeUsers(m(10, 40)), day(55), success.StatusOptions{}, 0.75, success.Stale},
		{"measured 44 days ago is not stale", activeUsers(m(10, 40)), day(54), success.StatusOptions{}, 0.75, success.OnTrack},
		{"custom stale period", activeUsers(m(10, 40)), day(20), success.StatusOptions{StaleAfter: 7 * 24 * time.Hour}, 0.75, success.Stale},
		{"stale comes before stuck", activeUsers(m(5, 40)), day(96), success.StatusOptions{}, 0.75, success.Stale},
		{"measured before start only: history, not progress", activeUsers(m(-3, 12)), day(10), success.StatusOptions{}, 0, success.NotStarted},
		{"on the due day, hours after the due instant, is not yet missed", activeUsers(m(90, 49)), t100.Add(20 * time.Hour), success.StatusOptions{}, 0.975, success.Behind},
		{"reached then slipped is judged again", activeUsers(m(20, 50), m(30, 40)), day(35), success.StatusOptions{}, 0.75, success.OnTrack},
		{"reached late", activeUsers(m(20, 20), m(120, 50)), day(130), success.StatusOptions{}, 1, success.Achieved},
		{"on track", activeUsers(m(20, 20), m(40, 30)), day(40), success.StatusOptions{}, 0.5, success.OnTrack},
		{"exactly on the line", activeUsers(m(50, 30)), day(50), success.StatusOptions{}, 0.5, success.OnTrack},
		{"behind", activeUsers(m(20, 14), m(50, 18)), day(50), success.StatusOptions{}, 0.2, success.Behind},
		{"behind within tolerance is on track", activeUsers(m(50, 28)), day(50), success.StatusOptions{Tolerance: 0.05}, 0.45, success.OnTrack},
		{"stuck: measured lately, no new best for 90 days", activeUsers(m(5, 40), m(50, 38), m(94, 39)), day(95), success.StatusOptions{}, 0.725, success.Stuck},
		{"no new best for 89 days is not stuck", activeUsers(m(6, 40), m(50, 38), m(94, 39)), day(95), success.StatusOptions{}, 0.725, success.Behind},
		{"stuck rule disabled", activeUsers(m(5, 40), m(50, 38), m(94, 39)), day(95), success.StatusOptions{StuckAfter: -1}, 0.725, success.Behind},
		{"custom stuck period", activeUsers(m(10, 40)), day(20), success.StatusOptions{StuckAfter: 7 * 24 * time.Hour}, 0.75, success.Stuck},
		{"achieved early", activeUsers(m(30, 55)), day(31), success.StatusOptions{}, 1, success.Achieved},
		{"achieved stays achieved after due", activeUsers(m(30, 55)), day(200), success.StatusOptions{}, 1, success.Achieved},
		{"missed: due date in the past", activeUsers(m(30, 40)), day(101), success.StatusOptions{}, 0.75, success.Missed},
		{"on the due date short of target is behind, not missed", activeUsers(m(90, 49)), t100, success.StatusOptions{}, 0.975, success.Behind},
		{"on the due date at target", activeUsers(m(90, 50)), t100, success.StatusOptions{}, 1, success.Achieved},
		{"later measurement ignored as of an earlier date", activeUsers(m(10, 30), m(60, 50)), day(20), success.StatusOptions{}, 0.5, success.OnTrack},
		{"worse than baseline clamps to 0", activeUsers(m(10, 5)), day(20), success.StatusOptions{}, 0, success.Behind},
		{"lower is better: on track", closeDays(m(30, 7)), day(40), success.StatusOptions{}, 0.5, success.OnTrack},
		{"lower is better: behind", closeDays(m(30, 9)), day(40), success.StatusOptions{}, 1.0 / 6, success.Behind},
		{"lower is better: achieved below target", closeDays(m(30, 3)), day(40), success.StatusOptions{}, 1, success.Achieved},
		{"lower is better: worse than baseline", closeDays(m(10, 12)), day(20), success.StatusOptions{}, 0, success.Behind},
		{"never beat the baseline in 90 days of measuring", closeDays(m(10, 12), m(80, 11)), day(90), success.StatusOptions{}, 0, success.Stuck},
		{"target already reached at baseline", func() success.RequiredOutcome {
			o := activeUsers()
			o.Target = 10
			return o
		}(), day(1), success.StatusOptions{}, 1, success.Achieved},
		{"lower is better: target already reached at baseline", func() success.RequiredOutcome {
			o := closeDays()
			o.Target = 10
			return o
		}(), day(1), success.StatusOptions{}, 1, success.Achieved},
		{"lower is better: target above baseline, slipped past it", func() success.RequiredOutcome {
			o := closeDays(m(5, 11))
			o.Target = 10.5
			return o
		}(), day(6), success.StatusOptions{}, 0, success.Behind},
		{"target below baseline for higher-is-better", func() success.RequiredOutcome {
			o := activeUsers(m(5, 9))
			o.Target = 8
			return o
		}(), day(6), success.StatusOptions{}, 1, success.Achieved},
		{"zero-length period: due the day it starts", func() success.RequiredOutcome {
			o := activeUsers(m(0, 30))
			o.Due = t0
			return o
		}(), t0, success.StatusOptions{}, 0.5, success.Behind},
		{"zero-length period: reached", func() success.RequiredOutcome {
			o := activeUsers(m(0, 50))
			o.Due = t0
			return o
		}(), t0, success.StatusOptions{}, 1, success.Achieved},
		{"zero-length period: after it", func() success.RequiredOutcome {
			o := activeUsers(m(0, 30))
			o.Due = t0
			return o
		}(), day(1), success.StatusOptions{}, 0.5, success.Missed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.wantProgress, tt.outcome.Progress(tt.asOf), 1e-12, "progress")
			a, err := tt.outcome.Assess(tt.asOf, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.wantStatus, a.Status, "status (reason: %s)", a.Reason)
			assert.InDelta(t, tt.wantProgress, a.Progress, 1e-12)
			assert.InDelta(t, 1-tt.wantProgress, a.Gap.Normalised, 1e-12, "normalised gap")
			assert.NotEmpty(t, a.Reason)
		})
	}
}

func TestOutcomeGapAndDates(t *testing.T) {
	a, err := closeDays(m(30, 7)).Assess(day(40), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, 3.0, a.Gap.Distance, "7 days now, 4 wanted")
	assert.Equal(t, 0.4, a.Expected, "expected progress at day 40 of 100")
	assert.Equal(t, day(30), a.LastImprovedAt)

	a, err = activeUsers(m(10, 20), m(30, 55), m(40, 60)).Assess(day(50), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, day(30), a.AchievedAt, "first measurement at target")
	assert.Equal(t, 0.0, a.Gap.Distance)
}

func TestOutcomeSlipAndLateAreExplained(t *testing.T) {
	a, err := activeUsers(m(20, 50), m(30, 40)).Assess(day(35), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, day(20), a.AchievedAt)
	assert.Contains(t, a.Reason, "slipped")

	a, err = activeUsers(m(20, 20), m(120, 50)).Assess(day(130), success.StatusOptions{})
	require.NoError(t, err)
	assert.True(t, a.Late)
	assert.Contains(t, a.Reason, "after the due date")

}

func TestStaleAndStuckReasonsGiveTheNumbers(t *testing.T) {
	tests := []struct {
		name    string
		outcome success.RequiredOutcome
		asOf    time.Time
		opts    success.StatusOptions
		want    string
	}{
		{"never measured", activeUsers(), day(50), success.StatusOptions{},
			"nothing measured since the start 2026-01-01, 50 days ago (stale after 45 days)"},
		{"not measured lately", activeUsers(m(10, 40)), day(56).Add(12 * time.Hour), success.StatusOptions{},
			"last measured 2026-01-11, 46 days ago (stale after 45 days)"},
		{"a threshold that is not whole days", activeUsers(m(10, 40)), day(12), success.StatusOptions{StaleAfter: 36 * time.Hour},
			"last measured 2026-01-11, 2 days ago (stale after 36h0m0s)"},
		{"no new best", activeUsers(m(5, 40), m(50, 38), m(94, 39)), day(95), success.StatusOptions{},
			"last new best 2026-01-06, 90 days ago (stuck after 90 days); last measured 2026-04-05, 1 day ago"},
		{"never beat the baseline", closeDays(m(10, 12), m(80, 11)), day(90), success.StatusOptions{},
			"no measurement has beaten the baseline since the start 2026-01-01, 90 days ago (stuck after 90 days); last measured 2026-03-22, 10 days ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.outcome.Assess(tt.asOf, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.Reason)
		})
	}
}

// A target no better than the baseline was reached at Start; as of a date
// before Start it was not yet reached, so a backfill never names a later date.
func TestOutcomeReachedAtStartIsNotReachedBeforeIt(t *testing.T) {
	o := activeUsers()
	o.Target = o.Baseline
	before, err := o.Assess(day(-5), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, success.Achieved, before.Status)
	assert.True(t, before.AchievedAt.IsZero(), "achieved at %v, after the date asked about", before.AchievedAt)
	after, err := o.Assess(day(5), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, t0, after.AchievedAt)
}

// Reasons round percentages to the nearest point, but 99.6% progress must
// not read "100%" beside a target not yet reached.
func TestOutcomeReasonNeverRoundsUpToTheTarget(t *testing.T) {
	a, err := activeUsers(m(40, 49.84)).Assess(day(50), success.StatusOptions{}) // (49.84-10)/40 = 0.996
	require.NoError(t, err)
	assert.Equal(t, success.OnTrack, a.Status)
	assert.Equal(t, "99% progress with 50% of the time elapsed", a.Reason)
	a, err = activeUsers(m(40, 36.8)).Assess(day(101), success.StatusOptions{}) // 26.8/40 = 0.67
	require.NoError(t, err)
	assert.Equal(t, "due 2026-04-11 passed at 67% progress", a.Reason)
}

// Readings taken at one instant: the last listed is the value, and one that
// reached the target is remembered even when a later one at the same instant
// slipped. Expected values by hand on the 10 → 50 outcome.
func TestOutcomeMeasurementsAtOneInstant(t *testing.T) {
	tests := []struct {
		name         string
		outcome      success.RequiredOutcome
		asOf         time.Time
		wantValue    float64
		wantProgress float64
		wantAchieved time.Time
	}{
		{"last listed wins", activeUsers(m(20, 30), m(20, 45)), day(20), 45, 0.875, time.Time{}},
		{"reached and slipped at one instant", activeUsers(m(20, 50), m(20, 40)), day(25), 40, 0.75, day(20)},
		{"a reading at the date asked about counts", activeUsers(m(20, 30)), day(20), 30, 0.5, time.Time{}},
		{"a reading an instant later does not", activeUsers(m(20, 30)), day(20).Add(-time.Nanosecond), 10, 0, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.outcome.Assess(tt.asOf, success.StatusOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.wantValue, a.Value)
			assert.Equal(t, tt.wantProgress, a.Progress)
			assert.Equal(t, tt.wantAchieved, a.AchievedAt)
		})
	}
}

// When the target is no better than the baseline there is no way to go: the
// normalised gap is 0 or 1, never a division by zero. Distance is by hand.
func TestGapWhenTargetEqualsBaseline(t *testing.T) {
	o := closeDays(m(10, 10), m(20, 12))
	o.Target = 10
	a, err := o.Assess(day(10), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, success.Gap{Distance: 0, Normalised: 0}, a.Gap)
	a, err = o.Assess(day(20), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, success.Gap{Distance: 2, Normalised: 1}, a.Gap, "12 days, 10 wanted")
	assert.Equal(t, success.Behind, a.Status)
}

func TestStatusOptionsValidated(t *testing.T) {
	for _, tol := range []float64{math.NaN(), -0.1, 1.5} {
		_, err := activeUsers().Assess(day(1), success.StatusOptions{Tolerance: tol})
		assert.ErrorIs(t, err, success.ErrInvalid, "tolerance %v", tol)
	}
}

func TestOutcomeExpectedProgress(t *testing.T) {
	o := activeUsers()
	assert.Equal(t, 0.0, o.ExpectedProgress(day(-1)))
	assert.Equal(t, 0.25, o.ExpectedProgress(day(25)))
	assert.Equal(t, 1.0, o.ExpectedProgress(day(150)))
}

// Periods longer than time.Duration's 292 years are measured exactly:
// before, 1800 to 2300 read as 0.684 elapsed at 2000 (both spans saturated
// differently), and a stale reason said 106751 days for four centuries.
func TestOutcomeDatesBeyondDuration(t *testing.T) {
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	o := activeUsers()
	o.Start, o.Due = year(1800), year(2300)
	// 73048 and 182621 days: Python's (date(2000,1,1)-date(1800,1,1)).days
	// and (date(2300,1,1)-date(1800,1,1)).days; the whole days cancel.
	assert.InDelta(t, 73048.0/182621.0, o.ExpectedProgress(year(2000)), 1e-12)
	assert.Equal(t, 0.5, o.ExpectedProgress(year(1800).Add(time.Duration(182621*12)*time.Hour)))
	assert.Equal(t, 1.0, o.ExpectedProgress(year(2300)))

	o.Start = year(1600)
	a, err := o.Assess(year(2000), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, success.Stale, a.Status)
	// 146097 days: Python's (date(2000,1,1)-date(1600,1,1)).days, four
	// Gregorian centuries.
	assert.Contains(t, a.Reason, "146097 days ago")
	assert.InDelta(t, 146097.0/(146097+109573), a.Expected, 1e-12) // 109573: (date(2300,1,1)-date(2000,1,1)).days
}

func TestOutcomeInvalid(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		mutate   func(*success.RequiredOutcome)
		wantPath string
	}{
		{"empty id", func(o *success.RequiredOutcome) { o.ID = "" }, "id"},
		{"empty metric", func(o *success.RequiredOutcome) { o.Metric = "" }, "metric"},
		{"NaN baseline", func(o *success.RequiredOutcome) { o.Baseline = nan }, "baseline"},
		{"Inf target", func(o *success.RequiredOutcome) { o.Target = math.Inf(1) }, "target"},
		{"huge target", func(o *success.RequiredOutcome) { o.Target = 1e308 }, "target"},
		{"huge measurement", func(o *success.RequiredOutcome) { o.Measure(day(9), -1e300) }, "measurements[1].value"},
		{"bad direction", func(o *success.RequiredOutcome) { o.Direction = "up" }, "direction"},
		{"due before start", func(o *success.RequiredOutcome) { o.Due = day(-1) }, "due"},
		{"no start", func(o *success.RequiredOutcome) { o.Start = time.Time{} }, "start"},
		{"negative weight", func(o *success.RequiredOutcome) { o.Weight = -1 }, "weight"},
		{"weight beyond MaxWeight", func(o *success.RequiredOutcome) { o.Weight = 2 * success.MaxWeight }, "weight"},
		{"NaN measurement", func(o *success.RequiredOutcome) { o.Measure(day(3), nan) }, "measurements[1].value"},
		{"measurements out of order", func(o *success.RequiredOutcome) { o.Measure(day(1), 3) }, "measurements[1].at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := activeUsers(m(5, 12))
			tt.mutate(&o)
			_, err := o.Assess(day(10), success.StatusOptions{})
			require.ErrorIs(t, err, success.ErrInvalid)
			paths := []string{}
			for _, fe := range success.AsFieldErrors(err) {
				paths = append(paths, fe.Path)
			}
			assert.Contains(t, paths, tt.wantPath, "error: %v", err)
		})
	}
}

// Validate runs on every Assess, so a valid outcome costs no allocation
// however many measurements it has: the paths are built only for problems.
func TestOutcomeValidateAllocatesNothingWhenValid(t *testing.T) {
	o := activeUsers()
	for d := range 90 {
		o.Measure(day(d), 10+float64(d)/3)
	}
	require.NoError(t, o.Validate())
	assert.Zero(t, testing.AllocsPerRun(20, func() { _ = o.Validate() }))
}

func TestProgressAlwaysWithinUnitInterval(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		finite := rapid.Float64Range(-success.MaxMetricMagnitude, success.MaxMetricMagnitude)
		o := success.RequiredOutcome{
			ID: "x", Metric: "x", Baseline: finite.Draw(t, "baseline"), Target: finite.Draw(t, "target"),
			Direction: rapid.SampledFrom([]success.Direction{success.HigherIsBetter, success.LowerIsBetter}).Draw(t, "dir"),
			Start:     t0, Due: day(rapid.IntRange(0, 400).Draw(t, "days")),
		}
		n := rapid.IntRange(0, 5).Draw(t, "n")
		for i := range n {
			o.Measure(day(10*i), finite.Draw(t, "value"))
		}
		asOf := day(rapid.IntRange(-50, 500).Draw(t, "asOf"))
		p := o.Progress(asOf)
		if p < 0 || p > 1 || math.IsNaN(p) {
			t.Fatalf("progress %v outside [0,1]", p)
		}
		a, err := o.Assess(asOf, success.StatusOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Gap.Normalised < 0 || a.Gap.Normalised > 1 || a.Gap.Distance < 0 {
			t.Fatalf("gap %+v out of range", a.Gap)
		}
	})
}

func TestEnumsValidatedOnDecode(t *testing.T) {
	var o success.RequiredOutcome
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"id":"x","direction":"up"}`), &o), success.ErrInvalid)
	var d success.Disqualifier
	assert.ErrorIs(t, json.Unmarshal([]byte(`"must"`), &d), success.ErrInvalid)
	require.NoError(t, json.Unmarshal([]byte(`"must_not_have"`), &d))
	assert.Equal(t, success.MustNotHave, d)
}

// An outcome measured on the first of every month and improving every time is
// on track every day of the year (and achieved with the last reading): a
// month between readings is neither stale nor stuck under the defaults.
func TestMonthlyMeasurementIsNeverStaleOrStuck(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	o := success.RequiredOutcome{ID: "wau", Metric: "weekly active users", Baseline: 0, Target: 1250,
		Direction: success.HigherIsBetter, Start: start, Due: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	for mo := range 12 {
		o.Measure(time.Date(2026, time.Month(mo+1), 1, 9, 0, 0, 0, time.UTC), float64(100*(mo+1)+50)) // ahead of the straight line all month
	}
	for asOf := start.Add(9 * time.Hour); asOf.Before(o.Due); asOf = asOf.AddDate(0, 0, 1) {
		a, err := o.Assess(asOf, success.StatusOptions{})
		require.NoError(t, err)
		require.Contains(t, []success.OutcomeStatus{success.OnTrack, success.Achieved}, a.Status, "as of %s: %s", asOf.Format(time.DateOnly), a.Reason)
	}
}
