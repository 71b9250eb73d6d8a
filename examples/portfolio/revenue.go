package main

import (
	"fmt"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
)

// revenueReview is the MRR ledger's movements and retention metrics by month.
type revenueReview struct {
	report *churn.RetentionReport
	// months are the last reviewMonths periods of the report.
	months []churn.PeriodReport
}

// reviewMonths is how many months the revenue charts show: two years, so a
// trailing-twelve-month metric has a year of its own history beside it.
const reviewMonths = 24

func (r *review) analyseRevenue() error {
	m, err := churn.NewMovements(churn.MovementOptions{Currency: sim.Currency})
	if err != nil {
		return err
	}
	if err := m.AddFrom(r.base.Ledger()); err != nil {
		return fmt.Errorf("mrr movements: %w", err)
	}
	rep, err := m.Report(r.lastDay())
	if err != nil {
		return fmt.Errorf("mrr movements: %w", err)
	}
	r.revenue.report = rep
	r.revenue.months = rep.Periods[max(0, len(rep.Periods)-reviewMonths):]
	return nil
}

// latest is the last whole month reviewed.
func (v revenueReview) latest() churn.PeriodReport {
	if len(v.months) == 0 {
		return churn.PeriodReport{}
	}
	return v.months[len(v.months)-1]
}

// customersYearBefore is how many customers paid at the end of the month
// twelve months before months[i]: the base of its trailing NRR and GRR.
func (v revenueReview) customersYearBefore(i int) int64 {
	k := len(v.report.Periods) - len(v.months) + i - 12
	if k < 0 {
		return 0
	}
	return v.report.Periods[k].EndCustomers
}
