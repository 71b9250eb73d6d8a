package records

import (
	"math"
	"regexp"
	"strconv"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// MeasureInputs turns account records' inputs into what a scorecard's
// plan reads, a row of batch columns (Plan.ScoreColumns) or the inputs by
// position (Plan.ScoreValues), checking each input's kind against its
// measure's normaliser as Plan.Score would. The tool and the pipeline share
// it, so that a record is scored or rejected alike in both.
type MeasureInputs struct {
	plan   *health.Plan
	id     string
	ids    []string
	index  map[string]int
	kinds  []health.NormaliserKind
	order  []int           // the measure of each input position on the record before
	values []success.Value // Explain's inputs by position
}

// NewMeasureInputs reads the plan's measures and their normalisers.
func NewMeasureInputs(plan *health.Plan) *MeasureInputs {
	sc := plan.Scorecard()
	kinds := map[string]health.NormaliserKind{}
	var walk func(ms []health.Measure, gs []health.Group)
	walk = func(ms []health.Measure, gs []health.Group) {
		for _, m := range ms {
			kinds[m.ID] = m.Normaliser.Kind
		}
		for _, g := range gs {
			walk(g.Measures, g.Groups)
		}
	}
	walk(sc.Measures, sc.Groups)
	mi := &MeasureInputs{plan: plan, id: sc.ID, ids: plan.MeasureIDs(), index: map[string]int{}}
	mi.values = make([]success.Value, len(mi.ids))
	for i, id := range mi.ids {
		mi.index[id] = i
		mi.kinds = append(mi.kinds, kinds[id])
	}
	return mi
}

// Len is the number of measures.
func (mi *MeasureInputs) Len() int { return len(mi.ids) }

// Columns writes rec's inputs into x (one per measure, in MeasureIDs order)
// in the batch encoding: numbers as they are, booleans as 0 or 1,
// categories as their index, NaN for a missing input.
func (mi *MeasureInputs) Columns(rec *AccountRecord, x []float64, file string, line int64) *Reject {
	for m := range x {
		x[m] = math.NaN()
	}
	return mi.each(rec, file, line, func(m int, in Input, v float64) { x[m] = v })
}

// Values writes rec's inputs into dst by position, the zero success.Value
// for a missing input.
func (mi *MeasureInputs) Values(rec *AccountRecord, dst []success.Value, file string, line int64) *Reject {
	clear(dst)
	return mi.each(rec, file, line, func(m int, in Input, _ float64) { dst[m] = in.Value })
}

// each checks every input of rec and hands it to put with its measure and
// batch encoding.
func (mi *MeasureInputs) each(rec *AccountRecord, file string, line int64, put func(m int, in Input, x float64)) *Reject {
	bad := func(in Input, reason string) *Reject {
		return &Reject{File: file, Line: line, Field: "inputs." + in.Measure, Reason: reason}
	}
	for j, in := range rec.Inputs {
		// Records list their inputs in the same order, mostly: try the
		// measure at this place on the record before first.
		m := -1
		if j < len(mi.order) && in.Measure == mi.ids[mi.order[j]] {
			m = mi.order[j]
		} else if k, ok := mi.index[in.Measure]; ok {
			m = k
			if j < len(mi.order) {
				mi.order[j] = k
			} else if j == len(mi.order) {
				mi.order = append(mi.order, k)
			}
		} else {
			return bad(in, "not a measure of scorecard "+strconv.Quote(mi.id))
		}
		var x float64
		switch mi.kinds[m] {
		case health.KindBoolean:
			b, ok := in.Value.Bool()
			if !ok {
				return bad(in, "want a boolean, found "+in.Value.Kind().String())
			}
			if x = 0; b {
				x = 1
			}
		case health.KindCategorical:
			str, ok := in.Value.Str()
			if !ok {
				return bad(in, "want a category (string), found "+in.Value.Kind().String())
			}
			x, _ = mi.plan.CategoryIndex(in.Measure, str)
		default:
			f, ok := in.Value.Num()
			if !ok {
				return bad(in, "want a number, found "+in.Value.Kind().String())
			}
			x = f
		}
		put(m, in, x)
	}
	return nil
}

// batchPath matches the place of a batch problem: "columns[3][41]" is
// measure 3 of row 41.
var batchPath = regexp.MustCompile(`^columns\[(\d+)\]\[(\d+)\]$`)

// BatchRejects reads the problems Plan.ScoreColumns reported into the
// reject of each bad row (its first problem), by row, with the field of
// the measure; File and Line are the caller's to fill. An error that is no
// per-row problem (columns of the wrong shape) is returned as it is.
func (mi *MeasureInputs) BatchRejects(err error) (map[int]Reject, error) {
	problems := success.AsFieldErrors(err)
	if len(problems) == 0 {
		return nil, err
	}
	rejects := map[int]Reject{}
	for _, p := range problems {
		sm := batchPath.FindStringSubmatch(p.Path)
		if sm == nil {
			return nil, err
		}
		m, _ := strconv.Atoi(sm[1])
		row, _ := strconv.Atoi(sm[2])
		if _, dup := rejects[row]; !dup && m < len(mi.ids) {
			rejects[row] = Reject{Field: "inputs." + mi.ids[m], Reason: p.Problem}
		}
	}
	return rejects, nil
}

// Explain scores rec with its full explanation into dst through
// Plan.ScoreValues, as the command-line tool's score -explain and the Beam
// pipeline do: a record either has its Score or is a reject naming its
// file, line and the measure's input, worded as the batch's rejects are.
func (mi *MeasureInputs) Explain(dst *health.Score, rec *AccountRecord, file string, line int64) *Reject {
	if rej := mi.Values(rec, mi.values, file, line); rej != nil {
		return rej
	}
	if err := mi.plan.ScoreValues(dst, rec.Account, mi.values, rec.AsOf, health.ScoreOptions{}); err != nil {
		rej := mi.valuesReject(err)
		rej.File, rej.Line = file, line
		return &rej
	}
	return nil
}

// valuesReject is the reject of a record Plan.ScoreValues refused: its
// first problem, named by the measure's input as BatchRejects names it
// ("inputs.<measure>"), or the whole error when it names no measure.
func (mi *MeasureInputs) valuesReject(err error) Reject {
	for _, p := range success.AsFieldErrors(err) {
		sm := valuesPath.FindStringSubmatch(p.Path)
		if sm == nil {
			continue
		}
		if m, _ := strconv.Atoi(sm[1]); m < len(mi.ids) {
			return Reject{Field: "inputs." + mi.ids[m], Reason: p.Problem}
		}
	}
	return Reject{Reason: err.Error()}
}

// valuesPath is the path Plan.ScoreValues names an input by.
var valuesPath = regexp.MustCompile(`^values\[(\d+)\]$`)
