package playbook_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func leaf(k playbook.TriggerKind) playbook.Trigger { return playbook.Trigger{Kind: k} }

func TestTriggerKinds(t *testing.T) {
	type test struct {
		name    string
		trigger playbook.Trigger
		facts   func(f *playbook.Facts) // changes to baseFacts; nil for none
		want    bool
		numbers []playbook.Number // of the root clause; nil: not checked
		reason  string            // of the root clause; "": not checked
	}
	n := func(name string, v float64) playbook.Number { return playbook.Number{Name: name, Value: v} }
	tests := []test{
		{name: "band entered", trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "red"}, want: true,
			numbers: []playbook.Number{n("score", 42), n("previous_score", 61)}, reason: "band yellow -> red, want to enter red"},
		{name: "band entered: already there", trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "red"},
			facts: func(f *playbook.Facts) { f.HealthHistory[1] = hscore(day(-7), 45, "red") }, want: false},
		{name: "band entered: first score", trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "red"},
			facts: func(f *playbook.Facts) { f.HealthHistory = nil }, want: true, reason: "band red (no previous score), want to enter red"},
		{name: "band entered: other band", trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "green"}, want: false},
		{name: "band entered: unavailable previous is skipped", trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "red"},
			facts: func(f *playbook.Facts) {
				f.HealthHistory[0] = hscore(day(-20), 40, "red")
				f.HealthHistory[1].Available = false
			}, want: false},
		{name: "band entered: no score", trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "red"},
			facts: func(f *playbook.Facts) { f.Health = nil }, want: false, reason: "no available health score"},
		{name: "band entered: override is what counts", trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "red"},
			facts: func(f *playbook.Facts) { f.Health.ReportedBand, f.Health.ReportedValue = "yellow", 55 }, want: false},
		{name: "band", trigger: playbook.Trigger{Kind: playbook.HealthBand, Band: "red"}, want: true},
		{name: "score at least", trigger: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 40}, want: true,
			numbers: []playbook.Number{n("score", 42), n("points", 40)}},
		{name: "score at least: below", trigger: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 43}, want: false},
		{name: "score below", trigger: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 43}, want: true},
		{name: "score below: equal", trigger: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 42}, want: false},
		{name: "score dropped", trigger: playbook.Trigger{Kind: playbook.ScoreDropped, Points: 25, WindowDays: 30}, want: true,
			numbers: []playbook.Number{n("score", 42), n("highest", 70), n("drop", 28), n("points", 25), n("window_days", 30)}},
		{name: "score dropped: window excludes the high", trigger: playbook.Trigger{Kind: playbook.ScoreDropped, Points: 25, WindowDays: 10}, want: false,
			numbers: []playbook.Number{n("score", 42), n("highest", 61), n("drop", 19), n("points", 25), n("window_days", 10)}},
		{name: "score dropped: nothing earlier", trigger: playbook.Trigger{Kind: playbook.ScoreDropped, Points: 5, WindowDays: 3}, want: false,
			reason: "no earlier score in the window"},
		{name: "churn signal: any kind", trigger: leaf(playbook.ChurnSignal), want: true,
			numbers: []playbook.Number{n("signals", 2)}, reason: "signals drop_off, decline"},
		{name: "churn signal: kind", trigger: playbook.Trigger{Kind: playbook.ChurnSignal, Signals: []churn.SignalKind{churn.Decline}}, want: true,
			numbers: []playbook.Number{n("signals", 1)}},
		{name: "churn signal: other kind", trigger: playbook.Trigger{Kind: playbook.ChurnSignal, Signals: []churn.SignalKind{churn.SupportSpike}}, want: false},
		{name: "renewal within", trigger: playbook.Trigger{Kind: playbook.RenewalWithin, Days: 90}, want: true,
			numbers: []playbook.Number{n("days_to_renewal", 80), n("days", 90)}},
		{name: "renewal within: not yet", trigger: playbook.Trigger{Kind: playbook.RenewalWithin, Days: 30}, want: false},
		{name: "renewal within: passed", trigger: playbook.Trigger{Kind: playbook.RenewalWithin, Days: 90},
			facts: func(f *playbook.Facts) { f.Account.RenewalDate = day(-1) }, want: false},
		{name: "renewal within: no date", trigger: playbook.Trigger{Kind: playbook.RenewalWithin, Days: 90},
			facts: func(f *playbook.Facts) { f.Account.RenewalDate = time.Time{} }, want: false, reason: "no renewal date"},
		{name: "milestone achieved: any", trigger: leaf(playbook.MilestoneAchieved), want: true, reason: "milestone kickoff done"},
		{name: "milestone achieved: recently", trigger: playbook.Trigger{Kind: playbook.MilestoneAchieved, Days: 30}, want: false},
		{name: "milestone achieved: named, not done", trigger: playbook.Trigger{Kind: playbook.MilestoneAchieved, Milestone: "sso"}, want: false},
		{name: "milestone overdue: any required", trigger: leaf(playbook.MilestoneOverdue), want: true,
			numbers: []playbook.Number{n("days_overdue", 3)}, reason: "milestone training overdue"},
		{name: "milestone overdue: optional ignored", trigger: leaf(playbook.MilestoneOverdue),
			facts: func(f *playbook.Facts) { f.Milestones.Milestones[1].Required = false }, want: false},
		{name: "milestone overdue: named optional", trigger: playbook.Trigger{Kind: playbook.MilestoneOverdue, Milestone: "training"},
			facts: func(f *playbook.Facts) { f.Milestones.Milestones[1].Required = false }, want: true},
		{name: "milestone: none assessed", trigger: leaf(playbook.MilestoneOverdue),
			facts: func(f *playbook.Facts) { f.Milestones = nil }, want: false, reason: "no milestone assessment"},
		{name: "outcome status", trigger: playbook.Trigger{Kind: playbook.OutcomeStatus, Statuses: []success.OutcomeStatus{success.Behind, success.Stuck, success.Stale}}, want: true,
			numbers: []playbook.Number{n("progress", 0.1), n("expected", 0.5)}, reason: "outcome nps stuck"},
		{name: "outcome status: named other", trigger: playbook.Trigger{Kind: playbook.OutcomeStatus, Outcome: "tickets", Statuses: []success.OutcomeStatus{success.Stuck}}, want: false},
		{name: "outcome achieved: no", trigger: leaf(playbook.OutcomeAchieved), want: false, reason: "Desired Outcome not achieved"},
		{name: "outcome achieved", trigger: leaf(playbook.OutcomeAchieved),
			facts: func(f *playbook.Facts) { f.DesiredOutcome.Achieved = true }, want: true, reason: "Desired Outcome achieved"},
		{name: "stage entered", trigger: playbook.Trigger{Kind: playbook.StageEntered, Stage: success.StageAdoption}, want: true, reason: "stage adoption"},
		{name: "stage entered: other", trigger: playbook.Trigger{Kind: playbook.StageEntered, Stage: success.StageRenewal}, want: false},
		{name: "fit verdict", trigger: playbook.Trigger{Kind: playbook.FitVerdict, Verdict: success.BadFit}, want: true},
		{name: "fit verdict: unknown fit", trigger: playbook.Trigger{Kind: playbook.FitVerdict, Verdict: success.BadFit},
			facts: func(f *playbook.Facts) { f.Fit = "" }, want: false},
		{name: "readiness reached", trigger: playbook.Trigger{Kind: playbook.ReadinessReached, Level: expansion.Nurture}, want: true,
			numbers: []playbook.Number{n("readiness_score", 55)}},
		{name: "readiness reached: not yet", trigger: playbook.Trigger{Kind: playbook.ReadinessReached, Level: expansion.Ready}, want: false},
		{name: "second purchase nudge", trigger: leaf(playbook.SecondPurchaseNudge), want: true,
			numbers: []playbook.Number{n("days_since_first_sale", 40), n("due_within_days", 30)}, reason: "no second purchase yet, though one was due"},
		{name: "second purchase nudge: no flag", trigger: leaf(playbook.SecondPurchaseNudge),
			facts: func(f *playbook.Facts) { f.Readiness.Flags = nil }, want: false},
		{name: "nps promoter", trigger: playbook.Trigger{Kind: playbook.NPS, NPS: playbook.Promoter}, want: true,
			numbers: []playbook.Number{n("nps", 9)}, reason: "promoter"},
		{name: "nps detractor", trigger: playbook.Trigger{Kind: playbook.NPS, NPS: playbook.Detractor},
			facts: func(f *playbook.Facts) { f.NPS = ptr(6) }, want: true},
		{name: "nps passive is neither", trigger: playbook.Trigger{Kind: playbook.NPS, NPS: playbook.Promoter},
			facts: func(f *playbook.Facts) { f.NPS = ptr(8) }, want: false},
		{name: "nps none", trigger: playbook.Trigger{Kind: playbook.NPS, NPS: playbook.Detractor},
			facts: func(f *playbook.Facts) { f.NPS = nil }, want: false, reason: "no NPS response"},
		{name: "predicate", trigger: playbook.Trigger{Kind: playbook.HostPredicate, Predicate: "emea"}, want: true, reason: "region is emea"},
	}
	preds := playbook.Predicates{"emea": func(f *playbook.Facts) (bool, string, error) {
		v := f.Custom["region"]
		s, _ := v.Str()
		return s == "emea", "region is emea", nil
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := baseFacts()
			if tt.facts != nil {
				tt.facts(f)
			}
			require.NoError(t, tt.trigger.Validate())
			m, err := tt.trigger.Match(f, preds)
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Matched)
			require.Len(t, m.Clauses, 1)
			c := m.Clauses[0]
			assert.Equal(t, "trigger", c.Path)
			assert.Equal(t, tt.trigger.Kind, c.Kind)
			assert.Equal(t, tt.want, c.Matched)
			if tt.numbers != nil {
				require.Len(t, c.Numbers, len(tt.numbers))
				for i, want := range tt.numbers {
					assert.Equal(t, want.Name, c.Numbers[i].Name)
					assert.InDelta(t, want.Value, c.Numbers[i].Value, 1e-9, want.Name)
				}
			}
			if tt.reason != "" {
				assert.Equal(t, tt.reason, c.Reason)
			}
			held, err := tt.trigger.Holds(f, preds)
			require.NoError(t, err)
			assert.Equal(t, tt.want, held, "Holds agrees with Match")
		})
	}
}

