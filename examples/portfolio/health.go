package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
)

// healthReview is the book's health today, the history of the accounts most
// at risk, and how well the scorecard predicted churn.
type healthReview struct {
	plan *health.Plan
	// facts are what a host knows of each customer today, in customer order:
	// the input of health, signals, readiness and the plays.
	facts     []playbook.Facts
	customers []*sim.Customer
	portfolio health.PortfolioSummary
	trends    map[health.TrendDirection]int
	// atRisk are the largest red accounts, with their monthly scores.
	atRisk []scoreHistory
	// backtest scores the customers of backtestDays ago against churn since.
	backtest     health.BacktestReport
	backtestFrom time.Time
	// backtestFailure says why there is no backtest, when there is none.
	backtestFailure string
}

type scoreHistory struct {
	customer *sim.Customer
	arr      float64
	scores   []health.Score
}

const (
	backtestDays   = 180
	atRiskAccounts = 5
	historyMonths  = 6
)

func (r *review) analyseHealth() error {
	v := &r.health
	plan, err := health.Compile(sim.Scorecard())
	if err != nil {
		return err
	}
	v.plan = plan
	v.trends = map[health.TrendDirection]int{}
	v.customers = r.active()
	if v.facts, err = r.factsAt(v.customers, r.asOf); err != nil {
		return err
	}
	for _, f := range v.facts {
		if f.Trend != nil {
			v.trends[f.Trend.Direction]++
		}
	}
	if v.portfolio, err = health.SummarizePortfolio(func(yield func(health.PortfolioEntry) bool) {
		for _, f := range v.facts {
			if !yield(health.PortfolioEntry{Score: *f.Health, ARR: f.Account.ARR}) {
				return
			}
		}
	}, plan.Bands()); err != nil {
		return fmt.Errorf("portfolio: %w", err)
	}
	if err := r.historyOfAtRisk(); err != nil {
		return err
	}
	return r.backtestHealth()
}

// historyOfAtRisk picks the red accounts with the most ARR and scores each
// at the start of the last historyMonths months. An account with fewer than
// two scores (signed last month) has no trend to show and is passed over.
func (r *review) historyOfAtRisk() error {
	v := &r.health
	var red []scoreHistory
	for i, f := range v.facts {
		if f.Health.Available && f.Health.ReportedBand == worstBand(v.plan) {
			red = append(red, scoreHistory{customer: v.customers[i], arr: money(f.Account.ARR)})
		}
	}
	slices.SortStableFunc(red, func(a, b scoreHistory) int { return cmp.Compare(b.arr, a.arr) })
	v.atRisk = v.atRisk[:0]
	for _, h := range red {
		if len(v.atRisk) == atRiskAccounts {
			break
		}
		available := 0
		for m := historyMonths; m >= 0; m-- {
			at := r.asOf.AddDate(0, -m, 0)
			if at.Before(h.customer.Account.StartDate.AddDate(0, 0, 1)) {
				continue
			}
			s, err := r.base.Score(h.customer, at)
			if err != nil {
				return err
			}
			h.scores = append(h.scores, s)
			if s.Available {
				available++
			}
		}
		if available >= 2 {
			v.atRisk = append(v.atRisk, h)
		}
	}
	return nil
}

// worstBand is the name of the plan's lowest band (red by default).
func worstBand(p *health.Plan) string {
	for _, b := range p.Bands() {
		if rank, _ := p.BandRank(b.Name); rank == 1 {
			return b.Name
		}
	}
	return ""
}

// backtestHealth scores every customer of backtestDays ago as of then and
// asks whether it churned since: does the score see churn coming?
func (r *review) backtestHealth() error {
	v := &r.health
	v.backtestFrom = r.asOf.AddDate(0, 0, -backtestDays)
	outcomes, err := r.base.HealthOutcomes(v.backtestFrom, backtestDays*24*time.Hour)
	if err != nil {
		return fmt.Errorf("backtest: %w", err)
	}
	churned, stayed := 0, 0
	for _, o := range outcomes {
		switch {
		case !o.Score.Available:
		case o.Churned:
			churned++
		default:
			stayed++
		}
	}
	if churned == 0 || stayed == 0 {
		// A small base may have no churn (or nobody left) in the window.
		v.backtestFailure = fmt.Sprintf("the backtest needs customers who churned and who stayed; %d churned and %d stayed", churned, stayed)
		v.backtest.AUC = math.NaN()
		return nil
	}
	rep, err := health.Backtest(slices.Values(outcomes), v.plan.Bands())
	if err != nil {
		return fmt.Errorf("backtest: %w", err)
	}
	v.backtest = rep
	return nil
}
