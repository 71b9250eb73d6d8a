package playbook_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"pgregory.net/rapid"
)

// drawFacts draws a few accounts' facts over a few weeks, in time order.
func drawFacts(t *rapid.T) []*playbook.Facts {
	accounts := rapid.IntRange(1, 3).Draw(t, "accounts")
	days := rapid.IntRange(1, 40).Draw(t, "days")
	var out []*playbook.Facts
	for n := range days {
		for a := range accounts {
			if rapid.Bool().Draw(t, "skip") {
				continue
			}
			score := rapid.Float64Range(0, 100).Draw(t, "score")
			out = append(out, scored(success.AccountID(fmt.Sprintf("a%d", a)), n, score))
		}
	}
	return out
}

func drawPlays(t *rapid.T) []playbook.Play {
	save := redPlay()
	save.Suppression.CooldownDays = rapid.IntRange(0, 10).Draw(t, "cooldown")
	save.Exit.HoldForDays = rapid.IntRange(0, 5).Draw(t, "hold")
	if rapid.Bool().Draw(t, "refresh") {
		save.Suppression.WhenOpen = playbook.Refresh
	}
	ref := referencePlay()
	ref.Trigger.Points = rapid.Float64Range(40, 90).Draw(t, "reference at")
	ref.Suppression.ReEntry = rapid.SampledFrom([]playbook.ReEntry{playbook.Never, playbook.AfterCooldown, playbook.OnlyIfUnsuccessful}).Draw(t, "re-entry")
	ref.Exit = &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 30}}
	return []playbook.Play{save, ref}
}

// No two active runs ever share a dedup key, whatever the interleaving of
// workers evaluating the same facts.
func TestEnginePropertyNoDuplicateRunsUnderConcurrency(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		facts := drawFacts(t)
		s := playbook.NewMemoryStore()
		e, err := playbook.New(drawPlays(t), s, nil)
		if err != nil {
			t.Fatal(err)
		}
		workers := rapid.IntRange(2, 4).Draw(t, "workers")
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range facts { // each worker starts elsewhere in the same facts
					if _, err := e.Evaluate(ctx, facts[(i+w*len(facts)/workers)%len(facts)]); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		runs, err := s.Runs(ctx, playbook.RunQuery{Active: true})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range runs {
			if seen[r.DedupKey] {
				t.Fatalf("two active runs with the key %s", r.DedupKey)
			}
			seen[r.DedupKey] = true
		}
	})
}

// A dry run and a real run over the same facts make the same decisions,
// and due dates never precede their run's start.
func TestEnginePropertyDryRunEqualsRealRun(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		facts := drawFacts(t)
		plays := drawPlays(t)
		e, s := newEngineRapid(t, plays)
		var real []playbook.Decision
		for _, f := range facts {
			ds, err := e.Evaluate(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			real = append(real, ds...)
		}
		rep, err := playbook.DryRun(ctx, plays, seq(facts), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(real) != len(rep.Decisions) {
			t.Fatalf("real run: %d decisions, dry run: %d", len(real), len(rep.Decisions))
		}
		for i := range real {
			if !reflect.DeepEqual(real[i], rep.Decisions[i]) {
				t.Fatalf("decision %d differs:\n real %+v\n dry  %+v", i, real[i], rep.Decisions[i])
			}
		}
		runs, _ := s.Runs(ctx, playbook.RunQuery{})
		for _, r := range runs {
			tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: r.ID})
			for _, task := range tasks {
				if !task.Due.IsZero() && task.Due.Before(r.Started) {
					t.Fatalf("task %s is due %s, before its run started %s", task.Title, task.Due, r.Started)
				}
			}
		}
	})
}

func newEngineRapid(t *rapid.T, plays []playbook.Play) (*playbook.Engine, *playbook.MemoryStore) {
	s := playbook.NewMemoryStore()
	e, err := playbook.New(plays, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e, s
}

// Completing, skipping and snoozing tasks in any order never gives a task
// a due date before its run's start, and never loses a completion.
func TestEnginePropertyActionsKeepDueDatesAfterTheStart(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		p := redPlay()
		for i := range p.Steps {
			p.Steps[i].DueDays = rapid.IntRange(0, 20).Draw(t, "due")
		}
		e, s := newEngineRapid(t, []playbook.Play{p})
		ds, err := e.Evaluate(ctx, scored("acme", 0, 10))
		if err != nil {
			t.Fatal(err)
		}
		run := ds[0].Run
		for n := 1; n < 10; n++ {
			tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: run, Active: true})
			if len(tasks) == 0 {
				break
			}
			task := tasks[rapid.IntRange(0, len(tasks)-1).Draw(t, "task")]
			a := person("kim", n)
			switch rapid.IntRange(0, 2).Draw(t, "action") {
			case 0:
				_, err = e.CompleteTask(ctx, task.ID, a)
			case 1:
				_, err = e.SkipTask(ctx, task.ID, a)
			case 2:
				_, err = e.SnoozeTask(ctx, task.ID, on(n+rapid.IntRange(1, 9).Draw(t, "snooze")), a)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		r, _ := s.Run(ctx, run)
		tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: run})
		required := 0
		for _, task := range tasks {
			if !task.Due.IsZero() && task.Due.Before(r.Started) {
				t.Fatalf("task %s is due %s, before its run started", task.Title, task.Due)
			}
			if task.Required && (task.State == playbook.TaskDone || task.State == playbook.TaskSkipped) {
				required++
			}
		}
		if (required == 2) != (r.State == playbook.RunDone) {
			t.Fatalf("%d of 2 required tasks finished, run %s", required, r.State)
		}
	})
}
