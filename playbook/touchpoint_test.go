package playbook_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var tp0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func tday(n int) time.Time { return tp0.AddDate(0, 0, n) }

func loginTouch(id string, acct success.AccountID, at time.Time) playbook.Touchpoint {
	return playbook.Touchpoint{ID: id, Account: acct, At: at, Channel: playbook.ChannelEmail,
		Sender: "csm", Recipient: "champion",
		Goal: playbook.Goal{Kind: playbook.GoalLoggedIn, WithinDays: 7}}
}

func login(acct success.AccountID, at time.Time) playbook.GoalObservation {
	return playbook.GoalObservation{Account: acct, Kind: playbook.GoalLoggedIn, At: at}
}

// TestTouchpointAssess checks the goal window: met by the first matching
// observation strictly after the touchpoint, by the deadline (inclusive)
// and by asOf; pending before the deadline, missed from it on. Each case
// also runs through ReportGoals, which assesses over an index.
func TestTouchpointAssess(t *testing.T) {
	tp := loginTouch("t1", "a1", tp0)
	deadline := tday(7)
	tests := []struct {
		name   string
		obs    []playbook.GoalObservation
		asOf   time.Time
		status playbook.GoalStatus
		metAt  time.Time
	}{
		{"no observation before deadline", nil, tday(1), playbook.GoalPending, time.Time{}},
		{"no observation at deadline", nil, deadline, playbook.GoalMissed, time.Time{}},
		{"met", []playbook.GoalObservation{login("a1", tday(2))}, tday(3), playbook.GoalMet, tday(2)},
		{"met later than asOf is not known yet", []playbook.GoalObservation{login("a1", tday(2))}, tday(1), playbook.GoalPending, time.Time{}},
		{"met at the deadline", []playbook.GoalObservation{login("a1", deadline)}, tday(30), playbook.GoalMet, deadline},
		{"just after the deadline", []playbook.GoalObservation{login("a1", deadline.Add(time.Second))}, tday(30), playbook.GoalMissed, time.Time{}},
		{"at the touchpoint itself", []playbook.GoalObservation{login("a1", tp0)}, tday(30), playbook.GoalMissed, time.Time{}},
		{"before the touchpoint", []playbook.GoalObservation{login("a1", tday(-1))}, tday(30), playbook.GoalMissed, time.Time{}},
		{"another account", []playbook.GoalObservation{login("a2", tday(1))}, tday(30), playbook.GoalMissed, time.Time{}},
		{"another subject", []playbook.GoalObservation{{Account: "a1", Kind: playbook.GoalLoggedIn, Subject: "mobile", At: tday(1)}}, tday(30), playbook.GoalMissed, time.Time{}},
		{"another kind", []playbook.GoalObservation{{Account: "a1", Kind: playbook.GoalReplied, At: tday(1)}}, tday(30), playbook.GoalMissed, time.Time{}},
		{"earliest of unsorted", []playbook.GoalObservation{login("a1", tday(5)), login("a1", tday(1))}, tday(30), playbook.GoalMet, tday(1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tp.Assess(tc.obs, tc.asOf)
			assert.Equal(t, tc.status, got.Status)
			assert.True(t, tc.metAt.Equal(got.MetAt), "met at %v, want %v", got.MetAt, tc.metAt)
			assert.True(t, deadline.Equal(got.Deadline))

			rep, err := playbook.ReportGoals([]playbook.Touchpoint{tp}, tc.obs, tc.asOf, &playbook.GoalReportOptions{MinTouchpoints: 1})
			require.NoError(t, err)
			r := findRate(t, rep, playbook.ByGoal, playbook.GoalRateKey{Goal: playbook.GoalLoggedIn})
			assert.Equal(t, tc.status == playbook.GoalMet, r.Met == 1)
			assert.Equal(t, tc.status == playbook.GoalMissed, r.Missed == 1)
			assert.Equal(t, tc.status == playbook.GoalPending, r.Pending == 1)
		})
	}
}

func findRate(t *testing.T, rep *playbook.GoalReport, by playbook.Dimension, key playbook.GoalRateKey) playbook.GoalRate {
	t.Helper()
	for _, r := range rep.Rates {
		if r.By == by && r.Key == key {
			return r
		}
	}
	t.Fatalf("no rate for %s %+v", by, key)
	return playbook.GoalRate{}
}