func TestTriggerCombinators(t *testing.T) {
	red := playbook.Trigger{Kind: playbook.HealthBand, Band: "red"}
	green := playbook.Trigger{Kind: playbook.HealthBand, Band: "green"}
	promoter := playbook.Trigger{Kind: playbook.NPS, NPS: playbook.Promoter}
	tests := []struct {
		name    string
		trigger playbook.Trigger
		want    bool
		paths   []string
		matched []bool
	}{
		{"all", playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{red, promoter}}, true,
			[]string{"trigger", "trigger.clauses[0]", "trigger.clauses[1]"}, []bool{true, true, true}},
		{"all stops at the first miss", playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{green, promoter}}, false,
			[]string{"trigger", "trigger.clauses[0]"}, []bool{false, false}},
		{"any stops at the first hit", playbook.Trigger{Kind: playbook.Any, Clauses: []playbook.Trigger{green, red, promoter}}, true,
			[]string{"trigger", "trigger.clauses[0]", "trigger.clauses[1]"}, []bool{true, false, true}},
		{"not", playbook.Trigger{Kind: playbook.Not, Clauses: []playbook.Trigger{green}}, true,
			[]string{"trigger", "trigger.clauses[0]"}, []bool{true, false}},
		{"nested", playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{
			{Kind: playbook.Not, Clauses: []playbook.Trigger{green}},
			{Kind: playbook.Any, Clauses: []playbook.Trigger{green, promoter}}}}, true,
			[]string{"trigger", "trigger.clauses[0]", "trigger.clauses[0].clauses[0]", "trigger.clauses[1]", "trigger.clauses[1].clauses[0]", "trigger.clauses[1].clauses[1]"},
			[]bool{true, true, false, true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.trigger.Validate())
			m, err := tt.trigger.Match(baseFacts(), nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Matched)
			var paths []string
			var matched []bool
			for _, c := range m.Clauses {
				paths = append(paths, c.Path)
				matched = append(matched, c.Matched)
			}
			assert.Equal(t, tt.paths, paths)
			assert.Equal(t, tt.matched, matched)
		})
	}
}

