package cohort

import "math"

// medianTolerance treats survival within it of 0.5 as exactly 0.5, as R's
// survfit does (sqrt of machine epsilon), so that a curve sitting at 0.5
// over an interval takes the midpoint of that interval.
var medianTolerance = math.Sqrt(0x1p-52)

// median returns the median survival time and its confidence interval.
func median(steps []Step) Median {
	var m Median
	m.Time, m.Reached = firstAtOrBelowHalf(steps, func(s Step) float64 { return s.Survival })
	// The lower confidence curve reaches 0.5 first, giving the lower limit.
	m.Lower, m.LowerReached = firstAtOrBelowHalf(steps, func(s Step) float64 { return definedLimit(s, s.Lower) })
	m.Upper, m.UpperReached = firstAtOrBelowHalf(steps, func(s Step) float64 { return definedLimit(s, s.Upper) })
	return m
}

// definedLimit returns a step's confidence limit, or NaN (which never counts
// as reaching 0.5) where the curve has reached 0: there the Greenwood
// variance is infinite and R's survfit has no limits (NA), so a limit curve
// that falls to 0.5 only there does not reach it, as in R's print.survfit.
func definedLimit(s Step, limit float64) float64 {
	if s.Survival == 0 {
		return math.NaN()
	}
	return limit
}

// firstAtOrBelowHalf returns the first step time at which curve(step) is at
// most 0.5, skipping steps where it is NaN (undefined); when the curve equals 0.5 there and falls lower later, the time
// is the midpoint between that step and the first step below it.
func firstAtOrBelowHalf(steps []Step, curve func(Step) float64) (float64, bool) {
	for i, s := range steps {
		y := curve(s)
		if !(y < 0.5+medianTolerance) {
			continue
		}
		if math.Abs(y-0.5) < medianTolerance {
			for _, later := range steps[i+1:] {
				if curve(later) < y {
					return s.Time/2 + later.Time/2, true // halves first: the sum of two huge times overflows
				}
			}
		}
		return s.Time, true
	}
	return 0, false
}

// restrictedMean integrates the survival curve from 0 to horizon and gives
// the standard error of that area, Var = Σ A_i² d_i / (n_i (n_i − d_i)) over
// event times t_i ≤ horizon, where A_i is the area from t_i to the horizon
// (Klein & Moeschberger 4.5; R's survfit print method uses the same formula,
// with 0 for a time at which everyone at risk churns).
func restrictedMean(steps []Step, horizon float64) RMST {
	r := RMST{Horizon: horizon}
	// areaAfter[i] is the area from steps[i].Time to the horizon.
	last := 0
	for last < len(steps) && steps[last].Time <= horizon {
		last++
	}
	prevTime, prevSurv := 0.0, 1.0
	for _, s := range steps[:last] {
		r.Mean += (s.Time - prevTime) * prevSurv
		prevTime, prevSurv = s.Time, s.Survival
	}
	r.Mean += (horizon - prevTime) * prevSurv
	// Walk backwards accumulating the area to the right of each step, in
	// units of the horizon: its square then cannot overflow, however large
	// the durations.
	scale := horizon
	if !(scale > 0) {
		scale = 1
	}
	area, variance := 0.0, 0.0
	next := horizon
	for i := last - 1; i >= 0; i-- {
		s := steps[i]
		area += (next - s.Time) / scale * s.Survival
		next = s.Time
		if s.Churned > 0 && s.AtRisk > s.Churned {
			n, d := float64(s.AtRisk), float64(s.Churned)
			variance += area * area * d / (n * (n - d))
		}
	}
	r.SE = scale * math.Sqrt(variance)
	return r
}
