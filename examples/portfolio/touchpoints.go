package main

import (
	"fmt"
	"slices"

	"github.com/secondsale/secondsale/examples/portfolio/chart"
	"github.com/secondsale/secondsale/playbook"
)

// analyseTouchpoints reports how often the CSMs' touchpoints of the last
// year met their goal, per play, step, channel and goal.
func (r *review) analyseTouchpoints() error {
	from := r.asOf.AddDate(-1, 0, 0)
	var tps []playbook.Touchpoint
	for tp := range r.base.Touchpoints() {
		if !tp.At.Before(from) {
			tps = append(tps, tp)
		}
	}
	rep, err := playbook.ReportGoals(tps, slices.Collect(r.base.GoalsSeen()), r.asOf, nil)
	if err != nil {
		return fmt.Errorf("touchpoint goals: %w", err)
	}
	r.team.goals = rep
	return nil
}

// touchpointBlocks are the goal-met rates per channel and the save play's
// measured impact.
func (r *review) touchpointBlocks() []chart.Block {
	var rows [][]chart.Cell
	if g := r.team.goals; g != nil {
		for _, rate := range g.Rates {
			if rate.By != playbook.ByChannel {
				continue
			}
			row := []chart.Cell{chart.Text(string(rate.Key.Channel)), chart.Num(float64(rate.Touchpoints), chart.Count), chart.Num(float64(rate.Met), chart.Count),
				chart.Num(float64(rate.Missed), chart.Count)}
			if rate.InsufficientData {
				row = append(row, chart.Text("too few decided"), chart.Text(""))
			} else {
				row = append(row, chart.Num(rate.Rate, chart.Percent), chart.Text(fmt.Sprintf("%.1f%% – %.1f%%", 100*rate.Low, 100*rate.High)))
			}
			rows = append(rows, row)
		}
	}
	s := r.team.save
	imp := [][]chart.Cell{}
	if s.failure != "" {
		imp = append(imp, []chart.Cell{chart.Text("not measured"), chart.Text(s.failure)})
	} else {
		d := s.impact.Difference
		imp = append(imp,
			[]chart.Cell{chart.Text("red accounts the play ran for (treated)"), chart.Num(float64(s.impact.Treated), chart.Count)},
			[]chart.Cell{chart.Text("red accounts held back by capacity (compared)"), chart.Num(float64(s.impact.Compared), chart.Count)},
			[]chart.Cell{chart.Text("months retained, treated (restricted mean)"), chart.Num(d.Treated, chart.Fixed(2))},
			[]chart.Cell{chart.Text("months retained, compared"), chart.Num(d.Comparison, chart.Fixed(2))},
			[]chart.Cell{chart.Text("difference"), chart.Num(d.Estimate, chart.Fixed(2))},
			[]chart.Cell{chart.Text(fmt.Sprintf("%.0f%% interval", 100*d.ConfLevel)), chart.Text(fmt.Sprintf("%.2f to %.2f months", d.Lower, d.Upper))},
		)
		if rt := s.impact.Retention; rt != nil {
			imp = append(imp, []chart.Cell{chart.Text("log-rank p-value"), chart.Num(rt.LogRank.PValue, chart.Significant(3))})
		}
		imp = append(imp, []chart.Cell{chart.Text("caveat"), chart.Text(s.impact.Note)})
	}
	return []chart.Block{
		chart.Table{ID: "touchpoint-goals", Caption: "CSM touchpoints of the last 12 months: goal met by channel",
			Head: []string{"channel", "touchpoints", "met", "missed", "goal-met rate", "95% interval"}, Rows: rows},
		chart.Table{ID: "save-impact", Caption: fmt.Sprintf("Measured impact of the save play on retention (%d-month replay, each CSM working %d at a time)", replayMonths, saveCapacity),
			Head: []string{"measure", "value"}, Rows: imp},
	}
}
