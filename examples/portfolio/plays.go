package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/playbook"
)

// playReview is what the playbook engine decides on the review date: the
// Second Sale library's plays it opens, with their tasks and reasons, and
// the suppressions, split in two because only one kind is a decision to
// hold work back.
type playReview struct {
	plays  map[string]playbook.Play
	opened []playbook.Decision
	// running are the suppressions by when_open: the play already runs for
	// the account, so its trigger holding again adds no work.
	running []playbook.Decision
	// heldBack are the suppressions by a limit or the re-entry rule: work
	// the trigger asked for that the policy kept off a desk.
	heldBack []playbook.Decision
}

// playDaysBefore are the earlier days the engine also ran on, oldest first,
// so that today's decisions meet the runs those opened, as in a team that
// runs the engine every day.
var playDaysBefore = []int{7}

// csmRole is the library's role for the account's CSM.
const csmRole = "csm"

// fixedClock is the review's "now": every action is timed on the review date.
type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func (r *review) analysePlays() error {
	v := &r.plays
	lib := playbook.SecondSaleLibrary()
	v.plays = map[string]playbook.Play{}
	for _, p := range lib {
		v.plays[p.ID] = p
	}
	eng, err := playbook.New(lib, playbook.NewMemoryStore(), &playbook.Options{Clock: fixedClock(r.asOf), Assign: r.assign})
	if err != nil {
		return err
	}
	ctx := context.Background()
	for _, d := range playDaysBefore {
		at := r.asOf.AddDate(0, 0, -d)
		facts, err := r.factsAt(slices.Collect(r.base.CustomersAt(at.AddDate(0, 0, -1))), at)
		if err != nil {
			return err
		}
		for i := range facts {
			if err := r.evaluateFacts(ctx, eng, &facts[i], nil); err != nil {
				return err
			}
		}
	}
	for i := range r.health.facts {
		if err := r.evaluateFacts(ctx, eng, &r.health.facts[i], v); err != nil {
			return err
		}
	}
	return nil
}

// evaluateFacts runs the engine on facts and, when v is set, keeps its
// open and suppress decisions.
func (r *review) evaluateFacts(ctx context.Context, eng *playbook.Engine, f *playbook.Facts, v *playReview) error {
	ds, err := eng.Evaluate(ctx, f)
	if err != nil {
		return fmt.Errorf("playbook on %s: %w", f.Account.ID, err)
	}
	if v == nil {
		return nil
	}
	for _, d := range ds {
		switch d.Kind {
		case playbook.DecisionOpen:
			v.opened = append(v.opened, d)
		case playbook.DecisionSuppress:
			if d.Clause == playbook.ClauseWhenOpen {
				v.running = append(v.running, d)
			} else {
				v.heldBack = append(v.heldBack, d)
			}
		}
	}
	return nil
}
