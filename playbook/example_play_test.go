package playbook_test

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// A play defined in Go and the same play in JSON are equal; its trigger,
// evaluated against an account's facts, records each clause with the
// numbers behind it.
func Example_definePlay() {
	inGo := playbook.Play{
		ID: "save-red", Version: 1, Name: "Save a red account", Type: playbook.Risk, Priority: 90, Owner: "csm",
		Description: "Small win: a red account saved; fires on entering red, closes after 14 days at 50 or more.",
		Trigger: playbook.Trigger{Kind: playbook.All, Clauses: []playbook.Trigger{
			{Kind: playbook.HealthBandEntered, Band: "red"},
			{Kind: playbook.Not, Clauses: []playbook.Trigger{{Kind: playbook.FitVerdict, Verdict: success.BadFit}}},
		}},
		Steps: []playbook.Step{
			{ID: "call", Title: "Call the sponsor", Required: true, DueDays: 2},
			{ID: "plan", Title: "Agree a recovery plan", Required: true, DueDays: 5, DueFrom: playbook.PreviousStep},
		},
		Exit:        &playbook.Exit{Condition: playbook.Trigger{Kind: playbook.ScoreAtLeast, Points: 50}, HoldForDays: 14, Margin: 10},
		Suppression: playbook.Suppression{ReEntry: playbook.AfterCooldown, CooldownDays: 30},
	}
	if err := inGo.Validate(); err != nil {
		fmt.Println(err)
		return
	}

	doc := `{"plays": [{"id": "save-red", "version": 1, "name": "Save a red account", "type": "risk", "priority": 90, "owner": "csm",
	  "description": "Small win: a red account saved; fires on entering red, closes after 14 days at 50 or more.",
	  "trigger": {"kind": "all", "clauses": [
	    {"kind": "health_band_entered", "band": "red"},
	    {"kind": "not", "clauses": [{"kind": "fit_verdict", "verdict": "bad_fit"}]}]},
	  "steps": [
	    {"id": "call", "title": "Call the sponsor", "required": true, "due_days": 2},
	    {"id": "plan", "title": "Agree a recovery plan", "required": true, "due_days": 5, "due_from": "previous_step"}],
	  "exit": {"condition": {"kind": "score_at_least", "points": 50}, "hold_for_days": 14, "margin": 10},
	  "suppression": {"re_entry": "after_cooldown", "cooldown_days": 30}}]}`
	plays, err := playbook.LoadPlays(strings.NewReader(doc), playbook.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("JSON equals Go:", reflect.DeepEqual(plays[0], inGo))

	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	score := func(at time.Time, v float64, band string) health.Score {
		return health.Score{Account: "acme", AsOf: at, Available: true, Value: v, Band: band, ReportedValue: v, ReportedBand: band}
	}
	latest := score(asOf, 42, "red")
	facts := &playbook.Facts{
		Account:       success.Account{ID: "acme", Stage: success.StageAdoption},
		AsOf:          asOf,
		Health:        &latest,
		HealthHistory: []health.Score{score(asOf.AddDate(0, 0, -7), 61, "yellow")},
		Fit:           success.GoodFit,
	}
	m, err := inGo.Trigger.Match(facts, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("matched:", m.Matched)
	for _, c := range m.Clauses {
		line := fmt.Sprintf("  %s %s matched=%v", c.Path, c.Kind, c.Matched)
		for _, n := range c.Numbers {
			line += fmt.Sprintf(" %s=%g", n.Name, n.Value)
		}
		if c.Reason != "" {
			line += " (" + c.Reason + ")"
		}
		fmt.Println(line)
	}
	key, _ := inGo.Suppression.DedupKey(&inGo, facts, m.Checkpoint)
	fmt.Println("dedup key:", key)
	due := inGo.DueDates(asOf, playbook.Progress{})
	fmt.Println("call due:", due["call"].Format(time.DateOnly))

	// Bad definitions report every problem with its path.
	_, err = playbook.LoadPlays(strings.NewReader(`{"plays": [{"id": "x", "version": 1, "name": "X", "type": "risk", "owner": "csm",
	  "trigger": {"kind": "band_left"}, "steps": []}]}`), playbook.LoadOptions{})
	for _, fe := range success.AsFieldErrors(err) {
		fmt.Println(fe.Path+":", strings.SplitN(fe.Problem, " (want", 2)[0])
	}
	// Output:
	// JSON equals Go: true
	// matched: true
	//   trigger all matched=true
	//   trigger.clauses[0] health_band_entered matched=true score=42 previous_score=61 (band yellow -> red, want to enter red)
	//   trigger.clauses[1] not matched=true
	//   trigger.clauses[1].clauses[0] fit_verdict matched=false (fit good_fit)
	// dedup key: account=acme|play=save-red
	// call due: 2026-03-03
	// plays[0].trigger.kind: unknown trigger kind "band_left"
	// plays[0].steps: a play needs at least one step
}
