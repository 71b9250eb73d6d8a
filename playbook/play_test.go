package playbook_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// savePlay is a small valid play.
func savePlay() playbook.Play {
	return playbook.Play{
		ID: "save-red", Version: 1, Name: "Save a red account", Type: playbook.Risk, Priority: 90, Owner: "csm",
		Trigger: playbook.Trigger{Kind: playbook.HealthBandEntered, Band: "red"},
		Steps: []playbook.Step{
			{ID: "call", Title: "Call the sponsor", Required: true, DueDays: 2},
			{ID: "plan", Title: "Agree a recovery plan", Required: true, DueDays: 5, DueFrom: playbook.PreviousStep},
		},
		Exit: &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 50}, HoldForDays: 14, Margin: 10},
	}
}

// problems returns "path: problem" of each of err's FieldErrors.
func problems(t *testing.T, err error) []string {
	t.Helper()
	require.ErrorIs(t, err, playbook.ErrInvalid)
	fes := success.AsFieldErrors(err)
	require.NotNil(t, fes, "want FieldErrors, got %v", err)
	var out []string
	for _, fe := range fes {
		require.ErrorIs(t, fe, playbook.ErrInvalid)
		out = append(out, fe.Path+": "+fe.Problem)
	}
	return out
}

func TestPlayValidate(t *testing.T) {
	good := savePlay()
	require.NoError(t, good.Validate())
	tests := []struct {
		name   string
		change func(p *playbook.Play)
		want   []string
	}{
		{"no steps", func(p *playbook.Play) { p.Steps = nil }, []string{"steps: a play needs at least one step"}},
		{"negative due offset", func(p *playbook.Play) { p.Steps[1].DueDays = -1 }, []string{"steps[1].due_days: must be within 0..3660"}},
		{"unknown trigger kind", func(p *playbook.Play) { p.Trigger.Kind = "band_left" },
			[]string{`trigger.kind: unknown trigger kind "band_left" (want all, any, not, health_band_entered, health_band, score_at_least, score_below, score_dropped, churn_signal, renewal_within, milestone_achieved, milestone_overdue, outcome_status, outcome_achieved, stage_entered, fit_verdict, readiness_reached, second_purchase_nudge, nps, predicate, active_since or step_completed)`}},
		{"identity", func(p *playbook.Play) {
			p.ID, p.Version, p.Name, p.Owner, p.Type, p.Priority = "", 0, "", "a b", "", 101
		},
			[]string{"id: must be a name (letters, digits, '_', '-', '.'; at most 64 bytes)", "version: must be >= 1", "name: must not be empty",
				"type: play type must be a name (letters, digits, '_', '-', '.'; at most 64 bytes)", "priority: must be within 0..100",
				"owner: must name a role (letters, digits, '_', '-', '.'; at most 64 bytes)"}},
		{"host type is fine", func(p *playbook.Play) { p.Type = "partner_success" }, nil},
		{"duplicate step", func(p *playbook.Play) { p.Steps[1].ID = "call" }, []string{`steps[1].id: "call" is also the ID of steps[0]`}},
		{"first step after previous", func(p *playbook.Play) { p.Steps[0].DueFrom = playbook.PreviousStep },
			[]string{"steps[0].due_from: the first step has no previous step"}},
		{"field of another kind", func(p *playbook.Play) { p.Trigger.Days = 3 }, []string{"trigger.days: is not used by a health_band_entered clause"}},
		{"not with two clauses", func(p *playbook.Play) {
			p.Trigger = playbook.Trigger{Kind: playbook.Not, Clauses: []playbook.Trigger{leaf(playbook.OutcomeAchieved), leaf(playbook.OutcomeAchieved)}}
		}, []string{"trigger.clauses: not takes exactly one clause, got 2"}},
		{"bad nested clause", func(p *playbook.Play) {
			p.Trigger = playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{leaf(playbook.OutcomeAchieved), {Kind: playbook.ScoreDropped, Points: 0, WindowDays: 0}}}
		}, []string{"trigger.clauses[1].points: must be within 0..100 and above 0", "trigger.clauses[1].window_days: must be within 1..3660"}},
		{"wait-only kind in the trigger", func(p *playbook.Play) { p.Trigger = leaf(playbook.ActiveSince) },
			[]string{"trigger.kind: active_since is only valid in a step's wait"}},
		{"exit", func(p *playbook.Play) { p.Exit.HoldForDays, p.Exit.Margin = -1, -2 },
			[]string{"exit.hold_for_days: must be within 0..3660", "exit.margin: must be within 0..100"}},
		{"wait on an unknown step", func(p *playbook.Play) {
			p.Steps[0].Wait = &playbook.Wait{Until: playbook.Trigger{Kind: playbook.StepCompleted, Step: "nope"}, MaxDays: 7}
		}, []string{`steps[0].wait.until.step: no step "nope" in this play`}},
		{"wait cycle through due_from", func(p *playbook.Play) {
			p.Steps[0].Wait = &playbook.Wait{Until: playbook.Trigger{Kind: playbook.StepCompleted, Step: "plan"}, MaxDays: 7}
		}, []string{`steps[0].wait: wait conditions form a cycle: "call" waits for "plan" waits for "call"`}},
		{"wait on itself", func(p *playbook.Play) {
			p.Steps[1].Wait = &playbook.Wait{Until: playbook.Trigger{Kind: playbook.Any, Clauses: []playbook.Trigger{leaf(playbook.ActiveSince), {Kind: playbook.StepCompleted, Step: "plan"}}}, MaxDays: 7}
		}, []string{`steps[1].wait: wait conditions form a cycle: "plan" waits for "plan"`}},
		{"wait without a bound", func(p *playbook.Play) {
			p.Steps[1].Wait = &playbook.Wait{Until: leaf(playbook.ActiveSince)}
		}, []string{"steps[1].wait.max_days: must be within 1..3660"}},
		{"a valid wait", func(p *playbook.Play) {
			p.Steps[1].Wait = &playbook.Wait{Until: playbook.Trigger{Kind: playbook.Any, Clauses: []playbook.Trigger{leaf(playbook.ActiveSince), {Kind: playbook.StepCompleted, Step: "call"}}}, MaxDays: 7}
		}, nil},
		{"suppression", func(p *playbook.Play) {
			p.Suppression = playbook.Suppression{Key: "per_user", ReEntry: playbook.Never, CooldownDays: 3, CustomKey: "x",
				Limits: playbook.Limits{MaxOpenPerOwner: -1}}
		}, []string{`suppression.key: unknown key kind "per_user" (want account_play, contact or custom)`,
			"suppression.custom_key: is only used by a custom key", "suppression.cooldown_days: is not used when re-entry is never",
			"suppression.limits.max_open_per_owner: must be >= 0 (0: unlimited)"}},
		{"custom key without a name", func(p *playbook.Play) { p.Suppression.Key = playbook.KeyCustom },
			[]string{"suppression.custom_key: must name a custom fact for a custom key"}},
		{"long text is not quoted", func(p *playbook.Play) { p.Description = strings.Repeat("x", 5000) },
			[]string{"description: at most 4096 bytes, got 5000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := savePlay()
			tt.change(&p)
			err := p.Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			assert.Equal(t, tt.want, problems(t, err))
		})
	}
}