// reportFixture is the hand-computed case of TestReportGoals, as of day 10:
//
//	save v1 / email (email, logged_in 7d, day 0): a1, a2, a3 log in, a4 not: 3 met, 1 missed
//	save v1 / call (call, attended_training 14d): a1 (day -10) attends day -5: met;
//	    a2 (day -10) never: missed (deadline day 4); a5 (day 5): pending (deadline day 19)
//	outside a play (email, replied 3d, day 0): a6 replies day 1: met
func reportFixture() ([]playbook.Touchpoint, []playbook.GoalObservation) {
	run := uuid.MustParse("0190d7a0-0000-7000-8000-000000000001")
	fromPlay := func(tp playbook.Touchpoint, step string) playbook.Touchpoint {
		tp.PlayID, tp.PlayVersion, tp.StepID, tp.RunID = "save", 1, step, run
		return tp
	}
	call := func(id string, acct success.AccountID, at time.Time) playbook.Touchpoint {
		tp := loginTouch(id, acct, at)
		tp.Channel = playbook.ChannelCall
		tp.Goal = playbook.Goal{Kind: playbook.GoalAttendedTraining, Subject: "admin-basics", WithinDays: 14}
		return fromPlay(tp, "call")
	}
	reply := loginTouch("r6", "a6", tday(0))
	reply.Goal = playbook.Goal{Kind: playbook.GoalReplied, WithinDays: 3}
	tps := []playbook.Touchpoint{
		fromPlay(loginTouch("e1", "a1", tday(0)), "email"),
		fromPlay(loginTouch("e2", "a2", tday(0)), "email"),
		fromPlay(loginTouch("e3", "a3", tday(0)), "email"),
		fromPlay(loginTouch("e4", "a4", tday(0)), "email"),
		call("c1", "a1", tday(-10)),
		call("c2", "a2", tday(-10)),
		call("c5", "a5", tday(5)),
		reply,
	}
	obs := []playbook.GoalObservation{
		login("a1", tday(1)), login("a2", tday(3)), login("a3", tday(7)), login("a4", tday(8)),
		{Account: "a1", Kind: playbook.GoalAttendedTraining, Subject: "admin-basics", At: tday(-5)},
		{Account: "a6", Kind: playbook.GoalReplied, At: tday(1)},
	}
	return tps, obs
}

// TestReportGoals checks hand-computed rates and Wilson bounds at z = 1.96:
//
//	centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·sqrt(p(1-p)/n + z²/4n²)
//	3/4: p 0.75,   z²/n 0.9604,  centre 0.62752, half 0.32689 -> [0.30064, 0.95441]
//	4/6: p 0.6667, z²/n 0.64027, centre 0.60161, half 0.30162 -> [0.29999, 0.90323]
//	4/5: p 0.8,    z²/n 0.76832, centre 0.66965, half 0.29412 -> [0.37553, 0.96378]
func TestReportGoals(t *testing.T) {
	tps, obs := reportFixture()
	rep, err := playbook.ReportGoals(tps, obs, tday(10), &playbook.GoalReportOptions{MinTouchpoints: 3, Z: 1.96})
	require.NoError(t, err)
	type want struct {
		by                      playbook.Dimension
		key                     playbook.GoalRateKey
		n, met, missed, pending int
		insufficient            bool
		rate, low, high         float64
	}
	tests := []want{
		{playbook.ByPlay, playbook.GoalRateKey{PlayID: "save", PlayVersion: 1}, 7, 4, 2, 1, false, 4.0 / 6, 0.29999, 0.90323},
		{playbook.ByStep, playbook.GoalRateKey{PlayID: "save", PlayVersion: 1, StepID: "call"}, 3, 1, 1, 1, true, 0, 0, 0},
		{playbook.ByStep, playbook.GoalRateKey{PlayID: "save", PlayVersion: 1, StepID: "email"}, 4, 3, 1, 0, false, 0.75, 0.30064, 0.95441},
		{playbook.ByChannel, playbook.GoalRateKey{Channel: playbook.ChannelCall}, 3, 1, 1, 1, true, 0, 0, 0},
		{playbook.ByChannel, playbook.GoalRateKey{Channel: playbook.ChannelEmail}, 5, 4, 1, 0, false, 0.8, 0.37553, 0.96378},
		{playbook.ByGoal, playbook.GoalRateKey{Goal: playbook.GoalAttendedTraining}, 3, 1, 1, 1, true, 0, 0, 0},
		{playbook.ByGoal, playbook.GoalRateKey{Goal: playbook.GoalLoggedIn}, 4, 3, 1, 0, false, 0.75, 0.30064, 0.95441},
		{playbook.ByGoal, playbook.GoalRateKey{Goal: playbook.GoalReplied}, 1, 1, 0, 0, true, 0, 0, 0},
	}
	require.Len(t, rep.Rates, len(tests), "one rate per group, in order")
	for i, w := range tests {
		r := rep.Rates[i]
		assert.Equal(t, w.by, r.By, "rates[%d]", i)
		assert.Equal(t, w.key, r.Key, "rates[%d]", i)
		assert.Equal(t, [4]int{w.n, w.met, w.missed, w.pending}, [4]int{r.Touchpoints, r.Met, r.Missed, r.Pending}, "rates[%d] counts", i)
		assert.Equal(t, w.insufficient, r.InsufficientData, "rates[%d]", i)
		assert.InDelta(t, w.rate, r.Rate, 1e-9, "rates[%d]", i)
		assert.InDelta(t, w.low, r.Low, 1e-5, "rates[%d] low", i)
		assert.InDelta(t, w.high, r.High, 1e-5, "rates[%d] high", i)
	}
}

