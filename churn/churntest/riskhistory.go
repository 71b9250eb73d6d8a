// Package churntest holds conformance suites for the interfaces the churn
// package asks hosts to implement. A host that keeps its at-risk history in
// its own database runs TestRiskHistory against it to check that the
// classifier will read it the way it expects.
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

// NewRiskHistory returns a RiskHistory holding exactly observations (a fresh,
// empty store loaded with them).
type NewRiskHistory func(t *testing.T, observations []churn.RiskObservation) churn.RiskHistory

// TestRiskHistory checks the RiskHistory contract: observations of one
// account only, inside the half-open window [from, to), in time order, none
// lost; an empty window or an unknown account gives no observations and no
// error; a returned slice may be changed by the caller without changing the
// store; a cancelled context gives an error wrapping context.Canceled.
func TestRiskHistory(t *testing.T, newHistory NewRiskHistory) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(days int) time.Time { return t0.AddDate(0, 0, days) }
	observations := []churn.RiskObservation{
		{Account: "acme", At: at(30), Flagged: true, Source: "csm"},
		{Account: "acme", At: at(10), BandRank: 2, Band: "yellow", Source: "scorecard"},
		{Account: "globex", At: at(15), BandRank: 1, Band: "red"},
		{Account: "acme", At: at(20), BandRank: 1, Band: "red", Source: "scorecard"},
		{Account: "acme", At: at(40), BandRank: 3, Band: "green"},
	}
	ctx := context.Background()

	t.Run("window", func(t *testing.T) {
		h := newHistory(t, slices.Clone(observations))
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
			got, err := h.RiskObservations(ctx, "acme", at(tc.from), at(tc.to))
			if err != nil {
				t.Fatalf("[%d, %d): %v", tc.from, tc.to, err)
			}
			var days []int
			for _, o := range got {
				if o.Account != "acme" {
					t.Errorf("[%d, %d): observation of account %q returned for acme", tc.from, tc.to, o.Account)
				}
				days = append(days, int(o.At.Sub(t0)/(24*time.Hour)))
			}
			if !slices.Equal(days, tc.want) {
				t.Errorf("[%d, %d): got observations on days %v, want %v", tc.from, tc.to, days, tc.want)
			}
		}
	})

	t.Run("fields kept", func(t *testing.T) {
		h := newHistory(t, slices.Clone(observations))
		got, err := h.RiskObservations(ctx, "acme", at(20), at(21))
		if err != nil {
			t.Fatal(err)
		}
		want := observations[3]
		if len(got) != 1 || !got[0].At.Equal(want.At) || got[0].BandRank != want.BandRank ||
			got[0].Band != want.Band || got[0].Flagged != want.Flagged || got[0].Source != want.Source {
			t.Errorf("got %+v, want [%+v]", got, want)
		}
	})

	t.Run("unknown account", func(t *testing.T) {
		h := newHistory(t, slices.Clone(observations))
		got, err := h.RiskObservations(ctx, success.AccountID("initech"), at(0), at(100))
		if err != nil || len(got) != 0 {
			t.Errorf("got %v, %v; want no observations and no error", got, err)
		}
	})

	t.Run("caller owns the result", func(t *testing.T) {
		h := newHistory(t, slices.Clone(observations))
		got, err := h.RiskObservations(ctx, "acme", at(0), at(100))
		if err != nil || len(got) == 0 {
			t.Fatalf("got %v, %v", got, err)
		}
		got[0].Flagged, got[0].BandRank = !got[0].Flagged, 99
		again, err := h.RiskObservations(ctx, "acme", at(0), at(100))
		if err != nil {
			t.Fatal(err)
		}
		if again[0].BandRank == 99 {
			t.Error("changing a returned observation changed the store")
		}
	})

	t.Run("cancelled context", func(t *testing.T) {
		h := newHistory(t, slices.Clone(observations))
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		_, err := h.RiskObservations(cancelled, "acme", at(0), at(100))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got error %v, want one wrapping context.Canceled", err)
		}
	})

	t.Run("classifier reads it", func(t *testing.T) {
		h := newHistory(t, slices.Clone(observations))
		c, err := churn.NewClassifier(h, churn.ClassifyOptions{AtRiskBandRank: 1})
		if err != nil {
			t.Fatal(err)
		}
		cl, err := c.Classify(ctx, churn.Event{
			Account: "acme", Date: at(25), Kind: churn.FullChurn, Initiator: churn.Voluntary,
			LostMRR: success.MustMoney("100", "USD"), Reasons: []churn.Reason{{Category: churn.ReasonPrice}},
			Fit: success.GoodFit,
		})
		if err != nil {
			t.Fatal(err)
		}
		if !cl.Expected || cl.FirstRiskSignal == nil || !cl.FirstRiskSignal.At.Equal(at(20)) {
			t.Errorf("want expected churn, first at risk on day 20 (red); got %v", fmt.Sprint(cl.Facts))
		}
	})
}
