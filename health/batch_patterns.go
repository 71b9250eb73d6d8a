package health

// patternSlots is how many missing-input patterns a ScoreColumns call keeps
// the effective weights of. At 2% missing cells over 10 measures, the 55
// patterns of one or two missing inputs cover 99.9% of the rows that miss
// any.
const patternSlots = 256

// batchPatterns caches, for missing-input patterns (bit m set when measure m
// is missing), whether a row with the pattern has a score, whether it is
// confident, and its measures' effective weights: an open-addressing table
// filled on first use and emptied when three quarters full, so an input
// with more patterns than slots costs refills, never wrong weights.
type batchPatterns struct {
	measures  int
	shift     uint     // 64 - log2(slots)
	used      int      // slots filled
	keys      []uint64 // the pattern held by each slot; 0 when empty
	available []bool
	confident []bool
	weights   []float64 // slot k's measure weights at k*measures
	present   []bool    // scratch, one per measure
	sum, eff  []float64 // scratch, one per node
}

// init sizes the cache to slots (a power of two) from floats, which holds
// slots*measures weights and two node-sized scratch arrays.
func (c *batchPatterns) init(slots, measures int, floats []float64) {
	c.measures = measures
	c.shift = 64
	for k := slots; k > 1; k /= 2 {
		c.shift--
	}
	c.keys = make([]uint64, slots)
	flags := make([]bool, 2*slots+measures)
	c.available, c.confident, c.present = flags[:slots], flags[slots:2*slots], flags[2*slots:]
	c.weights, floats = floats[:slots*measures], floats[slots*measures:]
	nodes := len(floats) / 2
	c.sum, c.eff = floats[:nodes], floats[nodes:]
}

// lookup returns the slot holding mask's pattern (mask != 0), filling one
// when needed.
func (c *batchPatterns) lookup(p *Plan, mask uint64) int {
	last := len(c.keys) - 1
	for {
		slot := int((mask * 0x9e3779b97f4a7c15) >> c.shift) // Fibonacci hashing
		for c.keys[slot] != 0 {
			if c.keys[slot] == mask {
				return slot
			}
			slot = (slot + 1) & last
		}
		if c.used < max(1, 3*len(c.keys)/4) { // at least one slot stays empty
			c.used++
			c.fill(p, slot, mask)
			return slot
		}
		clear(c.keys) // full: start again
		c.used = 0
	}
}

// fill computes a pattern's verdict and weights as the single-account path
// does for a row missing those inputs.
func (c *batchPatterns) fill(p *Plan, slot int, mask uint64) {
	missing := 0
	for m := range c.present {
		here := mask>>m&1 == 0
		c.present[m] = here
		if !here {
			missing++
		}
	}
	w := c.weightsOf(slot)
	available, _, effM := p.missingWeights(c.present, c.sum, c.eff, w)
	copy(w, effM)
	c.available[slot], c.confident[slot] = p.verdict(available, p.knownShare(c.present, missing))
	c.keys[slot] = mask
}

func (c *batchPatterns) weightsOf(slot int) []float64 {
	return c.weights[slot*c.measures:][:c.measures]
}
