package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/playbook/impact"
	"github.com/secondsale/secondsale/success"
)

// savePlayReview is the save play's last year, replayed month by month as
// a team with limited capacity would have run it, and its measured impact on
// retention.
type savePlayReview struct {
	play   playbook.Play
	store  *playbook.MemoryStore
	runs   []playbook.Run
	trace  []playbook.TraceEntry
	impact impact.Report
	// failure says why the impact could not be measured, when it could not.
	failure string
}

const (
	savePlayID = "save-red"
	// saveCapacity is how many save runs one CSM works at once; the red
	// accounts beyond it are held back, and become the comparison group.
	saveCapacity = 2
	replayMonths = 12
	// saveOrderStream is the random stream, beside the report's seed, that
	// orders each month's evaluation.
	saveOrderStream = 0x5a7e
)

// holdoutOrder is the order the replay evaluates a month's customers in: a
// seeded shuffle, so that the capacity limit holds back a random subset of
// the red accounts, as a team running a holdout would. In the base's own
// order (signup order) the limit would keep the oldest accounts, and the
// comparison would measure their age, not the play.
func holdoutOrder(cs []*sim.Customer, rng *rand.Rand) []*sim.Customer {
	cs = slices.Clone(cs)
	rng.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
	return cs
}

// replaySavePlay runs the save play on the first of each of the last
// replayMonths months over the customers of the day, with their health then
// and a month before, and has each CSM finish the tasks of the runs opened:
// the history a real team's store would hold.
func (r *review) replaySavePlay() error {
	v := &r.team.save
	i := slices.IndexFunc(playbook.SecondSaleLibrary(), func(p playbook.Play) bool { return p.ID == savePlayID })
	if i < 0 {
		return fmt.Errorf("the library has no play %q", savePlayID)
	}
	v.play = playbook.SecondSaleLibrary()[i]
	v.play.Suppression.Limits.MaxOpenPerOwner = saveCapacity
	v.store = playbook.NewMemoryStore()
	eng, err := playbook.New([]playbook.Play{v.play}, v.store, &playbook.Options{
		Clock:  fixedClock(r.asOf),
		Assign: r.assign,
	})
	if err != nil {
		return err
	}
	ctx := context.Background()
	previous := map[success.AccountID]health.Score{}
	points := map[success.AccountID][]impact.HealthPoint{}
	var opened [][]playbook.Task
	rng := rand.New(rand.NewPCG(r.base.Options.Seed, saveOrderStream))
	for m := replayMonths; m >= 1; m-- {
		at := r.asOf.AddDate(0, -m, 0)
		cs := holdoutOrder(slices.Collect(r.base.CustomersAt(at.AddDate(0, 0, -1))), rng)
		scores, err := parallel(cs, func(c *sim.Customer) (health.Score, error) { return r.base.Score(c, at) })
		if err != nil {
			return err
		}
		for k, c := range cs {
			s := scores[k]
			f := playbook.Facts{Account: c.AccountAsOf(at), AsOf: at, Health: &s}
			if p, ok := previous[c.Account.ID]; ok {
				f.HealthHistory = []health.Score{p}
			}
			previous[c.Account.ID] = s
			if s.Available {
				points[c.Account.ID] = append(points[c.Account.ID], impact.HealthPoint{At: at, Score: s.ReportedValue})
			}
			ds, err := eng.Evaluate(ctx, &f)
			if err != nil {
				return fmt.Errorf("save play on %s: %w", c.Account.ID, err)
			}
			for _, d := range ds {
				if d.Kind == playbook.DecisionOpen {
					opened = append(opened, d.Tasks)
				}
			}
		}
		// The month's runs are worked after the day's decisions, so a CSM
		// with more new red accounts than capacity has some held back.
		for _, tasks := range opened {
			if err := workThrough(ctx, eng, tasks); err != nil {
				return err
			}
		}
		opened = opened[:0]
	}
	if v.runs, v.trace, err = impact.Load(ctx, v.store, savePlayID); err != nil {
		return err
	}
	var accounts []impact.Account
	for k := range r.base.Customers {
		c := &r.base.Customers[k]
		a := impact.Account{ID: c.Account.ID, Segment: c.Account.Segment, Health: points[c.Account.ID]}
		if !c.Active(r.lastDay()) {
			a.ChurnedAt = lastChurn(c)
		}
		for _, p := range c.Expansions {
			a.Expansions = append(a.Expansions, p.At)
		}
		accounts = append(accounts, a)
	}
	v.impact, err = impact.Measure(impact.Input{PlayID: savePlayID, Runs: v.runs, Trace: v.trace, Accounts: accounts, AsOf: r.asOf},
		impact.Options{Outcome: impact.OutcomeRetention, Comparison: impact.CompareSuppressed, Match: true, Unit: daysPerMonth * 24 * time.Hour})
	if err != nil {
		// Too few treated or held-back accounts in a small base.
		v.failure = err.Error()
	}
	return nil
}

