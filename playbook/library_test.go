package playbook_test

import (
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecondSaleLibraryValidates(t *testing.T) {
	plays := playbook.SecondSaleLibrary()
	require.Len(t, plays, 20)
	ids := map[string]bool{}
	types := map[playbook.PlayType]int{}
	for _, p := range plays {
		require.NoError(t, p.ValidateWith(playbook.Predicates{}), p.ID)
		assert.False(t, ids[p.ID], "duplicate %s", p.ID)
		ids[p.ID] = true
		types[p.Type]++
		assert.Contains(t, p.Description, "Small win", p.ID)
		_, err := p.Trigger.Match(baseFacts(), nil)
		require.NoError(t, err, p.ID)
	}
	for _, ty := range []playbook.PlayType{playbook.Risk, playbook.Onboarding, playbook.Adoption, playbook.Renewal, playbook.Expansion, playbook.Advocacy} {
		assert.Positive(t, types[ty], ty)
	}
}

func TestSecondSaleLibraryIsACopy(t *testing.T) {
	a := playbook.SecondSaleLibrary()
	a[0].Steps[0].Title = "changed"
	a[0].Trigger.Clauses = nil
	b := playbook.SecondSaleLibrary()
	assert.NotEqual(t, "changed", b[0].Steps[0].Title)
	assert.NotEmpty(t, b[0].Trigger.Clauses)
}

// libraryPlay returns the library play with the given ID.
func libraryPlay(t *testing.T, id string) playbook.Play {
	t.Helper()
	for _, p := range playbook.SecondSaleLibrary() {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no library play %s", id)
	return playbook.Play{}
}

// The library's plays fire on the facts their descriptions name.
func TestSecondSaleLibraryTriggers(t *testing.T) {
	healthyPromoter := func(f *playbook.Facts) {
		f.Health = ptr(hscore(t0, 85, "green"))
		f.NPS = ptr(10)
		f.Fit = success.GoodFit
		f.DesiredOutcome.Achieved = true
		f.Readiness.Level = expansion.Ready
	}
	tests := []struct {
		play  string
		facts func(f *playbook.Facts)
		want  bool
	}{
		{"save-red", nil, true},
		{"save-red", func(f *playbook.Facts) { f.HealthHistory[1] = hscore(day(-7), 45, "red") }, false},
		{"score-drop", nil, false}, // red: the save play's
		{"score-drop", func(f *playbook.Facts) { f.Health = ptr(hscore(t0, 50, "yellow")) }, true},
		{"complete-training", nil, true},
		{"stalled-new-account", func(f *playbook.Facts) { f.Account.Stage = success.StageOnboarding }, true},
		{"stalled-new-account", nil, false},
		{"outcome-off-track", nil, true},
		{"second-purchase-nudge", nil, true},
		{"roi-add-on", nil, false},
		{"roi-add-on", healthyPromoter, true},
		{"case-study", healthyPromoter, true},
		{"reference-call", healthyPromoter, true},
		{"reference-call", func(f *playbook.Facts) { healthyPromoter(f); f.Fit = success.BadFit }, false},
		{"social-post", healthyPromoter, true},
		{"peer-introductions", healthyPromoter, true},
		{"renewal-90", nil, true}, // renewal in 80 days
		{"renewal-180", nil, false},
		{"renewal-30", nil, false},
		{"bad-fit-reset", nil, true},
		{"detractor-follow-up", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.play, func(t *testing.T) {
			p := libraryPlay(t, tt.play)
			f := baseFacts()
			if tt.facts != nil {
				tt.facts(f)
			}
			m, err := p.Trigger.Match(f, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Matched)
		})
	}
}
