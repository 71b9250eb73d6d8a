package success

import (
	"math"
	"strconv"
)

// percent writes a share (0..1) as a whole percentage for a reason, to the
// nearest point, except that a share short of 1 reads at most "99%": 0.996
// progress must not read as the "100%" of a reached target.
func percent(share float64) string {
	p := math.Round(100 * share)
	if p >= 100 && share < 1 {
		p = 99
	}
	return strconv.FormatFloat(p, 'f', 0, 64) + "%"
}