func TestRenewalCheckpoint(t *testing.T) {
	any3 := playbook.Trigger{Kind: playbook.Any, Clauses: []playbook.Trigger{
		{Kind: playbook.RenewalWithin, Days: 30}, {Kind: playbook.RenewalWithin, Days: 90}, {Kind: playbook.RenewalWithin, Days: 180}}}
	f := baseFacts() // renewal in 80 days
	m, err := any3.Match(f, nil)
	require.NoError(t, err)
	assert.True(t, m.Matched)
	assert.Equal(t, "renewal 2026-05-20 within 90d", m.Checkpoint)
	held, cp, err := any3.Check(f, nil)
	require.NoError(t, err)
	assert.True(t, held)
	assert.Equal(t, m.Checkpoint, cp, "Check agrees with Match")

	all2 := playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{
		{Kind: playbook.RenewalWithin, Days: 180}, {Kind: playbook.RenewalWithin, Days: 90}}}
	m, err = all2.Match(f, nil)
	require.NoError(t, err)
	assert.Equal(t, "renewal 2026-05-20 within 90d", m.Checkpoint, "the fewest days among those that held")

	only180 := playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{
		{Kind: playbook.RenewalWithin, Days: 180}, {Kind: playbook.Not, Clauses: []playbook.Trigger{{Kind: playbook.RenewalWithin, Days: 30}}}}}
	m, err = only180.Match(f, nil)
	require.NoError(t, err)
	assert.Equal(t, "renewal 2026-05-20 within 180d", m.Checkpoint, "a clause under not sets no checkpoint")

	f.Account.RenewalDate = day(150)
	m, err = any3.Match(f, nil)
	require.NoError(t, err)
	assert.Equal(t, "renewal 2026-07-29 within 180d", m.Checkpoint)
}

