package health

import (
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/secondsale/secondsale/success"
)

// Band is a named range of score values, such as green = [75, 100]. A value v
// is in the band when Min <= v < Max; the last band also holds Max (100).
type Band struct {
	Name string  `json:"name"`
	Min  float64 `json:"min"` // inclusive
	Max  float64 `json:"max"` // exclusive, except for the band that ends at 100
}

// DefaultBands returns red [0,50), yellow [50,75), green [75,100].
func DefaultBands() []Band {
	return []Band{{Name: "red", Min: 0, Max: 50}, {Name: "yellow", Min: 50, Max: 75}, {Name: "green", Min: 75, Max: 100}}
}

// MaxBands is the most bands a scorecard may define, so that a band index
// (Plan.ScoreColumns' int8 output, -1 for none) always fits.
const MaxBands = 127

// validateBands checks that bands are ordered, named uniquely and cover 0..100
// with no gap or overlap, and that there are at most MaxBands of them.
func validateBands(bands []Band) success.FieldErrors {
	var ps success.FieldErrors
	if len(bands) == 0 {
		fielderr.Addf(&ps, ErrInvalid, "", "must define at least one band")
		return ps
	}
	if len(bands) > MaxBands {
		fielderr.Addf(&ps, ErrInvalid, "", "has %d bands, at most %d are allowed", len(bands), MaxBands)
		return ps
	}
	seen := map[string]int{}
	for i, b := range bands {
		path := "[" + strconv.Itoa(i) + "]"
		if b.Name == "" {
			fielderr.Addf(&ps, ErrInvalid, path+".name", "must not be empty")
		} else if j, dup := seen[b.Name]; dup {
			fielderr.Addf(&ps, ErrInvalid, path+".name", "duplicate band %q (also [%d])", b.Name, j)
		} else {
			seen[b.Name] = i
		}
		if !(b.Max > b.Min) {
			fielderr.Addf(&ps, ErrInvalid, path+".max", "must be > min (%v), got %v", b.Min, b.Max)
		}
		if i == 0 && b.Min != 0 {
			fielderr.Addf(&ps, ErrInvalid, path+".min", "first band must start at 0, got %v", b.Min)
		}
		if i > 0 && b.Min != bands[i-1].Max {
			fielderr.Addf(&ps, ErrInvalid, path+".min", "must equal the previous band's max (%v) so bands have no gap or overlap, got %v", bands[i-1].Max, b.Min)
		}
		if i == len(bands)-1 && b.Max != 100 {
			fielderr.Addf(&ps, ErrInvalid, path+".max", "last band must end at 100, got %v", b.Max)
		}
	}
	return ps
}

// bandIndex returns the index of the band holding v (0 <= v <= 100), given
// mins, the Min of every band but the first (see bandMins): the number of
// them at or below v. Counting instead of searching keeps batch scoring free
// of unpredictable branches.
func bandIndex(mins []float64, v float64) int {
	k := 0
	for _, m := range mins {
		step := 0
		if v >= m {
			step = 1
		}
		k += step
	}
	return k
}

// bandMins returns the Min of every band but the first: the boundaries
// bandIndex counts.
func bandMins(bands []Band) []float64 {
	mins := make([]float64, 0, len(bands))
	for _, b := range bands[1:] {
		mins = append(mins, b.Min)
	}
	return mins
}

// reportOrder returns the band names a report lists: those of order (the
// plan's bands, lowest first), then every other name in seen, sorted, so a
// report over scores from several scorecards loses no band.
func reportOrder(order []Band, seen []string) []string {
	names := make([]string, 0, len(order))
	listed := make(map[string]bool, len(order))
	for _, b := range order {
		names = append(names, b.Name)
		listed[b.Name] = true
	}
	var extra []string
	for _, name := range seen { // a map, not a search: seen may hold a band per account
		if !listed[name] {
			listed[name] = true
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	return append(names, extra...)
}
