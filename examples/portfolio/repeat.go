package main

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// repeatReview models the add-on bought again and again (training credits)
// as non-contractual repeat purchases: BG/NBD for how often and how long,
// Gamma-Gamma for how much.
type repeatReview struct {
	buyers, oneTime int
	bg              cohort.BGNBD
	gg              cohort.GammaGamma
	// secondPurchase is the mean probability that a one-time buyer buys again
	// within secondPurchaseDays.
	secondPurchase float64
	// clv is each buyer's 12-month value, in summary order; clvTotal their sum.
	summaries []cohort.CustomerSummary
	clv       []float64
	clvTotal  float64
	// bgFailure and ggFailure say why BG/NBD or Gamma-Gamma could not be
	// fitted, when they could not.
	bgFailure, ggFailure string
}

// secondPurchaseDays is the window of the second-purchase likelihood, and
// valuation the CLV horizon: twelve 30-day months at 1% a month.
const secondPurchaseDays = 90

var valuation = cohort.Valuation{Periods: 12, PeriodLength: 30, DiscountRate: 0.01}

// modelFit asks the fits for a gradient of 1e-5 rather than 1e-7: on a few
// thousand simulated customers rounding can stop the tighter one short, and
// the figures reported need no more digits.
var modelFit = cohort.FitOptions{GradientTol: 1e-5}

// notConverged turns a fit that did not converge into a note for the report
// and passes every other error on.
func notConverged(err error) (string, error) {
	if errors.Is(err, success.ErrNotConverged) {
		return err.Error(), nil
	}
	return "", err
}

func (r *review) analyseRepeat() error {
	sums, err := cohort.Summarize(r.base.Credits(), r.lastDay(), success.Daily, cohort.SummaryOptions{})
	if err != nil {
		return fmt.Errorf("repeat purchases: %w", err)
	}
	v := &r.repeat
	v.summaries, v.buyers = sums, len(sums)
	if len(sums) == 0 {
		return nil
	}
	if !slices.ContainsFunc(sums, func(s cohort.CustomerSummary) bool { return s.Frequency > 0 }) {
		// Without a repeat purchase the model cannot tell buying from leaving.
		v.bgFailure = "no buyer has bought twice yet"
		v.secondPurchase, v.clvTotal = math.NaN(), math.NaN()
		return nil
	}
	compressed, err := cohort.CompressSummaries(sums)
	if err != nil {
		return err
	}
	v.bg, err = cohort.FitBGNBD(compressed, modelFit)
	if v.bgFailure, err = notConverged(err); err != nil {
		return fmt.Errorf("bg/nbd: %w", err)
	}
	if v.bgFailure != "" {
		// Without a purchase model there is no likelihood or value to report.
		v.secondPurchase, v.clvTotal = math.NaN(), math.NaN()
		return nil
	}
	v.gg, err = cohort.FitGammaGamma(compressed, modelFit)
	switch {
	case errors.Is(err, success.ErrNotConverged):
		// Spends that hardly vary (a price list) leave Gamma-Gamma without
		// an interior maximum; value purchases at each buyer's own mean.
		v.ggFailure = err.Error()
	case err != nil:
		return fmt.Errorf("gamma-gamma: %w", err)
	}
	var sum float64
	for _, s := range sums {
		if s.Frequency > 0 {
			continue
		}
		none, err := v.bg.PurchaseCountProbability(s, 0, secondPurchaseDays)
		if err != nil {
			return err
		}
		v.oneTime++
		sum += 1 - none
	}
	if v.oneTime > 0 {
		v.secondPurchase = sum / float64(v.oneTime)
	}
	v.clv = make([]float64, len(sums))
	if v.ggFailure == "" {
		if err := cohort.CustomerLifetimeValuesInto(v.clv, v.bg, v.gg, sums, valuation); err != nil {
			return fmt.Errorf("clv: %w", err)
		}
	} else if err := v.valueAtOwnSpend(); err != nil {
		return err
	}
	for _, x := range v.clv {
		v.clvTotal += x
	}
	return nil
}

// valueAtOwnSpend is the CLV without a spend model: BG/NBD's expected
// purchases in each period of the valuation, discounted, times the buyer's
// own mean repeat spend (the overall mean for one-time buyers).
func (v *repeatReview) valueAtOwnSpend() error {
	var total float64
	var n int
	for _, s := range v.summaries {
		if s.Frequency > 0 {
			total += s.MeanRepeatSpend * float64(s.Frequency)
			n += s.Frequency
		}
	}
	mean := 0.0
	if n > 0 {
		mean = total / float64(n)
	}
	for i, s := range v.summaries {
		spend := mean
		if s.Frequency > 0 {
			spend = s.MeanRepeatSpend
		}
		prev := 0.0
		for k := 1; k <= valuation.Periods; k++ {
			e, err := v.bg.ExpectedPurchases(s, float64(k)*valuation.PeriodLength)
			if err != nil {
				return fmt.Errorf("clv of %s: %w", s.Account, err)
			}
			v.clv[i] += spend * (e - prev) / math.Pow(1+valuation.DiscountRate, float64(k))
			prev = e
		}
	}
	return nil
}
