package cohort

import (
	"errors"
	"fmt"
	"math"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/special"
	"github.com/secondsale/secondsale/success"
)

// SBG is a fitted shifted-beta-geometric model of contractual retention
// (Fader & Hardie 2007, "How to Project Customer Retention", Journal of
// Interactive Marketing 21(1)). Each customer renews at the end of every
// period with a constant probability 1−θ of their own, and θ varies across
// customers as Beta(Alpha, Beta). Because the customers most likely to churn
// leave first, the cohort's retention rate rises over time even though no
// individual's does; this is why the model projects retention far better than
// a fitted curve.
//
// Periods are whatever the survivor counts were counted in (months, years);
// period 0 is acquisition, when every customer is active.
type SBG struct {
	// Alpha and Beta are the Beta-distribution parameters of the churn
	// probability θ; AlphaSE and BetaSE their asymptotic standard errors
	// from the inverse Hessian (always finite for a fitted model).
	Alpha   float64   `json:"alpha"`
	Beta    float64   `json:"beta"`
	AlphaSE float64   `json:"alpha_se"`
	BetaSE  float64   `json:"beta_se"`
	Fit     FitReport `json:"fit"`
}

// FitSBG estimates Alpha and Beta by maximum likelihood from the survivor
// counts of one or more cohorts that share the model. cohorts[i][t] is the
// number of customers of cohort i still active at the start of period t, so
// cohorts[i][0] is the cohort's size; cohorts may have different lengths
// (older cohorts are observed for more periods). Counts may be fractional
// (percentages, weights) but must be finite, non-negative and non-increasing.
//
// Every problem in the input is reported at once as success.FieldErrors
// (paths like "cohorts[1][4]") unwrapping to ErrInvalid or ErrEmpty. Data in
// which nobody churned, or nobody renewed, has no finite estimate and is
// rejected as ErrInvalid; so is data that follows customers through one
// renewal only, which cannot tell α from β (at least one cohort needs a
// count for period 2 with customers active in period 1). A fit that does not
// converge returns a *success.NotConvergedError. When the counts show no
// heterogeneity at all (a constant retention rate), the likelihood is
// maximised only in the limit of a homogeneous population: Alpha and Beta
// come out very large, with huge standard errors, while Alpha/(Alpha+Beta) is
// the constant churn rate and the projections remain right.
func FitSBG(cohorts [][]float64, opts FitOptions) (SBG, error) {
	if err := validateSurvivors(cohorts); err != nil {
		return SBG{}, err
	}
	var size float64
	for _, c := range cohorts {
		size += c[0]
	}
	m := positiveModel{
		name:   "sBG",
		names:  []string{"alpha", "beta"},
		logLik: func(g, th []float64) float64 { return sbgLogLikelihood(cohorts, th[0], th[1], g) },
		scale:  size,
	}
	theta, se, rep, err := fitPositive(m, []float64{1, 1}, opts)
	if err != nil {
		return SBG{}, err
	}
	return SBG{Alpha: theta[0], Beta: theta[1], AlphaSE: se[0], BetaSE: se[1], Fit: rep}, nil
}

// validateSurvivors reports every problem with the survivor counts.
func validateSurvivors(cohorts [][]float64) error {
	var problems success.FieldErrors
	if len(cohorts) == 0 {
		fielderr.Addf(&problems, ErrEmpty, "cohorts", "no cohorts given")
		return problems
	}
	var churned, renewed, twoRenewals bool
	for i, c := range cohorts {
		path := fmt.Sprintf("cohorts[%d]", i)
		if len(c) < 2 {
			fielderr.Addf(&problems, ErrEmpty, path, "cohort %d needs its size at period 0 and at least one later count, got %d counts", i, len(c))
			continue
		}
		if c[0] == 0 {
			fielderr.Addf(&problems, ErrEmpty, path+"[0]", "cohort %d has size 0 at period 0: an empty cohort", i)
		}
		for t, v := range c {
			at := fmt.Sprintf("%s[%d]", path, t)
			switch {
			case !finiteFloat(v):
				fielderr.Addf(&problems, ErrInvalid, at, "cohort %d, period %d: survivors must be a finite number, got %s", i, t, numberKind(v))
			case v < 0:
				fielderr.Addf(&problems, ErrInvalid, at, "cohort %d, period %d: survivors must be >= 0, got %s", i, t, numberKind(v))
			case t > 0 && finiteFloat(c[t-1]) && v > c[t-1]:
				fielderr.Addf(&problems, ErrInvalid, at, "cohort %d, period %d: survivors increase from period %d; a cohort can only shrink", i, t, t-1)
			}
		}
		if c[len(c)-1] < c[0] {
			churned = true
		}
		if c[1] > 0 {
			renewed = true
			twoRenewals = twoRenewals || len(c) > 2
		}
	}
	if len(problems) == 0 && !churned {
		fielderr.Addf(&problems, ErrInvalid, "cohorts", "no customer churned, so the churn distribution cannot be estimated")
	}
	if len(problems) == 0 && !renewed {
		fielderr.Addf(&problems, ErrInvalid, "cohorts", "no customer renewed even once, so the churn distribution cannot be estimated")
	}
	if len(problems) == 0 && !twoRenewals {
		// r_1 = β/(α+β) is all one renewal shows: every (α, β) on that ridge
		// fits equally well, so any "estimate" would be arbitrary.
		fielderr.Addf(&problems, ErrInvalid, "cohorts", "survivors are counted for one renewal only, which fixes the mean churn rate α/(α+β) but not α and β; "+
			"count at least one cohort for two periods after acquisition, with customers still active after the first")
	}
	return problems.Err()
}

