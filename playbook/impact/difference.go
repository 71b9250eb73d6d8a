package impact

import (
	"math"
)

// Difference is treated minus comparison with its standard error and a
// normal-approximation confidence interval (Welch's unpooled standard
// error for means, the Wald one for proportions).
type Difference struct {
	Treated    float64 `json:"treated"`    // the treated group's mean, proportion or RMST
	Comparison float64 `json:"comparison"` // the comparison group's (weighted when matched)
	Estimate   float64 `json:"estimate"`   // Treated − Comparison
	SE         float64 `json:"se"`
	Lower      float64 `json:"lower"`
	Upper      float64 `json:"upper"`
	ConfLevel  float64 `json:"conf_level"`
}

// difference is the (weighted) mean of y over treated minus that over
// control, with Welch's unpooled standard error (sample variances when
// sample is set, the Wald p(1−p)/n form otherwise).
func difference(treated, control []unit, sample bool, z float64, y func(unit) float64) Difference {
	m1, v1 := weightedMean(treated, sample, y)
	m0, v0 := weightedMean(control, sample, y)
	d := Difference{Treated: m1, Comparison: m0, Estimate: m1 - m0, SE: math.Sqrt(v1 + v0)}
	d.Lower, d.Upper = d.Estimate-z*d.SE, d.Estimate+z*d.SE
	return d
}

// weightedMean returns the weighted mean and the variance of it:
// Σw²(y−m)²/(Σw)², times n/(n−1) for a sample variance, which is s²/n when
// the weights are equal.
func weightedMean(us []unit, sample bool, y func(unit) float64) (mean, variance float64) {
	var sw, swy float64
	for _, u := range us {
		sw += u.weight
		swy += u.weight * y(u)
	}
	mean = swy / sw
	for _, u := range us {
		d := y(u) - mean
		variance += u.weight * u.weight * d * d
	}
	variance /= sw * sw
	if n := float64(len(us)); sample {
		if n < 2 {
			return mean, math.NaN()
		}
		variance *= n / (n - 1)
	}
	return mean, variance
}
