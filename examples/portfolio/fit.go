package main

import (
	"fmt"

	"github.com/secondsale/secondsale/success"
)

// fitReview is Success Potential and Desired Outcome status across the book.
type fitReview struct {
	accounts, badFit int
	// activeGood and activeBad count today's customers by verdict, with their ARR.
	activeGood, activeBad       int
	activeGoodARR, activeBadARR float64
	// status counts today's customers by their Required Outcome's status,
	// achieved counts those whose whole Desired Outcome is achieved.
	status   map[success.OutcomeStatus]int
	achieved int
	// assessments are today's customers' Desired Outcome assessments, by account.
	assessments map[success.AccountID]*success.DesiredOutcomeAssessment
}

// outcomeStatuses is the order the report lists statuses in.
var outcomeStatuses = []success.OutcomeStatus{success.Achieved, success.OnTrack, success.NotStarted, success.Behind, success.Stuck, success.Stale, success.Missed}

func (r *review) analyseFit() error {
	v := &r.fit
	v.status = map[success.OutcomeStatus]int{}
	v.assessments = map[success.AccountID]*success.DesiredOutcomeAssessment{}
	v.accounts = len(r.base.Customers)
	for i := range r.base.Customers {
		if !r.base.Customers[i].GoodFit() {
			v.badFit++
		}
	}
	for _, c := range r.active() {
		arr := money(c.AccountAsOf(r.asOf).ARR)
		if c.GoodFit() {
			v.activeGood++
			v.activeGoodARR += arr
		} else {
			v.activeBad++
			v.activeBadARR += arr
		}
		a, err := c.Outcome.Assess(r.asOf, success.StatusOptions{})
		if err != nil {
			return fmt.Errorf("desired outcome of %s: %w", c.Account.ID, err)
		}
		v.assessments[c.Account.ID] = &a
		if a.Achieved {
			v.achieved++
		}
		for _, o := range a.Outcomes {
			v.status[o.Status]++
		}
	}
	return nil
}