// sbgLogLikelihood returns the log-likelihood of the survivor counts and, when
// grad is not nil, writes its gradient with respect to (α, β). Customers lost
// in period t contribute ln P(T = t) = ln S(t−1) + ln(α/(α+β+t−1)); those
// still active at the last count n contribute ln S(n), where
// ln S(t) = Σ_{i=1..t} ln((β+i−1)/(α+β+i−1)). Working with these sums of logs
// keeps the likelihood exact where differences of survival would cancel.
func sbgLogLikelihood(cohorts [][]float64, alpha, beta float64, grad []float64) float64 {
	var ll, dA, dB float64
	for _, c := range cohorts {
		var logS, dSA, dSB float64 // ln S(t−1) and its derivatives
		for t := 1; t < len(c); t++ {
			ab := alpha + beta + float64(t) - 1
			lost := c[t-1] - c[t]
			if lost > 0 {
				ll += lost * (logS + math.Log(alpha/ab))
				dA += lost * (dSA + 1/alpha - 1/ab)
				dB += lost * (dSB - 1/ab)
			}
			b := beta + float64(t) - 1
			logS += math.Log(b / ab)
			dSA -= 1 / ab
			dSB += 1/b - 1/ab
		}
		last := c[len(c)-1]
		if last > 0 {
			ll += last * logS
			dA += last * dSA
			dB += last * dSB
		}
	}
	if grad != nil {
		grad[0], grad[1] = dA, dB
	}
	return ll
}

// Survival returns S(t), the share of a cohort still active at the start of
// period t: B(α, β+t)/B(α, β). S(0) = 1; t < 0 is treated as 0. Like
// Retention it assumes a fitted model (positive Alpha and Beta); Project
// checks that. It is accurate at any t: ln S(t) is computed as a difference
// of log-gamma ratios, not of log-betas, which for t near math.MaxInt lost
// every digit (and gave S > 1).
func (m SBG) Survival(t int) float64 {
	if t <= 0 {
		return 1
	}
	// ln B(α, β+t) − ln B(α, β) = [ln Γ(α+β) − ln Γ(β)] − [ln Γ(α+β+t) − ln Γ(β+t)].
	s := math.Exp(special.LogGammaRatio(m.Beta, m.Alpha) - special.LogGammaRatio(m.Beta+float64(t), m.Alpha))
	return math.Min(1, s)
}

// Retention returns r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1), the share of the
// customers active in period t−1 who renew into period t (t ≥ 1). It rises
// with t towards 1 as the cohort sorts itself.
func (m SBG) Retention(t int) float64 {
	if t < 1 {
		return 1
	}
	return (m.Beta + float64(t) - 1) / (m.Alpha + m.Beta + float64(t) - 1)
}

// ProjectedPeriod is the model's expectation for one period of a cohort.
type ProjectedPeriod struct {
	Period    int     `json:"period"`
	Survivors float64 `json:"survivors"` // cohort size × S(t)
	Survival  float64 `json:"survival"`  // S(t)
	Retention float64 `json:"retention"` // r_t; 1 for period 0
}

// Project returns the expected survivors of a cohort of size customers for
// periods 0..horizon. Survivors never increase from one period to the next.
// It rejects a model without positive, finite parameters, a size that is
// negative or not finite, and a horizon outside 0..MaxPeriods (it allocates
// one row per period).
func (m SBG) Project(size float64, horizon int) ([]ProjectedPeriod, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	if !finiteFloat(size) || size < 0 {
		return nil, fmt.Errorf("%w: projection needs a finite size >= 0, got %s", ErrInvalid, numberKind(size))
	}
	if err := checkPeriods("horizon", horizon); err != nil {
		return nil, err
	}
	out := make([]ProjectedPeriod, horizon+1)
	s := 1.0
	for t := range out {
		r := m.Retention(t)
		s *= r
		out[t] = ProjectedPeriod{Period: t, Survivors: size * s, Survival: s, Retention: r}
	}
	return out, nil
}

