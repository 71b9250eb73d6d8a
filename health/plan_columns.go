package health

import (
	"fmt"
	"math"
	"strconv"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// batchBlock is how many accounts ScoreColumns processes per pass over the
// measures: small enough for its accumulators to stay in L1 cache.
const batchBlock = 256

// rescore flags a row of a block whose input is missing or bad; such rows are
// scored again one at a time by scoreRow.
const rescore uint8 = 1

// ScoreColumns scores many accounts at once, for pipelines. columns[m][i] is
// the input of measure m (in MeasureIDs order) for account i, encoded as a
// float64: numbers as they are, booleans as 0 or 1, categories as their index
// in the normaliser's Categories (-1 for an unlisted category, an error unless
// the measure has DefaultPoints), and NaN for a
// missing input. values[i] receives account i's score, NaN when unavailable;
// bands, when not nil, receives the index into Bands() after critical caps,
// -1 when unavailable; confident, when not nil, receives Score.Confident
// (false for a low-confidence or unavailable score).
//
// The values equal Plan.Score's exactly (same operations in the same order).
// Nothing is allocated per account. A row with a bad input (an infinite
// number, a boolean other than 0/1, a category index out of range, an input
// outside every tier, a host function error) gets NaN and -1 and is reported
// in the returned success.FieldErrors, with its row and measure; every other
// row is still scored. Columns of the wrong number or length are an error
// before anything is scored.
func (p *Plan) ScoreColumns(columns [][]float64, values []float64, bands []int, confident []bool) error {
	if err := p.checkColumns(columns, values, bands, confident); err != nil {
		return err
	}
	var problems success.FieldErrors
	var acc [batchBlock]float64
	var flags [batchBlock]uint8
	var caps [batchBlock]int32
	var critPts [batchBlock]float64
	for start := 0; start < len(values); start += batchBlock {
		end := min(start+batchBlock, len(values))
		n := end - start
		clear(acc[:n])
		clear(flags[:n])
		if bands != nil {
			for r := range n {
				caps[r] = int32(len(p.bands))
			}
		}
		for m := range p.measures {
			pm := &p.measures[m]
			if bands == nil || !pm.critical {
				p.accumulate(m, columns[m][start:end], acc[:n], flags[:n], nil)
				continue
			}
			p.accumulate(m, columns[m][start:end], acc[:n], flags[:n], critPts[:n])
			for r, pts := range critPts[:n] {
				if flags[r] == 0 && pts < pm.critBelow && int32(pm.critBand) < caps[r] {
					caps[r] = int32(pm.critBand)
				}
			}
		}
		for r := range n {
			i := start + r
			if flags[r] != 0 {
				if err := p.scoreRow(columns, i, values, bands, confident); err != nil {
					problems = append(problems, err...)
				}
				continue
			}
			v := clampScore(acc[r])
			values[i] = v
			if bands != nil {
				bands[i] = min(bandIndex(p.bands, v), int(caps[r]))
			}
			if confident != nil {
				confident[i] = true // every input present: the whole weight is known
			}
		}
	}
	return problems.Err()
}

func (p *Plan) checkColumns(columns [][]float64, values []float64, bands []int, confident []bool) error {
	if !p.usable() {
		return errNotCompiled
	}
	var ps success.FieldErrors
	if len(columns) != len(p.measures) {
		fielderr.Addf(&ps, ErrInvalid, "columns", "want %d columns (one per measure, in MeasureIDs order), got %d", len(p.measures), len(columns))
	}
	for m, col := range columns {
		if len(col) != len(values) {
			fielderr.Addf(&ps, ErrInvalid, "columns["+strconv.Itoa(m)+"]", "has %d rows, want %d (len(values))", len(col), len(values))
		}
	}
	if bands != nil && len(bands) != len(values) {
		fielderr.Addf(&ps, ErrInvalid, "bands", "has %d rows, want %d (len(values))", len(bands), len(values))
	}
	if confident != nil && len(confident) != len(values) {
		fielderr.Addf(&ps, ErrInvalid, "confident", "has %d rows, want %d (len(values))", len(confident), len(values))
	}
	return ps.Err()
}

// accumulate adds measure m's full-weight contribution to every row of a
// block, and flags rows where the input is missing or bad; flagged rows are
// rescored one by one by scoreRow. When out is not nil it receives each
// row's points (for critical caps).
func (p *Plan) accumulate(m int, col, acc []float64, flags []uint8, out []float64) {
	pm := &p.measures[m]
	e := p.fullM[m]
	acc = acc[:len(col)]
	flags = flags[:len(col)]
	switch pm.kind {
	case opLinear:
		lo, inv, higher := pm.min, pm.inv, pm.higher
		for r, x := range col {
			if x != x || x > math.MaxFloat64 || x < -math.MaxFloat64 { // NaN or Inf
				flags[r] = rescore
				continue
			}
			pts := linearPoints(x, lo, inv, higher)
			acc[r] += float64(e * pts)
			if out != nil {
				out[r] = pts
			}
		}
	case opTiers:
		lo, hi, bounds, pts := pm.tiers[0].From, pm.tiers[len(pm.tiers)-1].To, pm.tierBounds, pm.tierPoints
		for r, x := range col {
			if !(x >= lo && x < hi) { // NaN or outside every tier
				flags[r] = rescore
				continue
			}
			k := 0
			for _, b := range bounds {
				step := 0
				if x >= b { // written so the compiler emits a conditional move, not a branch
					step = 1
				}
				k += step
			}
			acc[r] += float64(e * pts[k])
			if out != nil {
				out[r] = pts[k]
			}
		}
	case opBoolean:
		t, f := pm.truePts, pm.falsePts
		for r, x := range col {
			var pts float64
			switch x {
			case 1:
				pts = t
			case 0:
				pts = f
			default:
				flags[r] = rescore
				continue
			}
			acc[r] += float64(e * pts)
			if out != nil {
				out[r] = pts
			}
		}
	case opCategorical:
		cats := pm.catPoints
		for r, x := range col {
			var pts float64
			if i := int(x); float64(i) == x && uint(i) < uint(len(cats)) {
				pts = cats[i]
			} else if x == -1 && pm.hasDefault {
				pts = pm.defaultPts
			} else {
				flags[r] = rescore
				continue
			}
			acc[r] += float64(e * pts)
			if out != nil {
				out[r] = pts
			}
		}
	default:
		for r, x := range col {
			pts, err := pm.pointsOfNumber(x)
			if err != nil || x != x {
				flags[r] = rescore
				continue
			}
			acc[r] += float64(e * pts)
			if out != nil {
				out[r] = pts
			}
		}
	}
}

// scoreRow scores row i alone: the path for rows with missing or bad inputs.
func (p *Plan) scoreRow(columns [][]float64, i int, values []float64, bands []int, confident []bool) success.FieldErrors {
	var arrays inputArrays
	w := arrays.state(len(p.measures))
	points, present := w.points, w.present
	missing := 0
	var problems success.FieldErrors
	for m := range p.measures {
		x := columns[m][i]
		if math.IsNaN(x) {
			points[m], present[m] = 0, false
			missing++
			continue
		}
		pts, err := p.measures[m].pointsOfNumber(x)
		if err != nil {
			fielderr.Addf(&problems, ErrInvalid, fmt.Sprintf("columns[%d][%d]", m, i), "measure %q: %v", p.measures[m].id, err)
			continue
		}
		points[m], present[m] = pts, true
	}
	if len(problems) > 0 {
		unavailableRow(i, values, bands, confident)
		return problems
	}
	available, effM := true, p.fullM
	if missing > 0 {
		var ws weightScratch
		available, _, effM = p.applyMissing(points, present, &ws)
	}
	sure := p.confident(p.knownShare(present, missing))
	if !available || !sure && p.lowOff {
		unavailableRow(i, values, bands, confident)
		return nil
	}
	v := combine(points, effM)
	values[i] = v
	if bands != nil {
		bands[i] = p.capBand(bandIndex(p.bands, v), points, present)
	}
	if confident != nil {
		confident[i] = sure
	}
	return nil
}

// unavailableRow writes the outputs of a row without a score.
func unavailableRow(i int, values []float64, bands []int, confident []bool) {
	values[i] = math.NaN()
	if bands != nil {
		bands[i] = -1
	}
	if confident != nil {
		confident[i] = false
	}
}

// CategoryIndex returns the batch column encoding of a category of a
// categorical measure: its index, or -1 when the category is not listed.
// ok is false when measureID is not a categorical measure of the plan.
func (p *Plan) CategoryIndex(measureID, category string) (index float64, ok bool) {
	if !p.usable() {
		return 0, false
	}
	m, known := p.index[measureID]
	if !known || p.measures[m].kind != opCategorical {
		return 0, false
	}
	return float64(p.measures[m].categoryIndex(category)), true
}
