package health

import "math"

// batchBlock is how many accounts ScoreColumns processes per pass over the
// measures: small enough for a block's points and sums to stay in L1 cache.
const batchBlock = 256

// batchScratch is ScoreColumns' working memory for one call: one block of
// rows at a time, and the effective weights of the missing-input patterns
// met so far. It is allocated once per call, sized by the plan and the
// block, so nothing is allocated per account.
type batchScratch struct {
	rows int // rows per block: batchBlock, or fewer for a short call
	acc  [batchBlock]float64
	caps [batchBlock]int8
	todo [batchBlock]int32 // the rows of the block to look at again
	// masks holds the missing-input pattern of each row in todo.
	masks [batchBlock]uint64
	// pts holds every measure's points for the block, measure m of row r
	// at m*rows+r; NaN where the input is missing or bad.
	pts      []float64
	patterns batchPatterns
}

func (p *Plan) newBatchScratch(n int) *batchScratch {
	rows := min(n, batchBlock)
	s := &batchScratch{rows: rows}
	nm, nn := len(p.measures), len(p.nodes)
	slots := 2 // one stays empty (see lookup)
	for slots < min(n, patternSlots) {
		slots *= 2
	}
	floats := make([]float64, nm*rows+slots*nm+2*nn)
	s.pts, floats = floats[:nm*rows], floats[nm*rows:]
	s.patterns.init(slots, nm, floats)
	return s
}

// points returns measure m's points for the first n rows of the block.
func (s *batchScratch) points(m, n int) []float64 { return s.pts[m*s.rows:][:n] }

// patternValue is the score of row r of the block, whose missing-input
// pattern is mask, before clamping: its contributions under the pattern's
// effective weights added in column order, a missing measure scoring fill
// points (MissingPolicy.Points, 0 unless FixedPoints), exactly as combine
// and Plan.Score add them.
func (s *batchScratch) patternValue(slot, r int, mask uint64, fill float64) float64 {
	v, fillBits := 0.0, math.Float64bits(fill)
	for m, w := range s.patterns.weightsOf(slot) {
		// pt, or fill where bit m of mask is set, chosen on the bits: a
		// branch would be mispredicted about once a row.
		pick := -(mask >> m & 1)
		pt := math.Float64frombits(math.Float64bits(s.pts[m*s.rows+r])&^pick | fillBits&pick)
		v += contribution(w, pt)
	}
	return v
}

// missingMasks returns, for each row of the block listed in todo, its
// missing-input pattern: bit m set when the input of measure m < 64 is NaN.
// It goes column by column, without branches, as the rows to look at again
// are a minority scattered over the block.
func (s *batchScratch) missingMasks(columns [][]float64, start int, todo []int32) []uint64 {
	masks := s.masks[:len(todo)]
	clear(masks)
	for m, col := range columns[:min(len(columns), 64)] {
		col, bit := col[start:], uint64(1)<<m
		for j, r := range todo {
			x := col[r]
			masks[j] |= bit & -flag(x != x)
		}
	}
	return masks
}

// flag is 1 for true and 0 for false, without a branch.
func flag(b bool) uint64 {
	var f uint64
	if b {
		f = 1
	}
	return f
}