func TestPlayValidateCaps(t *testing.T) {
	p := savePlay()
	deep := leaf(playbook.OutcomeAchieved)
	for range playbook.MaxTriggerDepth {
		deep = playbook.Trigger{Kind: playbook.Not, Clauses: []playbook.Trigger{deep}}
	}
	p.Trigger = deep
	assert.Contains(t, problems(t, p.Validate()), "trigger.clauses[0].clauses[0].clauses[0].clauses[0].clauses[0].clauses[0].clauses[0].clauses: triggers nest at most 8 deep")

	p = savePlay()
	wide := playbook.Trigger{Kind: playbook.Any}
	for range playbook.MaxTriggerClauses {
		wide.Clauses = append(wide.Clauses, leaf(playbook.OutcomeAchieved))
	}
	p.Trigger = wide
	assert.Equal(t, []string{"trigger: at most 64 clauses in a trigger, got 65"}, problems(t, p.Validate()))

	p = savePlay()
	for i := range playbook.MaxSteps {
		p.Steps = append(p.Steps, playbook.Step{ID: "s" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Title: "t"})
	}
	assert.Equal(t, []string{"steps: at most 50 steps, got 52"}, problems(t, p.Validate()))
}

func TestValidateWithPredicates(t *testing.T) {
	p := savePlay()
	p.Trigger = playbook.Trigger{Kind: playbook.HostPredicate, Predicate: "vip"}
	require.NoError(t, p.Validate(), "no registry: names not checked")
	assert.Equal(t, []string{`trigger.predicate: no predicate "vip" registered`}, problems(t, p.ValidateWith(nil)))
	ok := func(*playbook.Facts) (bool, string, error) { return true, "", nil }
	require.NoError(t, p.ValidateWith(playbook.Predicates{"vip": ok}))
}

func TestFactsValidate(t *testing.T) {
	require.NoError(t, baseFacts().Validate())
	f := baseFacts()
	f.Account.ID = ""
	f.NPS = ptr(11)
	f.HealthHistory[0], f.HealthHistory[1] = f.HealthHistory[1], f.HealthHistory[0]
	f.Health.AsOf = day(1)
	f.Fit = "great"
	assert.Equal(t, []string{
		"account.id: must not be empty",
		"health.account: is another account's score",
		"health.as_of: is after the facts' as_of",
		"health_history[0].account: is another account's score",
		"health_history[1].account: is another account's score",
		"health_history[1].as_of: must not precede the score before it (oldest first)",
		`fit: unknown fit verdict "great" (want good_fit or bad_fit)`,
		"nps: must be within 0..10",
	}, problems(t, f.Validate()))
	var nilFacts *playbook.Facts
	assert.Equal(t, []string{": facts are nil"}, problems(t, nilFacts.Validate()))
}

