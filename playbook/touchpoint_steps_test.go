package playbook_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/playbook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stepTouchFixture() (playbook.Play, playbook.Run, []playbook.Task, map[string]playbook.StepTouch) {
	p := savePlay()
	p.Steps[1].Owner = "ae"
	run := playbook.Run{ID: uuid.MustParse("0190d7a0-0000-7000-8000-0000000000a1"), Account: "acme",
		PlayID: p.ID, PlayVersion: p.Version, Owner: "jane.doe@example.com"}
	task := func(n byte, step int, state playbook.TaskState, ended int) playbook.Task {
		t := playbook.Task{ID: uuid.UUID{15: n}, Run: run.ID, Account: "acme", PlayID: p.ID, Step: step,
			Owner: "jane.doe@example.com", State: state}
		if ended >= 0 {
			t.Ended = tday(ended)
		}
		return t
	}
	tasks := []playbook.Task{
		task(1, 0, playbook.TaskDone, 1),
		task(2, 1, playbook.TaskDone, 4),
		task(3, 0, playbook.TaskSkipped, 2),
		task(4, 1, playbook.TaskOpen, -1),
	}
	touches := map[string]playbook.StepTouch{
		"call": {Channel: playbook.ChannelCall, Recipient: "sponsor",
			Goal: playbook.Goal{Kind: playbook.GoalReplied, WithinDays: 3}},
		"plan": {Channel: playbook.ChannelMeeting, Sender: "csm", Recipient: "champion",
			Goal: playbook.Goal{Kind: playbook.GoalAdoptedFeature, Subject: "health-dashboard", WithinDays: 30}},
	}
	return p, run, tasks, touches
}

func TestTouchpointsFor(t *testing.T) {
	p, run, tasks, touches := stepTouchFixture()
	got, err := playbook.TouchpointsFor(p, run, tasks, touches)
	require.NoError(t, err)
	want := []playbook.Touchpoint{
		{ID: tasks[0].ID.String(), Account: "acme", At: tday(1), Channel: playbook.ChannelCall,
			Sender: "csm", Recipient: "sponsor", PlayID: p.ID, PlayVersion: 1, StepID: "call", RunID: run.ID,
			Goal: playbook.Goal{Kind: playbook.GoalReplied, WithinDays: 3}},
		{ID: tasks[1].ID.String(), Account: "acme", At: tday(4), Channel: playbook.ChannelMeeting,
			Sender: "csm", Recipient: "champion", PlayID: p.ID, PlayVersion: 1, StepID: "plan", RunID: run.ID,
			Goal: playbook.Goal{Kind: playbook.GoalAdoptedFeature, Subject: "health-dashboard", WithinDays: 30}},
	}
	assert.Equal(t, want, got, "done tasks only; sender is a role, never the task's person")
	for _, tp := range got {
		require.NoError(t, tp.Validate())
	}

	// A step without an entry sends nothing; the sender falls back to the step's owner role.
	delete(touches, "call")
	st := touches["plan"]
	st.Sender = ""
	touches["plan"] = st
	got, err = playbook.TouchpointsFor(p, run, tasks, touches)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "ae", got[0].Sender)
}

func TestTouchpointsForBadInput(t *testing.T) {
	p, run, tasks, touches := stepTouchFixture()
	run.PlayVersion = 2
	tasks[1].Run = uuid.Nil
	tasks[2].Step = 7
	tasks = append(tasks, playbook.Task{Run: run.ID, Step: 0, State: playbook.TaskDone})
	touches["jane.doe@example.com"] = playbook.StepTouch{Channel: "e mail", Recipient: "", Goal: playbook.Goal{Kind: playbook.GoalReplied, WithinDays: 1}}
	_, err := playbook.TouchpointsFor(p, run, tasks, touches)
	got := problems(t, err)
	assert.Equal(t, []string{
		"run: is a run of another play or version",
		"touches[(a string of 20 bytes)]: is not a step of the play",
		"touches[(a string of 20 bytes)].channel: channel must be a name (letters, digits, '_', '-', '.'; at most 64 bytes)",
		"touches[(a string of 20 bytes)].recipient: must be a role name (letters, digits, '_', '-', '.'; at most 64 bytes)",
		"tasks[1].run: belongs to another run",
		"tasks[2].step: must be within 0..1",
		"tasks[4].ended: required for a done task",
	}, got)
	assert.NotContains(t, err.Error(), "jane")
}
