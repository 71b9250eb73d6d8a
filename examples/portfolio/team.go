package main

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
	"github.com/secondsale/secondsale/success/voice"
)

// teamReview is how the customer-success team itself is doing: what
// customers say (NPS, CSAT) and how much support their use needs (the
// Reduction of Burden), this year against last.
type teamReview struct {
	nps    voice.Report[voice.NPSFigure]
	csat   voice.Report[voice.CSATFigure]
	burden burden.Report
	// baseline and current are the months compared for burden.
	baseline, current time.Time
	save              savePlayReview
	goals             *playbook.GoalReport
}

// csatScale is the simulated survey's: 1..5, satisfied from 4.
var csatScale = voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}

func (r *review) analyseTeam() error {
	v := &r.team
	var err error
	if v.nps, err = voice.NPS(r.base.NPS(), success.Quarterly, nil); err != nil {
		return fmt.Errorf("nps: %w", err)
	}
	if v.csat, err = voice.CSAT(r.base.CSAT(), csatScale, success.Quarterly, nil); err != nil {
		return fmt.Errorf("csat: %w", err)
	}
	// The last whole month against the same month a year before.
	last := r.lastDay()
	v.current = time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC)
	v.baseline = v.current.AddDate(-1, 0, 0)
	if v.burden, err = burden.Compare(success.Monthly, v.baseline, v.current, r.base.Tickets(), r.base.BurdenUsage(),
		burden.Options{Weights: sim.TicketWeights(), Directory: r.base.Directory()}); err != nil {
		return fmt.Errorf("burden: %w", err)
	}
	if err := r.replaySavePlay(); err != nil {
		return err
	}
	return r.analyseTouchpoints()
}
