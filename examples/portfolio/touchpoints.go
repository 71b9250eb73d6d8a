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

// touchpointBlocks are the goal-met rates per channel.
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
	return []chart.Block{
		chart.Table{ID: "touchpoint-goals", Caption: "CSM touchpoints of the last 12 months: goal met by channel",
			Head: []string{"channel", "touchpoints", "met", "missed", "goal-met rate", "95% interval"}, Rows: rows},
	}
}
