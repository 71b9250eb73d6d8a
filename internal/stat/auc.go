package stat

import (
	"errors"
	"math"
	"slices"
)

// ErrUndefined reports a statistic that does not exist for the input, such as
// an AUC with no positive or no negative example.
var ErrUndefined = errors.New("stat: undefined")

// AUC returns the area under the ROC curve of score as a predictor of label:
// the probability that a randomly chosen positive scores higher than a
// randomly chosen negative, ties counting one half. It is computed from the
// rank sum of the positives (Mann-Whitney U) in O(n log n). NaN scores are an
// error; so is a sample without both classes.
func AUC(score []float64, label []bool) (float64, error) {
	if len(score) != len(label) {
		return 0, errors.New("stat: AUC: score and label lengths differ")
	}
	idx := make([]int, len(score))
	var pos, neg float64
	for i, s := range score {
		if math.IsNaN(s) {
			return 0, errors.New("stat: AUC: NaN score")
		}
		idx[i] = i
		if label[i] {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return 0, ErrUndefined
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case score[a] < score[b]:
			return -1
		case score[a] > score[b]:
			return 1
		}
		return 0
	})
	// Average ranks over runs of tied scores (1-based ranks).
	var rankSum float64
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && score[idx[end]] == score[idx[start]] {
			end++
		}
		avg := float64(start+1+end) / 2
		for _, i := range idx[start:end] {
			if label[i] {
				rankSum += avg
			}
		}
		start = end
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg), nil
}
