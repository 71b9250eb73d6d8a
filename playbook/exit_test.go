package playbook_test

import (
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExitEvaluate(t *testing.T) {
	atLeast50 := playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 50}
	tests := []struct {
		name         string
		exit         playbook.Exit
		score        float64
		held, beyond bool
	}{
		{"below the boundary", playbook.Exit{Condition: atLeast50, Margin: 10}, 49, false, false},
		{"at the boundary", playbook.Exit{Condition: atLeast50, Margin: 10}, 50, true, false},
		{"inside the margin", playbook.Exit{Condition: atLeast50, Margin: 10}, 59.9, true, false},
		{"beyond the margin", playbook.Exit{Condition: atLeast50, Margin: 10}, 60, true, true},
		{"no margin", playbook.Exit{Condition: atLeast50}, 90, true, false},
		{"score below, beyond", playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 30}, Margin: 5}, 20, true, true},
		{"no score clause: never beyond", playbook.Exit{Condition: playbook.Trigger{Kind: playbook.HealthBand, Band: "x"}, Margin: 5}, 90, true, false},
		{"every scored clause must be beyond", playbook.Exit{Condition: playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{
			atLeast50, {Kind: playbook.ScoreAtLeast, Points: 65}}}, Margin: 10}, 70, true, false},
		{"a clause under not does not count", playbook.Exit{Condition: playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{
			atLeast50, {Kind: playbook.Not, Clauses: []playbook.Trigger{{Kind: playbook.ScoreBelow, Points: 10}}}}}, Margin: 10}, 70, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := baseFacts()
			band := "x"
			f.Health = ptr(hscore(t0, tt.score, band))
			c, err := tt.exit.Evaluate(f, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.held, c.Held, "held")
			assert.Equal(t, tt.beyond, c.Beyond, "beyond")
			assert.Equal(t, "exit.condition", c.Match.Clauses[0].Path)
		})
	}
}

func TestExitHysteresis(t *testing.T) {
	e := &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 50}, HoldForDays: 14, Margin: 10}
	held := playbook.ExitCheck{Held: true}
	assert.False(t, e.Closes(held, day(0), day(13)), "held 13 days")
	assert.True(t, e.Closes(held, day(0), day(14)), "held 14 days")
	assert.False(t, e.Closes(held, day(0).AddDate(0, 0, 0), day(0).Add(-1)), "since after as-of")
	assert.False(t, e.Closes(held, zero(), day(3)), "just started holding")
	assert.True(t, e.Closes(playbook.ExitCheck{Held: true, Beyond: true}, zero(), day(0)), "beyond: at once")
	assert.False(t, e.Closes(playbook.ExitCheck{}, day(-30), day(0)), "not held")
	assert.True(t, (&playbook.Exit{}).Closes(held, zero(), day(0)), "no hold time")
	var none *playbook.Exit
	_, err := none.Evaluate(baseFacts(), nil)
	require.ErrorIs(t, err, playbook.ErrInvalid)
}
