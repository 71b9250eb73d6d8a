package impact

import (
	"cmp"
	"slices"

	"github.com/secondsale/secondsale/health"
)

// match keeps the strata holding both groups and weights the comparison
// accounts by treated/comparison per stratum.
func match(treated, control []unit, bands []health.Band, r *Report) ([]unit, []unit) {
	cells := map[string]*Stratum{}
	count := func(us []unit, isTreated bool) {
		for i := range us {
			u := &us[i]
			band := ""
			if s, ok := u.acc.scoreAt(u.zero); ok {
				band = bandOf(bands, s)
			}
			u.stratum = band + "\x00" + u.acc.Segment
			c := cells[u.stratum]
			if c == nil {
				c = &Stratum{Band: band, Segment: u.acc.Segment}
				cells[u.stratum] = c
			}
			if isTreated {
				c.Treated++
			} else {
				c.Comparison++
			}
		}
	}
	count(treated, true)
	count(control, false)
	keep := func(us []unit, isTreated bool, dropped *int) []unit {
		var out []unit
		for _, u := range us {
			c := cells[u.stratum]
			if c.Treated == 0 || c.Comparison == 0 {
				*dropped++
				continue
			}
			if !isTreated {
				u.weight = float64(c.Treated) / float64(c.Comparison)
			}
			out = append(out, u)
		}
		return out
	}
	treated = keep(treated, true, &r.Unmatched)
	control = keep(control, false, &r.UnmatchedComparison)
	for _, c := range cells {
		r.Strata = append(r.Strata, *c)
	}
	slices.SortFunc(r.Strata, func(a, b Stratum) int {
		return cmp.Or(cmp.Compare(a.Band, b.Band), cmp.Compare(a.Segment, b.Segment))
	})
	return treated, control
}

// bandOf names the band holding s (the last band also holds its Max).
func bandOf(bands []health.Band, s float64) string {
	for i, b := range bands {
		if s >= b.Min && (s < b.Max || i == len(bands)-1 && s == b.Max) {
			return b.Name
		}
	}
	return ""
}
