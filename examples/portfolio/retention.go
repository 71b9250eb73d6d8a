package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// retentionReview is how populations of customers retain: the cohort
// table, survival by fit, the race between the Second Sale and churn, and
// the contractual projection of the latest cohorts.
type retentionReview struct {
	table     *cohort.Table
	survival  cohort.Stratified
	incidence cohort.IncidenceByStratum
	sbg       cohort.SBG
	// sbgCohorts are the signup months the projection was fitted on, and
	// observed the pooled survival of the latest of them, by month.
	sbgCohorts []string
	observed   []float64
	// observedCohorts counts, per month, the latest cohorts observed that long.
	observedCohorts []int
	projected       []cohort.ProjectedPeriod
	// sbgFailure says why there is no projection, when the fit failed.
	sbgFailure string
}

// horizonMonths is how far the survival and incidence charts read: the
// three years the base covers.
const horizonMonths = 36

// The sBG projection is fitted on the last sbgFitMonths monthly signup
// cohorts and drawn sbgHorizon months ahead for the pooled sbgLatest.
const (
	sbgFitMonths = 24
	sbgLatest    = 6
	sbgHorizon   = 24
)

// The cohort table is quarterly; survival counts calendar months; the
// Second Sale race, which the base gives in days, counts 30-day months.
const (
	quarterGrain   = success.Quarterly
	survivalMonths = success.Monthly
	daysPerMonth   = 30
)

func (r *review) analyseRetention() error {
	t, err := cohort.BuildTableFrom(r.base.Ledger(), r.lastDay(), cohort.TableOptions{Grain: quarterGrain})
	if err != nil {
		return fmt.Errorf("cohort table: %w", err)
	}
	r.retention.table = t

	obs, err := cohort.ObserveSpells(r.base.Spells(), r.asOf, survivalMonths)
	if err != nil {
		return fmt.Errorf("survival: %w", err)
	}
	if r.retention.survival, err = cohort.KaplanMeierByStratum(slices.Values(obs), cohort.SurvivalOptions{Horizon: horizonMonths}); err != nil {
		return fmt.Errorf("survival: %w", err)
	}
	if r.retention.incidence, err = cohort.CumulativeIncidenceByStratum(r.base.CompetingObservations(daysPerMonth), cohort.IncidenceOptions{}); err != nil {
		return fmt.Errorf("second sale: %w", err)
	}
	return r.projectLatestCohorts(obs)
}

// projectLatestCohorts fits the shifted-beta-geometric model to the survivor
// counts of the last two years' monthly signup cohorts (first spells, so
// counts never rise again with a reactivation) and projects the latest ones.
//
// Only monthly-billed accounts count: sBG treats every period as a renewal,
// and a yearly contract, which can leave only at its anniversary, would put
// a step at month 12 that a model of falling churn cannot fit (the fit runs
// off to the geometric boundary).
func (r *review) projectLatestCohorts(obs []cohort.Observation) error {
	first := time.Date(r.asOf.Year(), r.asOf.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -sbgFitMonths, 0)
	var counts [][]float64
	for k := range sbgFitMonths {
		from := first.AddDate(0, k, 0)
		to := from.AddDate(0, 1, 0)
		// Whole months every member of the cohort has been observed for.
		whole := monthsBetween(to, r.asOf)
		if whole < 1 {
			continue
		}
		surv := make([]float64, whole+1)
		for i := range r.base.Customers {
			c := &r.base.Customers[i]
			if c.BilledYearly() || c.Account.StartDate.Before(from) || !c.Account.StartDate.Before(to) {
				continue
			}
			o := obs[i]
			for t := range surv {
				if !o.Churned || o.Duration > float64(t) {
					surv[t]++
				}
			}
		}
		if surv[0] == 0 {
			continue
		}
		counts = append(counts, surv)
		r.retention.sbgCohorts = append(r.retention.sbgCohorts, from.Format("2006-01"))
	}
	if len(counts) == 0 {
		return nil
	}
	if note := sbgData(counts); note != "" {
		r.retention.sbgFailure = note
		return nil
	}
	m, err := cohort.FitSBG(counts, modelFit)
	// Too little heterogeneity in a small base: say so in the report rather
	// than draw a projection the model does not support.
	if r.retention.sbgFailure, err = notConverged(err); err != nil || r.retention.sbgFailure != "" {
		return err
	}
	r.retention.sbg = m
	// Pool the latest cohorts month by month: the share of those observed
	// through month t that stayed from t-1 to t, chained. Pooling survivors
	// over starting sizes instead would change the mix at each month (only
	// the oldest cohort is seen longest) and could make retention rise.
	latest := counts[max(0, len(counts)-sbgLatest):]
	size, surv := 0.0, 1.0
	for t := 0; ; t++ {
		var alive, before float64
		n := 0
		for _, c := range latest {
			if t < len(c) {
				n++
				if t == 0 {
					alive, before = alive+c[0], before+c[0]
				} else {
					alive, before = alive+c[t], before+c[t-1]
				}
			}
		}
		if n == 0 {
			break
		}
		if t == 0 {
			size = alive
		}
		if before > 0 {
			surv *= alive / before
		}
		r.retention.observed = append(r.retention.observed, surv)
		r.retention.observedCohorts = append(r.retention.observedCohorts, n)
	}
	r.retention.projected, err = m.Project(size, sbgHorizon)
	return err
}

// monthsBetween counts the whole calendar months from a to b.
func monthsBetween(a, b time.Time) int {
	n := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		n--
	}
	return n
}

// stepAt returns the survival step in force at time t (the last at or
// before it), or a step with survival 1 before the first event.
func stepAt(c cohort.Curve, t float64) cohort.Step {
	s := cohort.Step{Survival: 1, Lower: 1, Upper: 1}
	for _, st := range c.Steps {
		if st.Time > t {
			break
		}
		s = st
	}
	return s
}

// incidenceAt returns the incidence of kind in force at time t.
func incidenceAt(c cohort.IncidenceCurve, kind cohort.EventKind, t float64) cohort.Incidence {
	k := slices.Index(c.Kinds, kind)
	var in cohort.Incidence
	if k < 0 {
		return in
	}
	for _, st := range c.Steps {
		if st.Time > t {
			break
		}
		in = st.Events[k]
	}
	return in
}

// curveFor returns the stratum's curve, or false.
func curveFor(s cohort.Stratified, stratum string) (cohort.Curve, bool) {
	for _, c := range s.Curves {
		if c.Stratum == stratum {
			return c, true
		}
	}
	return cohort.Curve{}, false
}

// sbgData says what the survivor counts lack for the sBG model to be
// identified (a small base may show no churn at all), or "".
func sbgData(counts [][]float64) string {
	churned, twice := false, false
	for _, c := range counts {
		churned = churned || c[len(c)-1] < c[0]
		twice = twice || (len(c) > 2 && c[1] > 0)
	}
	switch {
	case !churned:
		return "no customer of these cohorts has churned yet"
	case !twice:
		return "no cohort has been followed through two renewals yet"
	}
	return ""
}
