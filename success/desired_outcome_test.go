package success_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

func financeTeamOutcome() success.DesiredOutcome {
	return success.DesiredOutcome{
		ID: "do-1", Account: "acme", Name: "Faster close with an audit trail",
		Required: []success.RequiredOutcome{
			closeDays(m(30, 4)),    // achieved
			activeUsers(m(20, 20)), // 25% progress
		},
		Experience: []success.ExperienceRequirement{
			{ID: "eu", Name: "EU data residency", Met: true, Since: day(5)},
			{ID: "exec", Name: "weekly exec report", Met: false},
		},
	}
}

func TestDesiredOutcomeNeedsEveryPart(t *testing.T) {
	d := financeTeamOutcome()
	a, err := d.Assess(day(40), success.StatusOptions{})
	require.NoError(t, err)
	assert.False(t, a.Achieved)
	require.Len(t, a.Missing, 2, "%v", a.Missing)
	assert.Contains(t, a.Missing[0], `"wau"`)
	assert.Contains(t, a.Missing[1], "weekly exec report")
	assert.InDelta(t, (0+0.75)/2, a.Gap.Normalised, 1e-12)
	assert.Equal(t, "wau", a.Gap.Largest)

	// Before the EU requirement was met, it is missing too.
	a, err = d.Assess(day(2), success.StatusOptions{})
	require.NoError(t, err)
	assert.False(t, a.Experience[0].Met)

	// Every outcome reached and every requirement met: achieved.
	d.Required[1].Measure(day(60), 50)
	d.Experience[1] = success.ExperienceRequirement{ID: "exec", Name: "weekly exec report", Met: true, Since: day(50)}
	a, err = d.Assess(day(61), success.StatusOptions{})
	require.NoError(t, err)
	assert.True(t, a.Achieved, "missing: %v", a.Missing)
	assert.Empty(t, a.Missing)
	assert.Zero(t, a.Gap.Normalised)
}

func TestDesiredOutcomeWeightedGap(t *testing.T) {
	d := financeTeamOutcome()
	d.Required[1].Weight = 3
	a, err := d.Assess(day(40), success.StatusOptions{})
	require.NoError(t, err)
	assert.InDelta(t, (1*0+3*0.75)/4, a.Gap.Normalised, 1e-12)
}

// Weight 0 counts as 1; Largest names the largest weighted gap, the first on
// a tie, and nothing once every gap is closed. Hand-computed: gaps 0.5 (wau,
// value 30 of 10 → 50) and 0.5 (close, value 7 of 10 → 4).
func TestTotalGapLargest(t *testing.T) {
	d := success.DesiredOutcome{ID: "d", Account: "acme", Required: []success.RequiredOutcome{
		activeUsers(m(20, 30)), closeDays(m(20, 7)),
	}}
	a, err := d.Assess(day(21), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, success.TotalGap{Normalised: 0.5, Largest: "wau"}, a.Gap, "a tie goes to the first")
	d.Required[1].Weight = 3
	a, err = d.Assess(day(21), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, success.TotalGap{Normalised: (0.5 + 3*0.5) / 4, Largest: "close"}, a.Gap)
	d.Required[0].Measure(day(30), 50)
	d.Required[1].Measure(day(30), 4)
	a, err = d.Assess(day(31), success.StatusOptions{})
	require.NoError(t, err)
	assert.Equal(t, success.TotalGap{}, a.Gap)
}

func TestDesiredOutcomeInvalid(t *testing.T) {
	d := financeTeamOutcome()
	d.Account = ""
	d.Required[1].ID = "close" // duplicate of required[0]
	d.Required[0].Due = day(-10)
	d.Experience[0].Name = ""
	_, err := d.Assess(day(40), success.StatusOptions{})
	require.ErrorIs(t, err, success.ErrInvalid)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	assert.ElementsMatch(t, []string{"account", "required[0].due", "required[1].id", "experience[0].name"}, paths, "%v", err)

	_, err = success.DesiredOutcome{ID: "x", Account: "a"}.Assess(day(1), success.StatusOptions{})
	assert.ErrorIs(t, err, success.ErrInvalid, "an empty desired outcome is invalid")

	experienceOnly := success.DesiredOutcome{ID: "x", Account: "a", Experience: []success.ExperienceRequirement{{ID: "eu", Name: "EU data residency", Met: true}}}
	_, err = experienceOnly.Assess(day(1), success.StatusOptions{Tolerance: -1})
	assert.ErrorIs(t, err, success.ErrInvalid, "options are checked even with no required outcome to use them")
}
