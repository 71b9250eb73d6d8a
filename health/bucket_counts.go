package health

import (
	"encoding/json"
	"fmt"
)

// bucketCounts counts scores in ten fixed 10-point buckets, [0,10) to
// [90,100]. It decodes strictly: encoding/json would drop an eleventh
// element of a [10]int silently and fill a short array with zeros.
type bucketCounts [10]int

// UnmarshalJSON reads exactly ten counts.
func (b *bucketCounts) UnmarshalJSON(data []byte) error {
	var counts []int
	if err := json.Unmarshal(data, &counts); err != nil {
		return err
	}
	if len(counts) != len(b) {
		return fmt.Errorf("%w: deciles: want %d bucket counts, got %d", ErrInvalid, len(b), len(counts))
	}
	copy(b[:], counts)
	return nil
}

// bucketOf returns the bucket of a score in 0..100: [0,10) is 0, [90,100]
// is 9. Callers validate scores first; a score outside the range (NaN
// included) goes to the nearest end instead of indexing out of bounds.
func bucketOf(v float64) int {
	switch {
	case v >= 90:
		return 9
	case v >= 0:
		return int(v / 10)
	}
	return 0
}

// addCount adds n to *total unless the sum overflows, which it reports: a
// forged state must not wrap round to a total that looks consistent.
func addCount(total *int, n int) bool {
	sum := *total + n
	if (n > 0 && sum < *total) || (n < 0 && sum > *total) {
		return false
	}
	*total = sum
	return true
}
