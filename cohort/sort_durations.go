package cohort

import (
	"math"
	"slices"
)

// radixThreshold is the size below which a comparison sort is faster.
const radixThreshold = 1 << 10

// sortDurations sorts non-negative, finite durations (+0, never -0) in
// place. Sorting dominates Kaplan-Meier on large samples, and the bit
// patterns of non-negative floats order like the floats, so a byte-wise LSD
// radix sort does in a few linear passes what a comparison sort does in
// n log n comparisons; passes on bytes all keys share (the low bytes of whole
// numbers of days or months) are skipped.
func sortDurations(a []float64) {
	if len(a) < radixThreshold {
		slices.Sort(a)
		return
	}
	keys := make([]uint64, len(a))
	for i, v := range a {
		keys[i] = math.Float64bits(v)
	}
	tmp := make([]uint64, len(a))
	var counts [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		counts = [256]int{}
		for _, k := range keys {
			counts[(k>>shift)&0xff]++
		}
		if counts[(keys[0]>>shift)&0xff] == len(keys) {
			continue // every key has the same byte here
		}
		pos := 0
		for b, c := range counts {
			counts[b] = pos
			pos += c
		}
		for _, k := range keys {
			b := (k >> shift) & 0xff
			tmp[counts[b]] = k
			counts[b]++
		}
		keys, tmp = tmp, keys
	}
	for i, k := range keys {
		a[i] = math.Float64frombits(k)
	}
}