// workThrough has the task owners finish a run's tasks in step order, each
// on its due day (counted from the step before where the play says so).
func workThrough(ctx context.Context, eng *playbook.Engine, tasks []playbook.Task) error {
	done := time.Time{}
	for _, t := range slices.SortedFunc(slices.Values(tasks), func(a, b playbook.Task) int { return a.Step - b.Step }) {
		at := t.Due
		if at.IsZero() {
			stored, err := eng.Store().Task(ctx, t.ID)
			if err != nil {
				return err
			}
			at = stored.Due
		}
		if at.IsZero() {
			at = done
		}
		if _, err := eng.CompleteTask(ctx, t.ID, playbook.Action{Actor: playbook.Actor(t.Owner), At: at}); err != nil {
			return fmt.Errorf("completing %s: %w", t.Title, err)
		}
		done = at
	}
	return nil
}

// lastChurn is the date of the customer's last logo churn.
func lastChurn(c *sim.Customer) time.Time {
	var at time.Time
	for _, e := range c.Churns {
		if e.Kind == churn.FullChurn {
			at = e.Date
		}
	}
	return at
}

// assign gives the CSM's tasks to the account's CSM and leaves other roles
// as they are (a pooled team's queue).
func (r *review) assign(role string, f *playbook.Facts) string {
	if role == csmRole {
		return r.owners[f.Account.ID]
	}
	return role
}

// saveSection: whether the save play retains red accounts longer than a
// holdout of the same red accounts.
func (r *review) saveSection() chart.Section {
	s := r.team.save
	sec := chart.Section{ID: "save-play", Title: "The save play: measured impact on retention",
		Paragraphs: []string{fmt.Sprintf("The save play was replayed on the first of each of the last %d months, each CSM working at most %d save runs at once. "+
			"Each month's customers were evaluated in a random order (seeded by the report's seed), so the red accounts the capacity limit held back are a random subset, a holdout, as a team measuring a play would keep one. "+
			"The simulation gives plays no causal effect, so finding no significant difference is the true answer here; a real team's holdout would show its own plays' effect.", replayMonths, saveCapacity)}}
	var rows [][]chart.Cell
	if s.failure != "" {
		rows = append(rows, []chart.Cell{chart.Text("not measured"), chart.Text(s.failure)})
	} else {
		d := s.impact.Difference
		sec.Stats = []chart.Stat{
			{ID: "save-difference", Label: "months retained, treated minus held back", Value: d.Estimate, Unit: chart.Fixed(2),
				Note: fmt.Sprintf("%.0f%% interval %.2f to %.2f months", 100*d.ConfLevel, d.Lower, d.Upper)},
			{ID: "save-treated", Label: "red accounts the play ran for", Value: float64(s.impact.Treated), Unit: chart.Count},
			{ID: "save-compared", Label: "red accounts held back (the holdout)", Value: float64(s.impact.Compared), Unit: chart.Count},
		}
		rows = append(rows,
			[]chart.Cell{chart.Text("red accounts the play ran for (treated)"), chart.Num(float64(s.impact.Treated), chart.Count)},
			[]chart.Cell{chart.Text("red accounts held back by capacity, a random holdout (compared)"), chart.Num(float64(s.impact.Compared), chart.Count)},
			[]chart.Cell{chart.Text("months retained, treated (restricted mean)"), chart.Num(d.Treated, chart.Fixed(2))},
			[]chart.Cell{chart.Text("months retained, compared"), chart.Num(d.Comparison, chart.Fixed(2))},
			[]chart.Cell{chart.Text("difference"), chart.Num(d.Estimate, chart.Fixed(2))},
			[]chart.Cell{chart.Text(fmt.Sprintf("%.0f%% interval", 100*d.ConfLevel)), chart.Text(fmt.Sprintf("%.2f to %.2f months", d.Lower, d.Upper))},
		)
		if rt := s.impact.Retention; rt != nil {
			rows = append(rows, []chart.Cell{chart.Text("log-rank p-value"), chart.Num(rt.LogRank.PValue, chart.Significant(3))})
		}
		// The SDK's own caveat, in full: a table cell squeezed it to a column.
		sec.Paragraphs = append(sec.Paragraphs, "The SDK calls every such comparison observational, since it cannot know how the held-back group was formed: "+s.impact.Note+".")
	}
	sec.Blocks = []chart.Block{
		chart.Table{ID: "save-impact", Caption: fmt.Sprintf("Measured impact of the save play on retention (%d-month replay, each CSM working %d at a time)", replayMonths, saveCapacity),
			Head: []string{"measure", "value"}, Rows: rows},
	}
	return sec
}
