package main

import (
	"math"
	"regexp"
	"strconv"

	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// planState is one compiled scorecard with its batch buffers.
type planState struct {
	plan      *health.Plan
	id        string
	index     map[string]int
	kinds     []health.NormaliserKind
	bands     []string
	cols      [][]float64
	view      [][]float64
	values    []float64
	band      []int8
	confident []bool
	bad       map[int]string // rows the batch rejected, with the reason
	badField  map[int]string
	inputs    []success.Value // explain: inputs by position
	ids       []string
	order     []int // measure of each input position on the record before
}

// fill puts a record's inputs into the plan's next column row (or, to
// explain, its inputs by position), checking each input's kind against
// its measure's normaliser, as Plan.Score would.
func (ps *planState) fill(r *records.AccountRecord, explain bool) (field, reason string) {
	row := len(ps.values)
	if !explain {
		for m := range ps.cols {
			ps.cols[m] = append(ps.cols[m][:row], math.NaN())
		}
	} else {
		clear(ps.inputs)
	}
	for j, in := range r.Inputs {
		// Records list their inputs in the same order, mostly: try the
		// measure at this place on the record before first.
		m := -1
		if j < len(ps.order) && in.Measure == ps.ids[ps.order[j]] {
			m = ps.order[j]
		} else if k, ok := ps.index[in.Measure]; ok {
			m = k
			if j < len(ps.order) {
				ps.order[j] = k
			} else if j == len(ps.order) {
				ps.order = append(ps.order, k)
			}
		} else {
			return "inputs." + in.Measure, "not a measure of scorecard " + strconv.Quote(ps.id)
		}
		var x float64
		switch ps.kinds[m] {
		case health.KindBoolean:
			b, ok := in.Value.Bool()
			if !ok {
				return "inputs." + in.Measure, "want a boolean, found " + in.Value.Kind().String()
			}
			if x = 0; b {
				x = 1
			}
		case health.KindCategorical:
			str, ok := in.Value.Str()
			if !ok {
				return "inputs." + in.Measure, "want a category (string), found " + in.Value.Kind().String()
			}
			x, _ = ps.plan.CategoryIndex(in.Measure, str)
		default:
			f, ok := in.Value.Num()
			if !ok {
				return "inputs." + in.Measure, "want a number, found " + in.Value.Kind().String()
			}
			x = f
		}
		if explain {
			ps.inputs[m] = in.Value
		} else {
			ps.cols[m][row] = x
		}
	}
	return "", ""
}

// rowPath matches the row of a batch problem: "columns[3][41]".
var rowPath = regexp.MustCompile(`^columns\[(\d+)\]\[(\d+)\]$`)

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
	problems := success.AsFieldErrors(err)
	if len(problems) == 0 {
		return err
	}
	if ps.bad == nil {
		ps.bad, ps.badField = map[int]string{}, map[int]string{}
	}
	for _, p := range problems {
		sm := rowPath.FindStringSubmatch(p.Path)
		if sm == nil {
			return err
		}
		m, _ := strconv.Atoi(sm[1])
		row, _ := strconv.Atoi(sm[2])
		if _, dup := ps.bad[row]; !dup {
			ps.bad[row], ps.badField[row] = p.Problem, "inputs."+ps.plan.MeasureIDs()[m]
		}
	}
	return nil
}
