package playbook_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const saveJSON = `{"plays": [
  {"id": "save-red", "version": 1, "name": "Save a red account", "type": "risk", "priority": 90, "owner": "csm",
   "trigger": {"kind": "health_band_entered", "band": "red"},
   "steps": [
     {"id": "call", "title": "Call the sponsor", "required": true, "due_days": 2},
     {"id": "plan", "title": "Agree a recovery plan", "required": true, "due_days": 5, "due_from": "previous_step"}],
   "exit": {"condition": {"kind": "score_at_least", "points": 50}, "hold_for_days": 14, "margin": 10}}]}`

func load(t *testing.T, doc string) ([]playbook.Play, error) {
	t.Helper()
	return playbook.LoadPlays(strings.NewReader(doc), playbook.LoadOptions{})
}

func TestLoadPlaysEqualsGo(t *testing.T) {
	plays, err := load(t, saveJSON)
	require.NoError(t, err)
	assert.Equal(t, []playbook.Play{savePlay()}, plays)
}

// richPlay uses every trigger kind and every field, for round trips.
func richPlay() playbook.Play {
	p := savePlay()
	p.ID, p.Description = "rich", "every kind"
	p.Trigger = playbook.Trigger{Kind: playbook.Any, Clauses: []playbook.Trigger{
		{Kind: playbook.HealthBandEntered, Band: "red"}, {Kind: playbook.HealthBand, Band: "yellow"},
		{Kind: playbook.ScoreAtLeast, Points: 12.5}, {Kind: playbook.ScoreBelow, Points: 30},
		{Kind: playbook.ScoreDropped, Points: 15, WindowDays: 30},
		{Kind: playbook.ChurnSignal, Signals: []churn.SignalKind{churn.DropOff, churn.NeverActivated}},
		{Kind: playbook.RenewalWithin, Days: 90},
		{Kind: playbook.MilestoneAchieved, Milestone: "kickoff", Days: 7}, {Kind: playbook.MilestoneOverdue},
		{Kind: playbook.OutcomeStatus, Outcome: "nps", Statuses: []success.OutcomeStatus{success.Behind, success.Stale}},
		{Kind: playbook.OutcomeAchieved}, {Kind: playbook.StageEntered, Stage: success.StageRenewal},
		{Kind: playbook.FitVerdict, Verdict: success.BadFit}, {Kind: playbook.ReadinessReached, Level: expansion.Ready},
		{Kind: playbook.SecondPurchaseNudge}, {Kind: playbook.NPS, NPS: playbook.Detractor},
		{Kind: playbook.Not, Clauses: []playbook.Trigger{{Kind: playbook.HostPredicate, Predicate: "vip"}}},
	}}
	p.Steps = append(p.Steps, playbook.Step{ID: "later", Title: "Later", Description: "d", Owner: "am", DueDays: 1,
		Wait: &playbook.Wait{Until: playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{
			{Kind: playbook.ActiveSince}, {Kind: playbook.StepCompleted, Step: "plan"}}}, MaxDays: 7}})
	p.Suppression = playbook.Suppression{Key: playbook.KeyCustom, CustomKey: "region", WhenOpen: playbook.Refresh,
		ReEntry: playbook.OnlyIfUnsuccessful, CooldownDays: 30,
		Limits: playbook.Limits{MaxOpenPerPlay: 100, MaxOpenPerOwner: 10, MaxOpenPerAccount: 3}}
	return p
}

func TestPlayJSONRoundTrip(t *testing.T) {
	for _, p := range append([]playbook.Play{savePlay(), richPlay()}, playbook.SecondSaleLibrary()...) {
		require.NoError(t, p.Validate(), p.ID)
		b, err := json.Marshal(struct {
			Plays []playbook.Play `json:"plays"`
		}{[]playbook.Play{p}})
		require.NoError(t, err)
		got, err := load(t, string(b))
		require.NoError(t, err, p.ID)
		assert.Equal(t, []playbook.Play{p}, got, p.ID)

		one, err := json.Marshal(p)
		require.NoError(t, err)
		var back playbook.Play
		require.NoError(t, json.Unmarshal(one, &back))
		assert.Equal(t, p, back)
	}
}

