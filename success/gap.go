package success

import "math"

// Gap is the Success Gap of one Required Outcome: the distance between where
// the customer is and where they must get to.
type Gap struct {
	// Distance is how far the current value is from the target, in the metric's
	// unit, always >= 0 (0 once the target is reached).
	Distance float64 `json:"distance"`
	// Normalised is 1 - progress, in [0,1]: the share of the way from
	// baseline to target still to go. 0 means no gap; 1 means no progress
	// (a value worse than the baseline also counts as 1). When the target is
	// no better than the baseline there is no way to go, and it is 0 while
	// the value is at least as good as the target, 1 once it is worse.
	Normalised float64 `json:"normalised"`
}

func (o RequiredOutcome) gapOf(value float64) Gap {
	d := o.Direction.goodness(o.Target) - o.Direction.goodness(value)
	return Gap{Distance: math.Max(0, d), Normalised: 1 - o.progressOf(value)}
}

// TotalGap is the Success Gap of a whole Desired Outcome: the weighted mean of
// its Required Outcomes' normalised gaps (weights from RequiredOutcome.Weight).
// It is 0 when every outcome is reached and 1 when none has moved; with no
// required outcomes it is 0.
type TotalGap struct {
	// Normalised is the weighted mean of the normalised gaps, in [0,1].
	Normalised float64 `json:"normalised"`
	// Largest names the outcome with the largest weighted gap: where help
	// pays most. The first such outcome wins a tie; empty when no gap is left.
	Largest string `json:"largest,omitempty"`
}

func totalGap(outcomes []RequiredOutcome, gaps []Gap) TotalGap {
	var sum, weights, largest float64
	var t TotalGap
	for i, o := range outcomes {
		w := o.Weight
		if w == 0 {
			w = 1
		}
		sum += w * gaps[i].Normalised
		weights += w
		if g := w * gaps[i].Normalised; g > largest {
			largest, t.Largest = g, o.ID
		}
	}
	if weights > 0 {
		t.Normalised = sum / weights
	}
	return t
}
