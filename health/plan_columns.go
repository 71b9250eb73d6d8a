package health

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// minRowsPerWorker is the fewest rows worth a goroutine of their own: below
// it, starting and joining one costs more than it saves.
const minRowsPerWorker = 16 * batchBlock

// ScoreColumns scores many accounts at once, for pipelines. columns[m][i] is
// the input of measure m (in MeasureIDs order) for account i, encoded as a
// float64: numbers as they are, booleans as 0 or 1, categories as their index
// in the normaliser's Categories (-1 for an unlisted category, an error unless
// the measure has DefaultPoints), and NaN for a missing input. values[i]
// receives account i's score, NaN when unavailable; bands, when not nil,
// receives the index into Bands() after critical caps, -1 when unavailable
// (an int8: a plan has at most MaxBands bands); confident, when not nil,
// receives Score.Confident (false for a low-confidence or unavailable
// score).
//
// The values equal Plan.Score's exactly, missing inputs included: the same
// effective weights, the same operations in the same order. Rows with
// missing inputs are scored in the block with the others, the effective
// weights of each missing-input pattern computed once per call; only in a
// plan of more than 64 measures is a row missing an input beyond the 64th
// scored on its own, more slowly. Working memory is allocated once per call
// (and per worker), in proportion to the plan, never per account. See
// success.ColumnOptions to use several cores (at most one goroutine per
// 4,096 rows; a host PointsFunc must then be safe for concurrent use).
//
// A row with a bad input (an infinite number, a boolean other than 0/1, a
// category index out of range, an input outside every tier, a host
// function error) gets NaN and -1 and is reported in the returned
// success.FieldErrors, with its row and measure, in row order; every other
// row is still scored. Columns of the wrong number or length are an error
// before anything is scored.
func (p *Plan) ScoreColumns(columns [][]float64, values []float64, bands []int8, confident []bool, opts success.ColumnOptions) error {
	if err := p.checkColumns(columns, values, bands, confident, opts); err != nil {
		return err
	}
	n := len(values)
	workers := min(opts.Workers, runtime.GOMAXPROCS(0), n/minRowsPerWorker)
	if workers <= 1 {
		return p.scoreRows(columns, 0, n, values, bands, confident).Err()
	}
	// Ranges of whole blocks, one per worker; each reports its own rows.
	perWorker := (n + workers - 1) / workers
	chunk := (perWorker + batchBlock - 1) / batchBlock * batchBlock
	found := make([]success.FieldErrors, workers)
	var wg sync.WaitGroup
	for w := range workers {
		from, to := min(w*chunk, n), min((w+1)*chunk, n)
		wg.Go(func() { found[w] = p.scoreRows(columns, from, to, values, bands, confident) })
	}
	wg.Wait()
	var problems success.FieldErrors
	for _, ps := range found {
		problems = append(problems, ps...)
	}
	return problems.Err()
}

// scoreRows scores rows [from, to) block by block and returns the problems
// of their bad inputs.
func (p *Plan) scoreRows(columns [][]float64, from, to int, values []float64, bands []int8, confident []bool) success.FieldErrors {
	if from >= to {
		return nil
	}
	s := p.newBatchScratch(to - from)
	var problems success.FieldErrors
	for start := from; start < to; start += s.rows {
		end := min(start+s.rows, to)
		problems = p.scoreBlock(s, columns, start, end, values, bands, confident, problems)
	}
	return problems
}

