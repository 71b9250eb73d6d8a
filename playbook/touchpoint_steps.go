package playbook

import (
	"fmt"
	"sort"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// StepTouch says that a play step contacts the customer: by which channel,
// whom, and with what goal. Hosts keep these beside their plays, keyed by
// step ID (see TouchpointsFor), so a play definition stays about the work
// and the measure of its messages can change without a new play version.
type StepTouch struct {
	Channel Channel `json:"channel"`
	// Sender is the role that sends; empty means the step's owner role,
	// or the play's.
	Sender    string `json:"sender,omitempty"`
	Recipient string `json:"recipient"`
	Goal      Goal   `json:"goal"`
}

func (st *StepTouch) problems(ps *success.FieldErrors, path string) {
	if err := st.Channel.Validate(); err != nil {
		fielderr.AddErr(ps, ErrInvalid, strictjson.Nest(path, "channel"), err)
	}
	if st.Sender != "" {
		checkRole(ps, strictjson.Nest(path, "sender"), st.Sender)
	}
	checkRole(ps, strictjson.Nest(path, "recipient"), st.Recipient)
	st.Goal.problems(ps, strictjson.Nest(path, "goal"))
}

// TouchpointsFor returns the touchpoints a run's done tasks made: one per
// task in state done whose step has an entry in touches (keyed by step
// ID), at the task's end, in task order. Each touchpoint's ID is its
// task's, so calling it again for the same run gives the same
// touchpoints. Skipped, cancelled and unfinished tasks contacted no one
// and give none.
//
// Problems (a run of another play, a task of another run or with a step
// the play lacks, a key of touches that is no step, a bad StepTouch) are
// success.FieldErrors wrapping ErrInvalid, named by index or step ID.
func TouchpointsFor(play Play, run Run, tasks []Task, touches map[string]StepTouch) ([]Touchpoint, error) {
	var ps success.FieldErrors
	if run.PlayID != play.ID || run.PlayVersion != play.Version {
		fielderr.Addf(&ps, ErrInvalid, "run", "is a run of another play or version")
	}
	steps := make(map[string]int, len(play.Steps))
	for i, s := range play.Steps {
		steps[s.ID] = i
	}
	ids := make([]string, 0, len(touches))
	for id := range touches {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		path := fmt.Sprintf("touches[%s]", quoteKey(id))
		if _, ok := steps[id]; !ok {
			fielderr.Addf(&ps, ErrInvalid, path, "is not a step of the play")
		}
		st := touches[id]
		st.problems(&ps, path)
	}
	var out []Touchpoint
	for i := range tasks {
		t := &tasks[i]
		path := fmt.Sprintf("tasks[%d]", i)
		switch {
		case t.Run != run.ID:
			fielderr.Addf(&ps, ErrInvalid, path+".run", "belongs to another run")
			continue
		case t.Step < 0 || t.Step >= len(play.Steps):
			fielderr.Addf(&ps, ErrInvalid, path+".step", "must be within 0..%d", len(play.Steps)-1)
			continue
		case t.State != TaskDone:
			continue
		case t.Ended.IsZero():
			fielderr.Addf(&ps, ErrInvalid, path+".ended", "required for a done task")
			continue
		}
		step := &play.Steps[t.Step]
		st, ok := touches[step.ID]
		if !ok {
			continue
		}
		sender := st.Sender
		if sender == "" {
			sender = step.Owner
		}
		if sender == "" {
			sender = play.Owner
		}
		out = append(out, Touchpoint{
			ID: t.ID.String(), Account: run.Account, At: t.Ended, Channel: st.Channel,
			Sender: sender, Recipient: st.Recipient,
			PlayID: play.ID, PlayVersion: play.Version, StepID: step.ID, RunID: run.ID,
			Goal: st.Goal,
		})
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
