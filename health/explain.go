package health

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/success"
)

// Change explains why an account's score moved between two snapshots: the
// measures whose contribution changed, biggest effect first. The effects add
// up to Delta (to rounding).
type Change struct {
	Account          success.AccountID `json:"account"`
	From             time.Time         `json:"from"`
	To               time.Time         `json:"to"`
	Before           float64           `json:"before"`
	After            float64           `json:"after"`
	Delta            float64           `json:"delta"`
	BandBefore       string            `json:"band_before"`
	BandAfter        string            `json:"band_after"`
	ScorecardChanged bool              `json:"scorecard_changed"` // ID or version differ
	// ConfidentBefore and ConfidentAfter are the scores' Confident: a change
	// to or from a low-confidence score may be inputs appearing or
	// disappearing more than the account moving.
	ConfidentBefore bool            `json:"confident_before"`
	ConfidentAfter  bool            `json:"confident_after"`
	Measures        []MeasureChange `json:"measures"`
}

// MeasureChange is one measure's part in a Change. A measure that exists in
// only one of the two scorecards has zero on the other side.
type MeasureChange struct {
	ID                 string        `json:"id"`
	InputBefore        success.Value `json:"input_before,omitzero"`
	InputAfter         success.Value `json:"input_after,omitzero"`
	MissingBefore      bool          `json:"missing_before,omitempty"`
	MissingAfter       bool          `json:"missing_after,omitempty"`
	PointsBefore       float64       `json:"points_before"`
	PointsAfter        float64       `json:"points_after"`
	WeightBefore       float64       `json:"weight_before"` // effective weights
	WeightAfter        float64       `json:"weight_after"`
	ContributionBefore float64       `json:"contribution_before"`
	ContributionAfter  float64       `json:"contribution_after"`
	Effect             float64       `json:"effect"` // ContributionAfter - ContributionBefore
}

// Explain compares two available scores of the same account, before then
// after, and lists the measures that moved the score ordered by the size of
// their effect (ties by ID). Measures whose contribution did not change are
// left out. A before score later than the after score is ErrInvalid (the
// effects would have the wrong sign); two scores at one instant, such as the
// same inputs under two scorecard versions, are allowed. It explains the
// computed values; manual overrides are not part of the change. Available
// low-confidence scores are explained like any other, with ConfidentBefore
// and ConfidentAfter saying which side was low. A score whose value is
// outside 0..100 or whose measures carry a NaN or infinite figure (a score
// built by hand) is ErrInvalid.
func Explain(before, after Score) (Change, error) {
	if before.Account != after.Account {
		return Change{}, fmt.Errorf("%w: scores of different accounts %q and %q", ErrMismatch, before.Account, after.Account)
	}
	if before.AsOf.After(after.AsOf) {
		return Change{}, fmt.Errorf("%w: the before score of %q (as of %s) is later than the after score (as of %s); pass the older score first",
			ErrInvalid, before.Account, before.AsOf.Format(time.RFC3339), after.AsOf.Format(time.RFC3339))
	}
	if !before.Available || !after.Available {
		return Change{}, fmt.Errorf("%w: cannot explain a change to or from an unavailable score of %q", ErrInvalid, before.Account)
	}
	for _, side := range []struct {
		name string
		s    Score
	}{{"before", before}, {"after", after}} {
		if err := checkExplainable(side.s); err != nil {
			return Change{}, fmt.Errorf("%w: the %s score of %q: %v", ErrInvalid, side.name, before.Account, err)
		}
	}
	c := Change{
		Account: after.Account, From: before.AsOf, To: after.AsOf,
		Before: before.Value, After: after.Value, Delta: after.Value - before.Value,
		BandBefore: before.Band, BandAfter: after.Band,
		ScorecardChanged: before.ScorecardID != after.ScorecardID || before.ScorecardVersion != after.ScorecardVersion,
		ConfidentBefore:  before.Confident, ConfidentAfter: after.Confident,
	}
	seen := make(map[string]int, len(after.parts.measures()))
	for _, m := range before.parts.measures() {
		seen[m.ID()] = len(c.Measures)
		c.Measures = append(c.Measures, MeasureChange{ID: m.ID(), InputBefore: m.Input(), MissingBefore: m.Missing,
			PointsBefore: m.Points, WeightBefore: m.EffectiveWeight, ContributionBefore: m.Contribution()})
	}
	for _, m := range after.parts.measures() {
		i, ok := seen[m.ID()]
		if !ok {
			i = len(c.Measures)
			c.Measures = append(c.Measures, MeasureChange{ID: m.ID()})
		}
		mc := &c.Measures[i]
		mc.InputAfter, mc.MissingAfter, mc.PointsAfter, mc.WeightAfter, mc.ContributionAfter =
			m.Input(), m.Missing, m.Points, m.EffectiveWeight, m.Contribution()
	}
	moved := c.Measures[:0]
	for _, mc := range c.Measures {
		mc.Effect = mc.ContributionAfter - mc.ContributionBefore
		if mc.Effect != 0 {
			moved = append(moved, mc)
		}
	}
	c.Measures = moved
	slices.SortStableFunc(c.Measures, func(a, b MeasureChange) int {
		if d := cmp.Compare(math.Abs(b.Effect), math.Abs(a.Effect)); d != 0 {
			return d
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return c, nil
}

// checkExplainable rejects a score built by hand with a figure that is not
// finite, which would make the change and its effects NaN.
func checkExplainable(s Score) error {
	if !validPoints(s.Value) {
		return fmt.Errorf("value %v is outside 0..100", s.Value)
	}
	for i, m := range s.parts.measures() {
		if !finite(m.Points) || !finite(m.EffectiveWeight) || !finite(m.Contribution()) {
			return fmt.Errorf("measures[%d] (%q): points, effective weight and contribution must be finite", i, m.ID())
		}
	}
	return nil
}