func TestReportGoalsDefaultsAndWilsonEdges(t *testing.T) {
	var tps []playbook.Touchpoint
	var obs []playbook.GoalObservation
	for i := range 10 {
		acct := success.AccountID("a" + string(rune('0'+i)))
		tps = append(tps, loginTouch("t"+string(rune('0'+i)), acct, tp0))
		obs = append(obs, login(acct, tday(1)))
	}
	rep, err := playbook.ReportGoals(tps[:9], obs, tday(30), nil)
	require.NoError(t, err)
	assert.Equal(t, playbook.DefaultMinTouchpoints, rep.MinTouchpoints)
	assert.True(t, rep.Rates[0].InsufficientData, "9 < default minimum 10")

	rep, err = playbook.ReportGoals(tps, obs, tday(30), nil)
	require.NoError(t, err)
	r := rep.Rates[0]
	require.False(t, r.InsufficientData)
	// 10/10 at z 1.959964: centre = (1 + 0.19207)/1.38415 = 0.86123, half 0.13877
	assert.Equal(t, 1.0, r.Rate)
	assert.InDelta(t, 0.72247, r.Low, 1e-5)
	assert.Equal(t, 1.0, r.High)

	rep, err = playbook.ReportGoals(tps[:3], nil, tday(30), &playbook.GoalReportOptions{MinTouchpoints: 3, Z: 1.96})
	require.NoError(t, err)
	r = rep.Rates[0]
	assert.Equal(t, 0.0, r.Rate)
	assert.Equal(t, 0.0, r.Low)
	assert.InDelta(t, 0.56151, r.High, 1e-5, "0/3")
}

func TestGoalRateJSONInsufficientIsNull(t *testing.T) {
	tps, obs := reportFixture()
	rep, err := playbook.ReportGoals(tps, obs, tday(10), &playbook.GoalReportOptions{MinTouchpoints: 3, Z: 1.96})
	require.NoError(t, err)
	b, err := json.Marshal(rep.Rates[1])
	require.NoError(t, err)
	assert.JSONEq(t, `{"by":"step","key":{"play_id":"save","play_version":1,"step_id":"call"},
		"touchpoints":3,"met":1,"missed":1,"pending":1,"insufficient_data":true,"rate":null,"low":null,"high":null}`, string(b))
	b, err = json.Marshal(rep.Rates[2])
	require.NoError(t, err)
	assert.Contains(t, string(b), `"rate":0.75`)
	assert.Contains(t, string(b), `"insufficient_data":false`)
}

