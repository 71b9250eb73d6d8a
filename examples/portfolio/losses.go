package main

import (
	"context"
	"fmt"

	"github.com/secondsale/secondsale/churn"
)

// lossReview classifies every past churn: avoidable or not (did the
// customer have Success Potential, was the reason ours to fix) and expected
// or not (had its CSM flagged it at risk in the 90 days before).
type lossReview struct {
	report          *churn.ClassificationReport
	classifications []churn.Classification
}

func (r *review) analyseLosses() error {
	log, err := r.base.RiskLog()
	if err != nil {
		return err
	}
	cl, err := churn.NewClassifier(log, churn.ClassifyOptions{})
	if err != nil {
		return err
	}
	rep, cs, err := cl.Report(context.Background(), r.base.ChurnEvents())
	if err != nil {
		return fmt.Errorf("churn classification: %w", err)
	}
	r.losses = lossReview{report: rep, classifications: cs}
	return nil
}