func (p *Plan) checkColumns(columns [][]float64, values []float64, bands []int8, confident []bool, opts success.ColumnOptions) error {
	if !p.usable() {
		return errNotCompiled
	}
	var ps success.FieldErrors
	if opts.Workers < 0 {
		fielderr.Addf(&ps, ErrInvalid, "opts.workers", "must be >= 0, got %d", opts.Workers)
	}
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

// scoreBlock scores rows [start, end) in three passes: each measure's
// points and full-weight contribution for every row, the outputs of every
// row as if nothing were missing, then the rows whose sum is NaN because
// an input is missing or bad: a row with missing inputs from its stored
// points with the effective weights of its pattern, a row with a bad input
// (or missing an input beyond the 64th measure) by scoreRow, which reports
// it.
func (p *Plan) scoreBlock(s *batchScratch, columns [][]float64, start, end int, values []float64, bands []int8, confident []bool, problems success.FieldErrors) success.FieldErrors {
	n := end - start
	acc := s.acc[:n]
	clear(acc)
	for m := 0; m < len(p.measures); m++ {
		pm := &p.measures[m]
		if m+1 < len(p.measures) && pm.kind == opLinear && p.measures[m+1].kind == opLinear {
			linearPairBlock(pm, &p.measures[m+1], columns[m][start:end], columns[m+1][start:end],
				s.points(m, n), s.points(m+1, n), acc, p.fullM[m], p.fullM[m+1])
			m++
			continue
		}
		pm.pointsBlock(columns[m][start:end], s.points(m, n), acc, p.fullM[m])
	}
	vals, todo, k := values[start:end], s.todo[:n], 0
	for r, a := range acc {
		vals[r] = clampScore(a)
		todo[k] = int32(r)
		k += int(flag(a != a)) // a missing or bad input: look again below
	}
	todo = todo[:k]
	var caps []int8
	if bands != nil {
		caps = s.caps[:n]
		p.bandBlock(s, vals, bands[start:end], caps)
	}
	if confident != nil {
		cs := confident[start:end]
		for r := range cs {
			cs[r] = true // every input present: the whole weight is known
		}
	}
	masks := s.missingMasks(columns, start, todo)
	for j, r := range todo {
		i := start + int(r)
		if masks[j] == 0 { // nothing missing: an input is bad
			problems = append(problems, p.scoreRow(columns, i, values, bands, confident)...)
			continue
		}
		slot := s.patterns.lookup(p, masks[j])
		// An input that is bad, or missing beyond the 64th measure, has NaN
		// points and no bit in the mask: it leaves the value NaN.
		v := s.patternValue(slot, int(r), masks[j], p.fixed)
		if v != v {
			problems = append(problems, p.scoreRow(columns, i, values, bands, confident)...)
			continue
		}
		if !s.patterns.available[slot] {
			unavailableRow(i, values, bands, confident)
			continue
		}
		v = clampScore(v)
		values[i] = v
		if bands != nil {
			bands[i] = int8(min(bandIndex(p.bandMins, v), int(caps[r])))
		}
		if confident != nil {
			confident[i] = s.patterns.confident[slot]
		}
	}
	return problems
}

// bandBlock writes the band index of each value of a block into bands,
// threshold by threshold (as bandIndex counts them), capped by caps, which
// it fills with the lowest band each row's critical measures allow
// (len(Bands()) when none caps; a missing or bad input has NaN points and
// never caps).
func (p *Plan) bandBlock(s *batchScratch, vals []float64, bands, caps []int8) {
	bands, caps = bands[:len(vals)], caps[:len(vals)]
	clear(bands)
	for _, m := range p.bandMins {
		for r, v := range vals {
			bands[r] += int8(flag(v >= m))
		}
	}
	for r := range caps {
		caps[r] = int8(len(p.bands))
	}
	for _, m := range p.critical {
		pm := &p.measures[m]
		below, band := pm.critBelow, int8(pm.critBand)
		for r, pt := range s.points(m, len(caps)) {
			if pt < below {
				caps[r] = min(caps[r], band)
			}
		}
	}
	if len(p.critical) > 0 {
		for r, c := range caps {
			bands[r] = min(bands[r], c)
		}
	}
}

// scoreRow scores row i alone: the path for rows with a bad input, which it
// reports, and for rows missing an input beyond the 64th measure.
func (p *Plan) scoreRow(columns [][]float64, i int, values []float64, bands []int8, confident []bool) success.FieldErrors {
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
	available, sure := p.verdict(available, p.knownShare(present, missing))
	if !available {
		unavailableRow(i, values, bands, confident)
		return nil
	}
	v := combine(points, effM)
	values[i] = v
	if bands != nil {
		bands[i] = int8(p.capBand(bandIndex(p.bandMins, v), points, present))
	}
	if confident != nil {
		confident[i] = sure
	}
	return nil
}

// unavailableRow writes the outputs of a row without a score.
func unavailableRow(i int, values []float64, bands []int8, confident []bool) {
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