func TestTriggerErrors(t *testing.T) {
	f := baseFacts()
	tests := []struct {
		name    string
		trigger playbook.Trigger
		want    string
	}{
		{"unknown kind", playbook.Trigger{Kind: "health_band_exited"}, `trigger.kind: unknown trigger kind "health_band_exited"`},
		{"unregistered predicate", playbook.Trigger{Kind: playbook.HostPredicate, Predicate: "vip"}, `trigger.predicate: no predicate "vip" registered`},
		{"wait-only kind", leaf(playbook.ActiveSince), "trigger: active_since is only valid in a step's wait"},
		{"empty all", leaf(playbook.All), "trigger.clauses: must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.trigger.Match(f, nil)
			require.ErrorIs(t, err, playbook.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
			_, err = tt.trigger.Holds(f, nil)
			require.ErrorIs(t, err, playbook.ErrInvalid)
		})
	}
	_, err := tests[0].trigger.Match(nil, nil)
	require.ErrorIs(t, err, playbook.ErrInvalid)
	_, _, err = tests[0].trigger.Check(nil, nil)
	require.ErrorIs(t, err, playbook.ErrInvalid)
	boom := errors.New("boom")
	tr := playbook.Trigger{Kind: playbook.HostPredicate, Predicate: "p"}
	_, err = tr.Match(f, playbook.Predicates{"p": func(*playbook.Facts) (bool, string, error) { return false, "", boom }})
	require.ErrorIs(t, err, boom)
	require.ErrorIs(t, err, playbook.ErrInvalid)
}

func TestWaitConditions(t *testing.T) {
	f := baseFacts() // last active two days ago
	wait := playbook.Trigger{Kind: playbook.Any, Clauses: []playbook.Trigger{
		leaf(playbook.ActiveSince), {Kind: playbook.StepCompleted, Step: "call"}}}
	tests := []struct {
		name      string
		since     time.Time
		completed map[string]time.Time
		want      bool
	}{
		{"logged in after the wait began", day(-3), nil, true},
		{"not since", day(-1), nil, false},
		{"the step it waits for is done", day(-1), map[string]time.Time{"call": day(-1)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := wait.MatchIn(f, playbook.Env{Since: tt.since, Completed: tt.completed}, "steps[1].wait.until")
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Matched)
			assert.Equal(t, "steps[1].wait.until.clauses[0]", m.Clauses[1].Path)
		})
	}
	done := playbook.Trigger{Kind: playbook.StepCompleted, Step: "call"}
	_, err := done.Match(f, nil)
	require.ErrorIs(t, err, playbook.ErrInvalid)
}

// A Match is what a trace stores: it round-trips through JSON.
func TestMatchJSONRoundTrip(t *testing.T) {
	p := libraryPlay(t, "renewal-90")
	m, err := p.Trigger.Match(baseFacts(), nil)
	require.NoError(t, err)
	require.True(t, m.Matched)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var back playbook.Match
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, m, back)
	assert.Contains(t, string(b), `"path":"trigger.clauses[1].clauses[0]"`)
}