func TestLoadPlaysEveryProblem(t *testing.T) {
	doc := `{"plays": [
	  {"id": "a", "version": 1, "name": "A", "type": "risk", "owner": "csm", "colour": "red",
	   "trigger": {"kind": "all", "clauses": [{"kind": "band_left", "band": "red"}, {"kind": "score_dropped", "points": "ten", "window_days": 30}]},
	   "steps": [{"id": "s", "title": "S", "due_days": -1}]},
	  {"id": "b", "version": 1, "name": "B", "type": "risk", "owner": "csm",
	   "trigger": {"kind": "nps", "nps": "fan"}, "steps": []},
	  {"id": "a", "version": 1, "name": "A again", "type": "risk", "owner": "csm",
	   "trigger": {"kind": "outcome_achieved"}, "steps": [{"id": "s", "title": "S", "due_days": 0, "due_from": "whenever"}]}]}`
	_, err := load(t, doc)
	assert.Equal(t, []string{
		`plays[0].trigger.clauses[0].kind: unknown trigger kind "band_left" (want all, any, not, health_band_entered, health_band, score_at_least, score_below, score_dropped, churn_signal, renewal_within, milestone_achieved, milestone_overdue, outcome_status, outcome_achieved, stage_entered, fit_verdict, readiness_reached, second_purchase_nudge, nps, predicate, active_since or step_completed)`,
		`plays[0].trigger.clauses[1].points: must be a number, got a string`,
		"plays[0].colour: unknown field",
		`plays[1].trigger.nps: unknown NPS category "fan" (want promoter, passive or detractor)`,
		`plays[2].steps[0].due_from: unknown due from "whenever" (want run_start or previous_step)`,
		"plays[0].steps[0].due_days: must be within 0..3660",
		"plays[1].steps: a play needs at least one step",
		`plays[2].version: play "a" version 1 is also plays[0]`,
	}, problems(t, err))
}

func TestLoadPlaysBadDocuments(t *testing.T) {
	deep := `{"plays": [{"trigger": ` + strings.Repeat(`{"kind": "not", "clauses": [`, 20) + `{}` + strings.Repeat(`]}`, 20) + `}]}`
	tests := []struct{ name, doc, want string }{
		{"empty", ``, ": malformed JSON"},
		{"not an object", `[]`, ""},
		{"no plays", `{}`, "plays: "},
		{"trailing data", `{"plays": []} {}`, ": "},
		{"too deep", deep, ": nests deeper than 23 levels (triggers nest at most 8 deep)"},
		{"predicate unregistered", strings.Replace(saveJSON, `{"kind": "health_band_entered", "band": "red"}`, `{"kind": "predicate", "predicate": "vip"}`, 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := playbook.LoadPlays(strings.NewReader(tt.doc), playbook.LoadOptions{Predicates: playbook.Predicates{}})
			ps := problems(t, err)
			require.NotEmpty(t, ps)
			assert.True(t, strings.HasPrefix(ps[0], tt.want), ps[0])
		})
	}
	plays, err := load(t, `{"plays": []}`)
	require.NoError(t, err)
	assert.Empty(t, plays)

	var many bytes.Buffer
	many.WriteString(`{"plays": [`)
	for i := range playbook.MaxPlays + 1 {
		if i > 0 {
			many.WriteString(",")
		}
		many.WriteString("{}")
	}
	many.WriteString("]}")
	_, err = load(t, many.String())
	assert.Equal(t, []string{"plays: at most 1000 plays in a document, got 1001"}, problems(t, err))
}

func TestPlayUnmarshalJSONValidates(t *testing.T) {
	var p playbook.Play
	err := json.Unmarshal([]byte(`{"id": "x", "version": 0, "name": "X", "type": "risk", "owner": "csm", "trigger": {"kind": "outcome_achieved"}, "steps": [{"id": "s", "title": "S", "due_days": 1}]}`), &p)
	assert.Equal(t, []string{"version: must be >= 1"}, problems(t, err))
	assert.Equal(t, playbook.Play{}, p, "unchanged on error")
}

// A structural problem in one clause does not hide the rule problems of
// the others.
func TestLoadPlaysClauseProblemsApart(t *testing.T) {
	doc := `{"plays": [{"id": "x", "version": 1, "name": "X", "type": "risk", "owner": "csm",
	  "trigger": {"kind": "any", "clauses": [{"kind": "outcome_status", "statuses": ["late"]}, {"kind": "nps", "nps": null},
	    {"kind": "score_dropped", "points": "5", "window_days": 0}]},
	  "steps": [{"id": "s", "title": "S", "due_days": 1}]}]}`
	_, err := load(t, doc)
	assert.Equal(t, []string{
		`plays[0].trigger.clauses[0].statuses[0]: unknown outcome status "late" (want not_started, on_track, behind, stale, stuck, achieved or missed)`,
		"plays[0].trigger.clauses[2].points: must be a number, got a string",
		"plays[0].trigger.clauses[1].nps: must be set",
		"plays[0].trigger.clauses[2].window_days: must be within 1..3660",
	}, problems(t, err))
}

// The deepest trigger validation allows loads, in a wait too.
func TestLoadPlaysDeepestTrigger(t *testing.T) {
	p := savePlay()
	deep := playbook.Trigger{Kind: playbook.ChurnSignal, Signals: []churn.SignalKind{churn.Decline}}
	for range playbook.MaxTriggerDepth - 1 {
		deep = playbook.Trigger{Kind: playbook.Not, Clauses: []playbook.Trigger{deep}}
	}
	p.Trigger = deep
	p.Exit.Condition = deep
	p.Steps[1].Wait = &playbook.Wait{Until: deep, MaxDays: 3}
	require.NoError(t, p.Validate())
	b, err := json.Marshal(map[string]any{"plays": []playbook.Play{p}})
	require.NoError(t, err)
	got, err := load(t, string(b))
	require.NoError(t, err)
	assert.Equal(t, []playbook.Play{p}, got)
}
