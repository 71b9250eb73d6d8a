package playbook_test

import (
	"context"
	"fmt"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// exampleFacts are an account's facts on a day, with its health score.
func exampleFacts(acct success.AccountID, at time.Time, score float64) *playbook.Facts {
	band := "green"
	if score < 50 {
		band = "red"
	}
	return &playbook.Facts{
		Account: success.Account{ID: acct},
		AsOf:    at,
		Health:  &health.Score{AsOf: at, Available: true, Value: score, Band: band, ReportedValue: score, ReportedBand: band},
	}
}

// examplePlay opens a save run for a score below 50.
var examplePlay = playbook.Play{
	ID: "save", Version: 1, Name: "Save an account in trouble", Type: playbook.Risk, Owner: "csm",
	Trigger: playbook.Trigger{Kind: playbook.ScoreBelow, Points: 50},
	Steps: []playbook.Step{
		{ID: "call", Title: "Call the sponsor", Required: true, DueDays: 2},
		{ID: "plan", Title: "Agree a recovery plan", Required: true, DueDays: 5, DueFrom: playbook.PreviousStep},
	},
	Exit: &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 50}, HoldForDays: 14, Margin: 10},
}

// Evaluating an account: the engine opens a run of the play whose trigger
// holds, with its tasks and due dates, and says why.
func ExampleEngine_Evaluate() {
	ctx := context.Background()
	e, err := playbook.New([]playbook.Play{examplePlay}, playbook.NewMemoryStore(), nil)
	if err != nil {
		panic(err)
	}
	monday := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	decisions, err := e.Evaluate(ctx, exampleFacts("acme", monday, 42))
	if err != nil {
		panic(err)
	}
	for _, d := range decisions {
		fmt.Printf("%s %s for %s: %s\n", d.Kind, d.PlayID, d.Account, d.Reason)
		for _, c := range d.Match.Clauses {
			fmt.Printf("  %s %s: %v\n", c.Path, c.Kind, c.Numbers)
		}
		for _, t := range d.Tasks {
			due := "after the previous step"
			if !t.Due.IsZero() {
				due = t.Due.Format(time.DateOnly)
			}
			fmt.Printf("  task %q for %s, due %s\n", t.Title, t.Owner, due)
		}
	}
	// Output:
	// open save for acme: trigger matched
	//   trigger score_below: [{score 42} {points 50}]
	//   task "Call the sponsor" for csm, due 2026-03-04
	//   task "Agree a recovery plan" for csm, due after the previous step
}

// Reading the trace of a suppression: the run that held the key, the
// clause of the policy and the match it held back are all recorded.
func ExampleMemoryStore_Trace() {
	ctx := context.Background()
	store := playbook.NewMemoryStore()
	e, err := playbook.New([]playbook.Play{examplePlay}, store, nil)
	if err != nil {
		panic(err)
	}
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for n, score := range []float64{42, 38} { // still red the next day
		if _, err := e.Evaluate(ctx, exampleFacts("acme", day.AddDate(0, 0, n), score)); err != nil {
			panic(err)
		}
	}
	trace, err := store.Trace(ctx, playbook.TraceQuery{Account: "acme", PlayID: "save"})
	if err != nil {
		panic(err)
	}
	for _, entry := range trace {
		if entry.Kind != playbook.DecisionSuppress {
			continue
		}
		fmt.Printf("%s %s v%d suppressed by %s (%s)\n", entry.At.Format(time.DateOnly), entry.PlayID, entry.PlayVersion, entry.Clause, entry.Actor)
		fmt.Printf("  held back: %s %v\n", entry.Match.Clauses[0].Kind, entry.Match.Clauses[0].Numbers)
	}
	// Output:
	// 2026-03-03 save v1 suppressed by when_open (engine)
	//   held back: score_below [{score 38} {points 50}]
}

// A dry run: how many runs would the play have opened over these facts,
// for which accounts, and how many would it have suppressed? Nothing is
// written to the engine's store.
func ExampleDryRun() {
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	scores := map[success.AccountID][]float64{
		"acme":    {42, 44, 47, 52},
		"globex":  {70, 71, 69, 72},
		"initech": {55, 48, 45, 41},
	}
	history := func(yield func(*playbook.Facts) bool) {
		for n := range 4 {
			for _, acct := range []success.AccountID{"acme", "globex", "initech"} {
				if !yield(exampleFacts(acct, start.AddDate(0, 0, n), scores[acct][n])) {
					return
				}
			}
		}
	}
	report, err := playbook.DryRun(ctx, []playbook.Play{examplePlay}, history, nil)
	if err != nil {
		panic(err)
	}
	save := report.Plays["save"]
	fmt.Println("would open:", save.Opened, "for", save.Accounts)
	fmt.Println("would suppress:", save.Suppressed, save.SuppressedBy)
	// Output:
	// would open: 2 for [acme initech]
	// would suppress: 4 map[when_open:4]
}

// Completing a task: the next step's due date counts from the completion,
// and completing the last required step completes the run.
func ExampleEngine_CompleteTask() {
	ctx := context.Background()
	store := playbook.NewMemoryStore()
	e, err := playbook.New([]playbook.Play{examplePlay}, store, nil)
	if err != nil {
		panic(err)
	}
	monday := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	decisions, err := e.Evaluate(ctx, exampleFacts("acme", monday, 42))
	if err != nil {
		panic(err)
	}
	call, plan := decisions[0].Tasks[0], decisions[0].Tasks[1]
	kim := playbook.Action{Actor: "user-4711", At: monday.AddDate(0, 0, 1), Reason: "sponsor reached"}
	if _, err := e.CompleteTask(ctx, call.ID, kim); err != nil {
		panic(err)
	}
	next, _ := store.Task(ctx, plan.ID)
	fmt.Println("plan due:", next.Due.Format(time.DateOnly))
	kim.At, kim.Reason = monday.AddDate(0, 0, 4), "plan agreed"
	if _, err := e.CompleteTask(ctx, plan.ID, kim); err != nil {
		panic(err)
	}
	run, _ := store.Run(ctx, decisions[0].Run)
	fmt.Println("run:", run.State, run.Ended.Format(time.DateOnly))
	trace, _ := store.Trace(ctx, playbook.TraceQuery{Run: run.ID})
	for _, entry := range trace[len(trace)-2:] {
		fmt.Printf("%s -> %s by %s: %s\n", entry.From, entry.To, entry.Actor, entry.Reason)
	}
	// Output:
	// plan due: 2026-03-08
	// run: done 2026-03-06
	// open -> done by user-4711: plan agreed
	// in_progress -> done by user-4711: its last required step was completed
}
