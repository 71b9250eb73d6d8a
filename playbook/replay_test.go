package playbook_test

import (
	"context"
	"fmt"
	"iter"
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ninetyDays is the facts of four accounts, day by day for 90 days:
// steady stays at 80; dipper is at 45 for 10 days, 55 until day 40, then 40;
// hover alternates 49 and 51; late is at 70 until day 60, then 30.
func ninetyDays() []*playbook.Facts {
	scores := map[success.AccountID]func(n int) float64{
		"steady": func(int) float64 { return 80 },
		"dipper": func(n int) float64 {
			switch {
			case n < 10:
				return 45
			case n < 40:
				return 55
			}
			return 40
		},
		"hover": func(n int) float64 { return 49 + 2*float64(n%2) },
		"late": func(n int) float64 {
			if n < 60 {
				return 70
			}
			return 30
		},
	}
	var out []*playbook.Facts
	for n := range 90 {
		for _, acct := range []success.AccountID{"steady", "dipper", "hover", "late"} {
			out = append(out, scored(acct, n, scores[acct](n)))
		}
	}
	return out
}

func seq(fs []*playbook.Facts) iter.Seq[*playbook.Facts] {
	return func(yield func(*playbook.Facts) bool) {
		for _, f := range fs {
			if !yield(f) {
				return
			}
		}
	}
}

func TestEngineReplayNinetyDays(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay(), referencePlay())
	var decisions []playbook.Decision
	for _, f := range ninetyDays() {
		ds, err := e.Evaluate(ctx, f)
		require.NoError(t, err)
		decisions = append(decisions, ds...)
	}

	count := map[string]int{}
	for _, d := range decisions {
		count[fmt.Sprintf("%s %s %s %s", d.Account, d.PlayID, d.Kind, d.Clause)]++
	}
	assert.Equal(t, map[string]int{
		// Opens on day 0 (score 45); the call is overdue on day 2 and the
		// note on day 10; the score holds at 55 from day 10 and the run
		// closes on day 24, 14 days later; the trigger fires again on day
		// 40, inside the 30-day cooldown, and opens on day 54.
		"dipper save open ":                   2,
		"dipper save close ":                  1,
		"dipper save flag_overdue ":           4,
		"dipper save leave_alone ":            23 + 35,
		"dipper save suppress when_open":      9 + 35,
		"dipper save suppress re_entry":       14,
		"hover save open ":                    1,
		"hover save leave_alone ":             89,
		"hover save suppress when_open":       44, // the even days: 49
		"hover save flag_overdue ":            2,  // never closes: 51 never holds two days running
		"steady reference open ":              1,
		"steady reference leave_alone ":       89,
		"steady reference suppress when_open": 89,
		"steady reference flag_overdue ":      1,
		"late save open ":                     1,
		"late save leave_alone ":              29,
		"late save suppress when_open":        29,
		"late save flag_overdue ":             2,
	}, count)

	runs, err := s.Runs(ctx, playbook.RunQuery{})
	require.NoError(t, err)
	var got []string
	for _, r := range runs {
		line := fmt.Sprintf("%s %s started %s %s", r.PlayID, r.Account, r.Started.Format("01-02"), r.State)
		if !r.Ended.IsZero() {
			line += " ended " + r.Ended.Format("01-02") + " held until " + r.KeyHeldUntil.Format("01-02")
		}
		got = append(got, line)
	}
	assert.ElementsMatch(t, []string{
		"reference steady started 04-01 open",
		"save dipper started 04-01 done ended 04-25 held until 05-25",
		"save hover started 04-01 open",
		"save dipper started 05-25 open",
		"save late started 05-31 open",
	}, got)

	var first playbook.Run
	for _, r := range runs {
		if r.Account == "dipper" && r.State == playbook.RunDone {
			first = r
		}
	}
	tasks, _ := s.Tasks(ctx, playbook.TaskQuery{Run: first.ID})
	var states []string
	for _, task := range tasks {
		states = append(states, fmt.Sprintf("%s %s overdue %s", task.Title, task.State, task.Overdue.Format("01-02")))
	}
	assert.Equal(t, []string{
		"Call the sponsor cancelled overdue 04-03",
		"Agree a recovery plan cancelled overdue 01-01",
		"Write it up cancelled overdue 04-11",
	}, states)

	trace, err := s.Trace(ctx, playbook.TraceQuery{Run: first.ID})
	require.NoError(t, err)
	var lines []string
	for _, entry := range trace {
		line := fmt.Sprintf("%s %s", entry.At.Format("01-02"), entry.Actor)
		if entry.Kind != "" {
			line += " " + string(entry.Kind)
		}
		if entry.Clause != "" {
			line += " " + string(entry.Clause)
		}
		if entry.To != "" {
			line += fmt.Sprintf(" %q->%s", entry.From, entry.To)
		}
		lines = append(lines, line+": "+entry.Reason)
	}
	assert.Equal(t, []string{
		`04-01 engine open ""->open: trigger matched`,
		`04-01 engine ""->open: opened with its run`,
		`04-01 engine ""->open: opened with its run`,
		`04-01 engine ""->open: opened with its run`,
		`04-02 engine suppress when_open: run ` + first.ID.String() + ` is open with the same dedup key`,
		`04-03 engine flag_overdue: due 2026-04-03 and not done`,
		`04-11 engine flag_overdue: due 2026-04-11 and not done`,
		`04-25 engine close: exit condition held since 2026-04-11 (14 days required)`,
		`04-25 engine "open"->done: exit condition held since 2026-04-11 (14 days required)`,
		`04-25 engine "open"->cancelled: its run ended: exit condition held since 2026-04-11 (14 days required)`,
		`04-25 engine "open"->cancelled: its run ended: exit condition held since 2026-04-11 (14 days required)`,
		`04-25 engine "open"->cancelled: its run ended: exit condition held since 2026-04-11 (14 days required)`,
		`05-11 engine suppress re_entry: run ` + first.ID.String() + ` ended done on 2026-04-25; re-entry after 2026-05-25`,
	}, lines)
	for _, entry := range trace {
		if entry.Kind == playbook.DecisionOpen || entry.Kind == playbook.DecisionSuppress || entry.Kind == playbook.DecisionClose {
			require.NotNil(t, entry.Match, "%s carries its match", entry.Kind)
			require.NotEmpty(t, entry.Match.Clauses)
			assert.NotEmpty(t, entry.Match.Clauses[0].Numbers, "the facts and thresholds behind it")
		}
	}

	// The same facts replayed, and dry-run, give the same decisions.
	again, _ := newEngine(t, nil, redPlay(), referencePlay())
	var replayed []playbook.Decision
	for _, f := range ninetyDays() {
		ds, err := again.Evaluate(ctx, f)
		require.NoError(t, err)
		replayed = append(replayed, ds...)
	}
	assert.Equal(t, decisions, replayed)
	rep, err := playbook.DryRun(ctx, []playbook.Play{redPlay(), referencePlay()}, seq(ninetyDays()), nil)
	require.NoError(t, err)
	assert.Equal(t, decisions, rep.Decisions)
	assert.Equal(t, &playbook.PlayReport{Opened: 4, Suppressed: 9 + 35 + 14 + 44 + 29, Closed: 1, Flagged: 8,
		Accounts:     []success.AccountID{"dipper", "hover", "late"},
		SuppressedBy: map[playbook.SuppressionClause]int{playbook.ClauseWhenOpen: 9 + 35 + 44 + 29, playbook.ClauseReEntry: 14}}, rep.Plays["save"])
}