// TestReportGoalsBadInput checks that errors name the record by index and
// ID and never quote what the host wrote in free-text-like fields.
func TestReportGoalsBadInput(t *testing.T) {
	const secret = "jane.doe@example.com"
	ok := loginTouch("t1", "a1", tp0)
	tests := []struct {
		name  string
		tps   func() []playbook.Touchpoint
		obs   []playbook.GoalObservation
		paths []string
	}{
		{"bad channel and role", func() []playbook.Touchpoint {
			tp := ok
			tp.Channel, tp.Recipient = secret, secret
			return []playbook.Touchpoint{ok, tp}
		}, nil, []string{`touchpoints[1] (id "t1").channel`, `touchpoints[1] (id "t1").recipient`, `touchpoints[1] (id "t1"): repeats the id of touchpoints[0]`}},
		{"personal id is not quoted", func() []playbook.Touchpoint {
			tp := ok
			tp.ID, tp.At = secret, time.Time{}
			return []playbook.Touchpoint{tp}
		}, nil, []string{`touchpoints[0].at`}},
		{"goal", func() []playbook.Touchpoint {
			tp := ok
			tp.Goal = playbook.Goal{Kind: "", Subject: secret, WithinDays: 0}
			return []playbook.Touchpoint{tp}
		}, nil, []string{`goal.kind`, `goal.subject`, `goal.within_days`}},
		{"half a play", func() []playbook.Touchpoint {
			tp := ok
			tp.PlayID = "save"
			return []playbook.Touchpoint{tp}
		}, nil, []string{`touchpoints[0] (id "t1").play_id`}},
		{"observation", func() []playbook.Touchpoint { return []playbook.Touchpoint{ok} },
			[]playbook.GoalObservation{login("a1", tday(1)), {Account: "a1", Kind: secret, Subject: secret}},
			[]string{`observations[1].kind`, `observations[1].subject`, `observations[1].at`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := playbook.ReportGoals(tc.tps(), tc.obs, tday(10), nil)
			require.Error(t, err)
			assert.True(t, errors.Is(err, playbook.ErrInvalid))
			for _, p := range tc.paths {
				assert.Contains(t, err.Error(), p)
			}
			assert.NotContains(t, err.Error(), secret)
			assert.False(t, strings.Contains(err.Error(), "jane"))
		})
	}
	_, err := playbook.ReportGoals(nil, nil, time.Time{}, &playbook.GoalReportOptions{MinTouchpoints: -1, Z: -1})
	require.ErrorIs(t, err, playbook.ErrInvalid)
	for _, p := range []string{"as_of", "opts.min_touchpoints", "opts.z"} {
		assert.Contains(t, err.Error(), p)
	}
}

func TestTouchpointValidate(t *testing.T) {
	require.NoError(t, loginTouch("t1", "a1", tp0).Validate())
	tp := loginTouch("t1", "a1", tp0)
	tp.PlayID, tp.PlayVersion, tp.StepID, tp.RunID = "save", 1, "email", uuid.MustParse("0190d7a0-0000-7000-8000-000000000001")
	require.NoError(t, tp.Validate())
	tp.Goal.WithinDays = 3661
	require.ErrorContains(t, tp.Validate(), "goal.within_days")
}

func TestGoalEnumsDecode(t *testing.T) {
	var s playbook.GoalStatus
	require.NoError(t, json.Unmarshal([]byte(`"missed"`), &s))
	assert.Equal(t, playbook.GoalMissed, s)
	require.ErrorIs(t, json.Unmarshal([]byte(`"late"`), &s), playbook.ErrInvalid)
	var d playbook.Dimension
	require.NoError(t, json.Unmarshal([]byte(`"channel"`), &d))
	assert.Equal(t, playbook.ByChannel, d)
	require.ErrorIs(t, json.Unmarshal([]byte(`"account"`), &d), playbook.ErrInvalid)
	require.ErrorIs(t, playbook.Channel("in app").Validate(), playbook.ErrInvalid)
	require.NoError(t, playbook.Channel("webinar").Validate(), "hosts add channels of name shape")
	require.NoError(t, playbook.GoalKind("booked_qbr").Validate(), "hosts add goal kinds of name shape")
}
