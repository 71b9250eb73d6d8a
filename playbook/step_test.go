package playbook_test

import (
	"testing"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestDueDates(t *testing.T) {
	p := savePlay()
	p.Steps = append(p.Steps, playbook.Step{ID: "review", Title: "Review", DueDays: 3,
		Wait: &playbook.Wait{Until: leaf(playbook.ActiveSince), MaxDays: 7}})
	start := t0
	tests := []struct {
		name string
		pr   playbook.Progress
		want map[string]time.Time
	}{
		{"at the start", playbook.Progress{}, map[string]time.Time{"call": day(2)}},
		{"previous step done", playbook.Progress{Completed: map[string]time.Time{"call": day(1)}},
			map[string]time.Time{"call": day(2), "plan": day(6)}},
		{"wait ended", playbook.Progress{WaitEnded: map[string]time.Time{"review": day(4)}},
			map[string]time.Time{"call": day(2), "review": day(7)}},
		{"completion before the start is clamped", playbook.Progress{Completed: map[string]time.Time{"call": day(-10)}},
			map[string]time.Time{"call": day(2), "plan": day(5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, p.DueDates(start, tt.pr))
		})
	}
	begins, ok := p.WaitBegins(1, start, playbook.Progress{})
	assert.False(t, ok)
	assert.True(t, begins.IsZero())
	begins, ok = p.WaitBegins(2, start, playbook.Progress{})
	assert.True(t, ok)
	assert.Equal(t, start, begins)
}

// Due dates never precede the run's start, whatever the offsets and
// whenever steps were completed or waits ended (even before the start).
func TestDueDatesNeverPrecedeStart(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 6).Draw(t, "steps")
		p := playbook.Play{}
		pr := playbook.Progress{Completed: map[string]time.Time{}, WaitEnded: map[string]time.Time{}}
		start := t0.Add(time.Duration(rapid.Int64Range(-1e6, 1e6).Draw(t, "start")) * time.Second)
		when := func(label string) time.Time {
			return start.Add(time.Duration(rapid.Int64Range(-90*86400, 90*86400).Draw(t, label)) * time.Second)
		}
		for i := range n {
			s := playbook.Step{ID: string(rune('a' + i)), DueDays: rapid.IntRange(-5, 400).Draw(t, "due")}
			if i > 0 && rapid.Bool().Draw(t, "previous") {
				s.DueFrom = playbook.PreviousStep
			}
			if rapid.Bool().Draw(t, "wait") {
				s.Wait = &playbook.Wait{Until: leaf(playbook.ActiveSince), MaxDays: 7}
				if rapid.Bool().Draw(t, "ended") {
					pr.WaitEnded[s.ID] = when("wait_ended")
				}
			}
			if rapid.Bool().Draw(t, "completed") {
				pr.Completed[s.ID] = when("completed")
			}
			p.Steps = append(p.Steps, s)
		}
		for id, due := range p.DueDates(start, pr) {
			if due.Before(start) {
				t.Fatalf("step %s due %v before the start %v", id, due, start)
			}
		}
	})
}

func TestWaitEvaluate(t *testing.T) {
	w := &playbook.Wait{Until: leaf(playbook.ActiveSince), MaxDays: 7}
	tests := []struct {
		name              string
		since, lastActive time.Time
		held, expired     bool
	}{
		{"active since the wait began", day(-3), day(-2), true, false},
		{"waiting", day(-1), day(-2), false, false},
		{"expired", day(-8), day(-9), false, true},
		{"expired exactly at max days", day(-7), day(-9), false, true},
		{"held and expired", day(-8), day(-2), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := baseFacts()
			f.LastActive = tt.lastActive
			c, err := w.Evaluate(f, playbook.Env{Since: tt.since}, "steps[1].wait.until")
			require.NoError(t, err)
			assert.Equal(t, tt.held, c.Held, "held")
			assert.Equal(t, tt.expired, c.Expired, "expired")
			assert.Equal(t, tt.held || tt.expired, c.Ended())
			assert.Equal(t, "steps[1].wait.until", c.Match.Clauses[0].Path)
		})
	}
	_, err := w.Evaluate(baseFacts(), playbook.Env{}, "steps[1].wait.until")
	require.ErrorIs(t, err, playbook.ErrInvalid)
	var none *playbook.Wait
	_, err = none.Evaluate(baseFacts(), playbook.Env{Since: t0}, "w")
	require.ErrorIs(t, err, playbook.ErrInvalid)
}
