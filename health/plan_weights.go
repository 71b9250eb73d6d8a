package health

// This file holds the effective weights of a scorecard's measures, the
// missing-input policy that changes them, and the weighted sum every scoring
// path shares.

// weights computes the effective weight of every node given which measures
// are present, redistributing the weight of missing children over their
// present siblings in proportion. sum and eff have one slot per node; sum is
// scratch; effM receives the measures' weights in column order. A group is
// missing when the weights of its present children add up to zero. It returns
// false when the whole scorecard is missing.
func (p *Plan) weights(present []bool, sum, eff, effM []float64) bool {
	clear(sum)
	for i := len(p.nodes) - 1; i >= 1; i-- {
		n := &p.nodes[i]
		if n.measure >= 0 && present[n.measure] || n.measure < 0 && sum[i] > 0 {
			sum[n.parent] += n.weight
		}
	}
	if !(sum[0] > 0) {
		clear(eff)
		clear(effM)
		return false
	}
	eff[0] = 1
	for i := 1; i < len(p.nodes); i++ {
		n := &p.nodes[i]
		in := n.measure >= 0 && present[n.measure] || n.measure < 0 && sum[i] > 0
		if in && eff[n.parent] > 0 {
			eff[i] = eff[n.parent] * (n.weight / sum[n.parent])
		} else {
			eff[i] = 0
		}
		if n.measure >= 0 {
			effM[n.measure] = eff[i]
		}
	}
	return true
}

// contribution is a measure's part of the score in points. Every path adds
// contributions in column order starting from 0, so their sums are equal
// exactly. The explicit float64 conversion forbids fused multiply-add, so
// every architecture rounds alike.
func contribution(effectiveWeight, points float64) float64 {
	return float64(effectiveWeight * points)
}

// combine is the weighted sum of a row scored on its own: contributions
// added in column order, then clamped to 0..100 against rounding.
func combine(points, effM []float64) float64 {
	v := 0.0
	for m, pts := range points {
		v += contribution(effM[m], pts)
	}
	return clampScore(v)
}

// weightScratch holds the effective weights of a score with missing inputs,
// on the stack for scorecards of up to 32 nodes; larger scorecards allocate.
type weightScratch struct {
	sum, eff, effM [32]float64
}

// applyMissing applies the missing-input policy to a row with at least one
// missing measure: under FixedPoints it sets the missing measures' points to
// the policy's, then returns missingWeights with ws as scratch.
func (p *Plan) applyMissing(points []float64, present []bool, ws *weightScratch) (available bool, eff, effM []float64) {
	if p.rule == FixedPoints {
		for i := range points {
			if !present[i] {
				points[i] = p.fixed
			}
		}
	}
	nn, nm := len(p.nodes), len(p.measures)
	return p.missingWeights(present, resize(ws.sum[:], nn), resize(ws.eff[:], nn), resize(ws.effM[:], nm))
}

// missingWeights returns whether a row with at least one missing measure
// has a score under the policy, and the node and measure effective weights
// to use: the full weights under FixedPoints, the redistributed ones
// (computed into eff and effM, with sum as scratch, one slot per node and
// per measure) under Redistribute. Both scoring paths call it, so they
// weigh a missing-input pattern alike.
func (p *Plan) missingWeights(present []bool, sum, eff, effM []float64) (available bool, effOut, effMOut []float64) {
	switch p.rule {
	case Unavailable:
		return false, p.full, p.fullM
	case FixedPoints:
		return true, p.full, p.fullM
	}
	return p.weights(present, sum, eff, effM), eff, effM
}

func clampScore(v float64) float64 {
	if v > 100 {
		return 100
	}
	if v < 0 {
		return 0
	}
	return v
}

// knownShare is the nominal weight of the present measures: exactly 1 when
// none is missing (so a policy of 1 is met), else their weights added in
// column order. Every scoring path calls it, so they agree exactly.
func (p *Plan) knownShare(present []bool, missing int) float64 {
	if missing == 0 {
		return 1
	}
	known := 0.0
	for i, here := range present {
		if here {
			known += p.fullM[i]
		}
	}
	return known
}

// confident reports whether a score with the known share clears the policy.
func (p *Plan) confident(known float64) bool { return known >= p.minKnown }

// verdict applies the confidence policy to a score the missing-input rule
// left available or not, given its known share: whether it is available,
// and whether it is confident. Every scoring path calls it.
func (p *Plan) verdict(available bool, known float64) (stillAvailable, confident bool) {
	confident = p.confident(known)
	if !confident && p.lowOff {
		available = false
	}
	return available, available && confident
}
