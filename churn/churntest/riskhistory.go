// Package churntest holds conformance suites for the interfaces the churn
// package asks hosts to implement. A host that keeps its at-risk history in
// its own database runs TestRiskHistory against it to check that the
// classifier will read it the way it expects:
//
//	func TestMyRiskHistory(t *testing.T) {
//		churntest.TestRiskHistory(t, func(t *testing.T, obs []churn.RiskObservation) churn.RiskHistory {
//			return loadIntoEmptyStore(t, obs)
//		})
//	}
//
// Run does the same without a *testing.T, for other test harnesses, and
// returns every violation joined into one error.
package churntest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day0.AddDate(0, 0, n) }

// observations is what every check loads into a fresh history: acme's out
// of time order, and another account's among them.
var observations = []churn.RiskObservation{
	{Account: "acme", At: day(30), Flagged: true, Source: "csm"},
	{Account: "acme", At: day(10), BandRank: 2, Band: "yellow", Source: "scorecard"},
	{Account: "globex", At: day(15), BandRank: 1, Band: "red"},
	{Account: "acme", At: day(20), BandRank: 1, Band: "red", Source: "scorecard"},
	{Account: "acme", At: day(40), BandRank: 3, Band: "green"},
}

// check is one rule of the RiskHistory contract; it returns the violations
// it found, joined.
type check struct {
	name string
	run  func(ctx context.Context, h churn.RiskHistory) error
}

// TestRiskHistory runs the conformance suite as subtests. newHistory must
// return a fresh history holding exactly the observations given.
//
// The contract: observations of one account only, inside the half-open
// window [from, to), in time order, none lost and every field kept; an empty
// window or an unknown account gives no observations and no error; a
// returned slice may be changed by the caller without changing the store; a
// cancelled context gives an error wrapping context.Canceled.
func TestRiskHistory(t *testing.T, newHistory func(t *testing.T, observations []churn.RiskObservation) churn.RiskHistory) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if err := c.run(t.Context(), newHistory(t, slices.Clone(observations))); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Run runs the conformance suite outside a test and returns every
// violation, joined; nil means the history keeps the contract. newHistory
// must return a fresh history holding exactly the observations given.
func Run(ctx context.Context, newHistory func(observations []churn.RiskObservation) (churn.RiskHistory, error)) error {
	var errs []error
	for _, c := range checks {
		h, err := newHistory(slices.Clone(observations))
		if err == nil {
			err = c.run(ctx, h)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.name, err))
		}
	}
	return errors.Join(errs...)
}

var checks = []check{
	{"WindowIsHalfOpenAndOrdered", func(ctx context.Context, h churn.RiskHistory) error {
		var errs []error
		for _, tc := range []struct {
			from, to int
			want     []int // days of the expected acme observations, in order
		}{
			{0, 100, []int{10, 20, 30, 40}},
			{10, 30, []int{10, 20}}, // from is included, to is not
			{11, 31, []int{20, 30}},
			{40, 41, []int{40}},
			{41, 100, nil},
			{20, 20, nil},
		} {
			got, err := h.RiskObservations(ctx, "acme", day(tc.from), day(tc.to))
			if err != nil {
				errs = append(errs, fmt.Errorf("[day %d, day %d): %w", tc.from, tc.to, err))
				continue
			}
			var days []int
			for _, o := range got {
				if o.Account != "acme" {
					errs = append(errs, fmt.Errorf("[day %d, day %d): observation of account %q returned for acme", tc.from, tc.to, o.Account))
				}
				days = append(days, int(o.At.Sub(day0)/(24*time.Hour)))
			}
			if !slices.Equal(days, tc.want) {
				errs = append(errs, fmt.Errorf("[day %d, day %d): got observations on days %v, want %v", tc.from, tc.to, days, tc.want))
			}
		}
		return errors.Join(errs...)
	}},
	{"FieldsKept", func(ctx context.Context, h churn.RiskHistory) error {
		got, err := h.RiskObservations(ctx, "acme", day(20), day(21))
		if err != nil {
			return err
		}
		want := observations[3]
		if len(got) != 1 || !got[0].At.Equal(want.At) || got[0].BandRank != want.BandRank ||
			got[0].Band != want.Band || got[0].Flagged != want.Flagged || got[0].Source != want.Source {
			return fmt.Errorf("got %+v, want [%+v]", got, want)
		}
		return nil
	}},
	{"UnknownAccount", func(ctx context.Context, h churn.RiskHistory) error {
		got, err := h.RiskObservations(ctx, success.AccountID("initech"), day(0), day(100))
		if err != nil || len(got) != 0 {
			return fmt.Errorf("got %d observations, %v; want none and no error", len(got), err)
		}
		return nil
	}},
	{"CallerOwnsTheResult", func(ctx context.Context, h churn.RiskHistory) error {
		got, err := h.RiskObservations(ctx, "acme", day(0), day(100))
		if err != nil || len(got) == 0 {
			return fmt.Errorf("got %d observations, %v; want some", len(got), err)
		}
		got[0].Flagged, got[0].BandRank = !got[0].Flagged, 99
		again, err := h.RiskObservations(ctx, "acme", day(0), day(100))
		if err != nil {
			return err
		}
		if len(again) == 0 || again[0].BandRank == 99 {
			return errors.New("changing a returned observation changed the store")
		}
		return nil
	}},
	{"CancelledContext", func(ctx context.Context, h churn.RiskHistory) error {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := h.RiskObservations(cancelled, "acme", day(0), day(100)); !errors.Is(err, context.Canceled) {
			return fmt.Errorf("got error %v, want one wrapping context.Canceled", err)
		}
		return nil
	}},
	{"ClassifierReadsIt", func(ctx context.Context, h churn.RiskHistory) error {
		c, err := churn.NewClassifier(h, churn.ClassifyOptions{AtRiskBandRank: 1})
		if err != nil {
			return err
		}
		cl, err := c.Classify(ctx, churn.Event{
			Account: "acme", Date: day(25), Kind: churn.FullChurn, Initiator: churn.Voluntary,
			LostMRR: success.MustMoney("100", "USD"), Reasons: []churn.Reason{{Code: churn.ReasonPrice}},
			Fit: success.GoodFit,
		})
		if err != nil {
			return err
		}
		if !cl.Expected || cl.FirstRiskSignal == nil || !cl.FirstRiskSignal.At.Equal(day(20)) {
			return fmt.Errorf("want expected churn, first at risk on day 20 (red); got %v", cl.Evidence)
		}
		return nil
	}},
}