func TestPlayValidateMore(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *playbook.Play)
		want   []string
	}{
		{"wait-only kind in the exit", func(p *playbook.Play) { p.Exit.Condition = leaf(playbook.ActiveSince) },
			[]string{"exit.condition.kind: active_since is only valid in a step's wait"}},
		{"too many signal kinds", func(p *playbook.Play) {
			p.Trigger = playbook.Trigger{Kind: playbook.ChurnSignal}
			for range 17 {
				p.Trigger.Signals = append(p.Trigger.Signals, "drop_off")
			}
		}, []string{"trigger.signals: at most 16 kinds"}},
		{"outcome status without statuses", func(p *playbook.Play) { p.Trigger = leaf(playbook.OutcomeStatus) },
			[]string{"trigger.statuses: must list at least one outcome status"}},
		{"enum fields must be set", func(p *playbook.Play) {
			p.Trigger = playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{leaf(playbook.StageEntered), leaf(playbook.FitVerdict),
				leaf(playbook.ReadinessReached), leaf(playbook.NPS), leaf(playbook.RenewalWithin), leaf(playbook.HealthBand)}}
		}, []string{"trigger.clauses[0].stage: must be set", "trigger.clauses[1].verdict: must be set",
			"trigger.clauses[2].level: must be set", "trigger.clauses[3].nps: must be set",
			"trigger.clauses[4].days: must be within 1..3660", "trigger.clauses[5].band: must name a band"}},
		{"step owner and title", func(p *playbook.Play) { p.Steps[0].Owner, p.Steps[0].Title = "two words", "" },
			[]string{"steps[0].title: must not be empty",
				"steps[0].owner: must name a role (letters, digits, '_', '-', '.'; at most 64 bytes) or be empty for the play's"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := savePlay()
			tt.change(&p)
			assert.Equal(t, tt.want, problems(t, p.Validate()))
		})
	}

	// A registry checks predicates wherever they are: trigger, exit, waits.
	p := savePlay()
	vip := playbook.Trigger{Kind: playbook.HostPredicate, Predicate: "vip"}
	p.Exit.Condition = vip
	p.Steps[0].Wait = &playbook.Wait{Until: vip, MaxDays: 3}
	assert.Equal(t, []string{`steps[0].wait.until.predicate: no predicate "vip" registered`,
		`exit.condition.predicate: no predicate "vip" registered`}, problems(t, p.ValidateWith(playbook.Predicates{})))
}

func TestFactsValidateMore(t *testing.T) {
	f := baseFacts()
	f.Custom["ratio"] = success.NumberValue(math.NaN())
	f.Readiness.Level = "eager"
	f.Signals[0].Kind = "gone_quiet"
	f.AsOf = time.Time{}
	assert.Equal(t, []string{
		"as_of: must be set",
		"health.as_of: is after the facts' as_of",
		"health_history[0].as_of: is after the facts' as_of",
		"health_history[1].as_of: is after the facts' as_of",
		`signals[0].kind: unknown signal kind "gone_quiet" (want drop_off, decline, never_activated or support_spike)`,
		`readiness.level: unknown readiness level "eager" (want not_ready, nurture or ready)`,
		"custom.ratio: must be finite",
	}, problems(t, f.Validate()))
}

func TestUnmarshalJSONDepth(t *testing.T) {
	deep := strings.Repeat(`{"kind": "not", "clauses": [`, 40) + `{"kind": "outcome_achieved"}` + strings.Repeat(`]}`, 40)
	var tr playbook.Trigger
	assert.Equal(t, []string{": triggers nest at most 8 deep"}, problems(t, json.Unmarshal([]byte(deep), &tr)))
	var p playbook.Play
	assert.Equal(t, []string{": nests deeper than 23 levels"}, problems(t, json.Unmarshal([]byte(`{"trigger": `+deep+`}`), &p)))
}

func TestFactsJSONRoundTrip(t *testing.T) {
	f := baseFacts()
	f.Contact = "c-1"
	b, err := json.Marshal(f)
	require.NoError(t, err)
	var back playbook.Facts
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(b2))
	m1, err := savePlay().Trigger.Match(f, nil)
	require.NoError(t, err)
	m2, err := savePlay().Trigger.Match(&back, nil)
	require.NoError(t, err)
	assert.Equal(t, m1, m2)
}

func TestPlayClone(t *testing.T) {
	p := richPlay()
	c := p.Clone()
	require.Equal(t, p, c)
	c.Trigger.Clauses[0].Band = "changed"
	c.Trigger.Clauses[5].Signals[0] = "changed"
	c.Trigger.Clauses[9].Statuses[0] = "changed"
	c.Steps[0].Title = "changed"
	c.Steps[2].Wait.Until.Clauses[0].Kind = "changed"
	c.Steps[2].Wait.MaxDays = 99
	c.Exit.Condition.Points = 99
	c.Exit.Margin = 99
	assert.Equal(t, richPlay(), p)
}
