package cohort

import (
	"fmt"
	"math"
)

// GrayTest is Gray's (1988) test that the strata share one cumulative
// incidence curve of an event kind, the other kinds competing: under the
// null hypothesis ChiSquare follows a chi-square distribution with DF
// degrees of freedom. A small PValue says the strata reach the event at
// different rates (good-fit customers make the Second Sale sooner, say).
// It agrees with the Tests of R's cmprsk::cuminc(ftime, fstatus, group).
type GrayTest struct {
	Event     EventKind `json:"event"`
	Strata    []string  `json:"strata"`     // sorted by name
	ChiSquare float64   `json:"chi_square"` // sᵀ V⁻¹ s over all strata but one
	DF        int       `json:"df"`         // strata minus one
	PValue    float64   `json:"p_value"`    // P(χ²_DF ≥ ChiSquare)
}

// grayTest computes Gray's test for kind k between the groups, whose times
// are sorted. It follows cmprsk's crstm: scores s and their variance V for
// all groups but the last, rho the power of the weight (1 − F(t−))^rho.
func grayTest(groups []*incidenceTable, k int, rho float64) (GrayTest, error) {
	ng := len(groups)
	if ng < 2 {
		return GrayTest{}, fmt.Errorf("%w: Gray's test needs at least two strata, got %d", ErrInvalid, ng)
	}
	res := GrayTest{Strata: make([]string, ng), DF: ng - 1}
	m := ng - 1
	rs := make([]int, ng)
	idx := make([]int, ng)
	d1 := make([]int, ng)  // events of kind k now, per group
	d2 := make([]int, ng)  // events of the other kinds now
	out := make([]int, ng) // all exits now
	f1m := make([]float64, ng)
	f1 := make([]float64, ng)
	skmm := make([]float64, ng)
	skm := make([]float64, ng)
	v3 := make([]float64, ng)
	v2 := make([]float64, m*ng)
	c := make([]float64, ng*ng) // upper triangle accumulated, read through cAt
	a := make([]float64, ng*ng)
	s := make([]float64, m)
	v := make([]float64, m*m) // lower triangle accumulated
	for i, g := range groups {
		res.Strata[i] = g.name
		rs[i] = g.subjects
		skmm[i], skm[i] = 1, 1
	}
	cAt := func(i, j int) float64 { return c[min(i, j)*ng+max(i, j)] }
	fm, f := 0.0, 0.0
	for {
		t := math.Inf(1)
		for i, g := range groups {
			if idx[i] < len(g.times) {
				t = math.Min(t, g.times[idx[i]])
			}
		}
		if math.IsInf(t, 1) {
			break
		}
		nd1, nd2 := 0, 0
		for i, g := range groups {
			d1[i], d2[i], out[i] = 0, 0, 0
			if idx[i] < len(g.times) && g.times[idx[i]] == t {
				cens, events := g.row(idx[i])
				for kk, e := range events {
					if kk == k {
						d1[i] += e
					} else {
						d2[i] += e
					}
				}
				out[i] = cens + d1[i] + d2[i]
				idx[i]++
			}
			nd1 += d1[i]
			nd2 += d2[i]
		}
		if nd1 > 0 || nd2 > 0 {
			// tr is Σ_r ĥ_r and tq is Σ_r R_r in the notation of Gray (1988).
			tr, tq := 0.0, 0.0
			for i := range ng {
				if rs[i] <= 0 {
					continue
				}
				n := float64(rs[i])
				skm[i] = skmm[i] * (n - float64(d1[i]+d2[i])) / n
				f1[i] = f1m[i] + skmm[i]*float64(d1[i])/n
				tr += n / skmm[i]
				tq += n * (1 - f1m[i]) / skmm[i]
			}
			f = fm + float64(nd1)/tr
			fb := math.Pow(1-fm, rho)
			clear(a)
			for i := range ng {
				if rs[i] <= 0 {
					continue
				}
				t1 := float64(rs[i]) / skmm[i]
				a[i*ng+i] = fb * t1 * (1 - t1/tr)
				c[i*ng+i] += a[i*ng+i] * float64(nd1) / (tr * (1 - fm))
				for j := i + 1; j < ng; j++ {
					if rs[j] <= 0 {
						continue
					}
					a[i*ng+j] = -fb * t1 * float64(rs[j]) / (skmm[j] * tr)
					a[j*ng+i] = a[i*ng+j]
					c[i*ng+j] += a[i*ng+j] * float64(nd1) / (tr * (1 - fm))
				}
			}
			for i := range m {
				if rs[i] > 0 {
					s[i] += fb * (float64(d1[i]) - float64(nd1)*float64(rs[i])*(1-f1m[i])/(skmm[i]*tq))
				}
			}
			if nd1 > 0 {
				for kk := range ng {
					if rs[kk] <= 0 {
						continue
					}
					t4 := 1.0
					if skm[kk] > 0 {
						t4 = 1 - (1-f)/skm[kk]
					}
					t5 := 1.0
					if nd1 > 1 {
						t5 = 1 - float64(nd1-1)/(tr*skmm[kk]-1)
					}
					t3 := t5 * skmm[kk] * float64(nd1) / (tr * float64(rs[kk]))
					v3[kk] += t4 * t4 * t3
					for i := range m {
						t1 := a[i*ng+kk] - t4*cAt(i, kk)
						v2[i*ng+kk] += t1 * t4 * t3
						for j := 0; j <= i; j++ {
							t2 := a[j*ng+kk] - t4*cAt(j, kk)
							v[i*m+j] += t1 * t2 * t3
						}
					}
				}
			}
			if nd2 > 0 {
				for kk := range ng {
					if skm[kk] <= 0 || d2[kk] <= 0 {
						continue
					}
					t4 := (1 - f) / skm[kk]
					t5 := 1.0
					if d2[kk] > 1 {
						t5 = 1 - float64(d2[kk]-1)/float64(rs[kk]-1)
					}
					t3 := t5 * skmm[kk] * skmm[kk] * float64(d2[kk]) / (float64(rs[kk]) * float64(rs[kk]))
					v3[kk] += t4 * t4 * t3
					for i := range m {
						t1 := t4 * cAt(i, kk)
						v2[i*ng+kk] -= t1 * t4 * t3
						for j := 0; j <= i; j++ {
							t2 := t4 * cAt(j, kk)
							v[i*m+j] += t1 * t2 * t3
						}
					}
				}
			}
		}
		for i := range ng {
			rs[i] -= out[i]
		}
		fm = f
		copy(f1m, f1)
		copy(skmm, skm)
	}
	for i := range m {
		for j := 0; j <= i; j++ {
			for kk := range ng {
				v[i*m+j] += cAt(i, kk)*cAt(j, kk)*v3[kk] + cAt(i, kk)*v2[j*ng+kk] + cAt(j, kk)*v2[i*ng+kk]
			}
			v[j*m+i] = v[i*m+j]
		}
	}
	var ok bool
	if res.ChiSquare, res.PValue, ok = chiSquareOf(v, s, m, res.DF); !ok {
		return GrayTest{}, fmt.Errorf("%w: Gray's test variance is singular: too few events of the kind while the strata were at risk together", ErrEmpty)
	}
	return res, nil
}