// ExpectedLifetime returns the expected number of periods a newly acquired
// customer stays (counting the period of acquisition): E[1/θ] =
// (α+β−1)/(α−1). When α ≤ 1 the Beta distribution puts so much weight near
// θ = 0 that the mean lifetime is infinite and it returns +Inf; DEL, which
// discounts the future, is finite in every case.
func (m SBG) ExpectedLifetime() float64 {
	if m.Alpha <= 1 {
		return math.Inf(1)
	}
	return (m.Alpha + m.Beta - 1) / (m.Alpha - 1)
}

// DEL returns the discounted expected lifetime of a newly acquired customer
// at discount rate d per period (Fader & Hardie 2010, "Customer-Base Valuation
// in a Contractual Setting: The Perils of Ignoring Heterogeneity", Marketing
// Science 29(1)): Σ_{t≥0} S(t)/(1+d)^t = 2F1(1, β; α+β; 1/(1+d)). The first
// period is paid at acquisition and not discounted, so the expected value of a
// new customer who pays m per period is m·DEL. d must be > 0; below about
// 4e-5 per period the series does not settle within its budget and DEL
// returns an error wrapping ErrNotConverged.
func (m SBG) DEL(d float64) (float64, error) {
	if err := m.checkDiscount(d); err != nil {
		return 0, err
	}
	v, err := special.Hyp2F1(1, m.Beta, m.Alpha+m.Beta, 1/(1+d))
	if err != nil {
		return 0, seriesError("DEL", err)
	}
	return v, nil
}

// DERL returns the discounted expected residual lifetime of a customer who
// has made renewals renewals, at discount rate d (Fader & Hardie 2010, eq. 6):
//
//	(β+n)/(α+β+n) · 2F1(1, β+n+1; α+β+n+1; 1/(1+d)).
//
// As in the paper we stand at the end of period n, just before the renewal
// decision, so the next payment (made if they renew) is not discounted and
// each later one is discounted once more per period. The expected residual
// value of such a customer paying m per period is m·DERL. Renewals must be
// within 0..MaxPeriods.
func (m SBG) DERL(d float64, renewals int) (float64, error) {
	if err := m.checkDiscount(d); err != nil {
		return 0, err
	}
	if err := checkPeriods("renewals", renewals); err != nil {
		return 0, err
	}
	n := float64(renewals)
	v, err := special.Hyp2F1(1, m.Beta+n+1, m.Alpha+m.Beta+n+1, 1/(1+d))
	if err != nil {
		return 0, seriesError("DERL", err)
	}
	return m.Retention(renewals+1) * v, nil
}

// seriesError wraps a failure of the 2F1 series behind DEL and DERL: a
// discount rate so small that the series does not settle within its budget
// (about 4e-5 per period) is ErrNotConverged, anything else ErrInvalid.
func seriesError(what string, err error) error {
	// The series' own error quotes its arguments; name the function only.
	if errors.Is(err, special.ErrNotConverged) {
		return fmt.Errorf("%w: %s: the series did not settle within its budget of terms", ErrNotConverged, what)
	}
	return fmt.Errorf("%w: %s: the series is undefined for these parameters", ErrInvalid, what)
}

// CLV returns the expected lifetime value of a newly acquired customer who
// yields margin per period: margin × DEL(d), rounded to the currency's minor
// unit (half to even).
func (m SBG) CLV(margin success.Money, d float64) (success.Money, error) {
	del, err := m.DEL(d)
	if err != nil {
		return success.Money{}, err
	}
	return scaleMoney(margin, del)
}

// ResidualCLV returns the expected value still to come from a customer who
// has made renewals renewals and yields margin per period:
// margin × DERL(d, renewals), rounded to the currency's minor unit.
// Renewals must be within 0..MaxPeriods.
func (m SBG) ResidualCLV(margin success.Money, d float64, renewals int) (success.Money, error) {
	derl, err := m.DERL(d, renewals)
	if err != nil {
		return success.Money{}, err
	}
	return scaleMoney(margin, derl)
}

// validate reports whether the parameters can be used: positive and finite.
func (m SBG) validate() error {
	if !(m.Alpha > 0) || !(m.Beta > 0) || !finiteFloat(m.Alpha) || !finiteFloat(m.Beta) {
		return fmt.Errorf("%w: sBG parameters must be positive and finite, got %s alpha and %s beta", ErrInvalid, numberKind(m.Alpha), numberKind(m.Beta))
	}
	return nil
}

func (m SBG) checkDiscount(d float64) error {
	if err := m.validate(); err != nil {
		return err
	}
	if !(d > 0) || !finiteFloat(d) {
		return fmt.Errorf("%w: discount rate must be a finite number > 0, got %s", ErrInvalid, numberKind(d))
	}
	return nil
}

// checkPeriods rejects a count of periods outside 0..MaxPeriods.
func checkPeriods(name string, n int) error {
	if n < 0 || n > MaxPeriods {
		return fmt.Errorf("%w: %s must be within 0..%d, got %s", ErrInvalid, name, MaxPeriods, countKind(n, MaxPeriods))
	}
	return nil
}
