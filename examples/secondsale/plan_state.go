package main

import (
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// planState is one compiled scorecard with its batch buffers.
type planState struct {
	plan      *health.Plan
	id        string
	bands     []string
	in        *records.MeasureInputs
	x         []float64 // one row of inputs, before it joins the columns
	cols      [][]float64
	view      [][]float64
	values    []float64
	band      []int8
	confident []bool
	bad       map[int]records.Reject // rows the batch rejected
}

func newPlanState(plan *health.Plan) *planState {
	ps := &planState{plan: plan, id: plan.Scorecard().ID, in: records.NewMeasureInputs(plan)}
	for _, b := range plan.Bands() {
		ps.bands = append(ps.bands, b.Name)
	}
	n := ps.in.Len()
	ps.x, ps.cols, ps.view = make([]float64, n), make([][]float64, n), make([][]float64, n)
	return ps
}

// fill puts a record's inputs into the plan's next column row
// (records.MeasureInputs checks them).
func (ps *planState) fill(r *records.AccountRecord, file string, line int64) *records.Reject {
	if rej := ps.in.Columns(r, ps.x, file, line); rej != nil {
		return rej
	}
	for m, x := range ps.x {
		ps.cols[m] = append(ps.cols[m][:len(ps.values)], x)
	}
	return nil
}

// score runs the batch over the rows filled since the last chunk.
func (ps *planState) score() error {
	n := len(ps.values)
	if n == 0 {
		return nil
	}
	for m := range ps.cols {
		ps.view[m] = ps.cols[m][:n]
	}
	ps.band = append(ps.band[:0], make([]int8, n)...)
	ps.confident = append(ps.confident[:0], make([]bool, n)...)
	err := ps.plan.ScoreColumns(ps.view, ps.values, ps.band, ps.confident, success.ColumnOptions{})
	if err == nil {
		return nil
	}
	ps.bad, err = ps.in.BatchRejects(err)
	return err
}
