package success_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

func TestMilestones(t *testing.T) {
	start := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	on := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 12, 0, 0, 0, time.UTC) }
	journey := []success.Milestone{
		{ID: "kickoff", Name: "Kick-off held", Required: true, DueAfterDays: 7, CompletedAt: on(2026, 3, 5)},
		{ID: "sso", Name: "SSO configured", Required: true, DueAfterDays: 14, CompletedAt: on(2026, 3, 20)},
		{ID: "training", Name: "Admins trained", Required: false, DueAfterDays: 21},
		{ID: "live", Name: "First workflow live", Required: true, DueAfterDays: 30},
		{ID: "ebr", Name: "First exec review", Required: true, DueAfterDays: 90, CompletedAt: on(2026, 7, 1)},
	}
	tests := []struct {
		name        string
		asOf        time.Time
		want        []success.MilestoneStatus
		next        string
		overdueReqd []string
	}{
		{"day 3: nothing due", on(2026, 3, 4),
			[]success.MilestoneStatus{success.MilestoneUpcoming, success.MilestoneUpcoming, success.MilestoneUpcoming, success.MilestoneUpcoming, success.MilestoneUpcoming},
			"kickoff", nil},
		{"due today", on(2026, 3, 15),
			[]success.MilestoneStatus{success.MilestoneDone, success.MilestoneDueToday, success.MilestoneUpcoming, success.MilestoneUpcoming, success.MilestoneUpcoming},
			"sso", nil},
		{"sso late, training optional overdue", on(2026, 3, 25),
			[]success.MilestoneStatus{success.MilestoneDone, success.MilestoneDoneLate, success.MilestoneOverdue, success.MilestoneUpcoming, success.MilestoneUpcoming},
			"training", nil},
		{"due date in the past for a required milestone", on(2026, 4, 15),
			[]success.MilestoneStatus{success.MilestoneDone, success.MilestoneDoneLate, success.MilestoneOverdue, success.MilestoneOverdue, success.MilestoneUpcoming},
			"training", []string{"live"}},
		{"completion after as-of does not count yet", on(2026, 6, 30),
			[]success.MilestoneStatus{success.MilestoneDone, success.MilestoneDoneLate, success.MilestoneOverdue, success.MilestoneOverdue, success.MilestoneOverdue},
			"training", []string{"live", "ebr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, err := success.AssessMilestones(journey, start, tt.asOf)
			require.NoError(t, err)
			got := make([]success.MilestoneStatus, len(j.Milestones))
			for i, m := range j.Milestones {
				got[i] = m.Status
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.next, j.Next)
			assert.Equal(t, tt.overdueReqd, j.OverdueRequired)
		})
	}
	// Due is the end of the calendar day, so a milestone due after 0 days is
	// due on the start date itself.
	due := success.Milestone{DueAfterDays: 0}.Due(start)
	assert.Equal(t, time.Date(2026, 3, 1, 23, 59, 59, 999999999, time.UTC), due)
}

// A milestone is due until the last instant of its due day in the start
// date's zone, wherever the completion or the date asked about is written.
func TestMilestoneDueDayInTheStartZone(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, tokyo)
	endOfDue := time.Date(2026, 3, 8, 23, 59, 59, 999999999, tokyo) // 7 days after start
	tests := []struct {
		name      string
		completed time.Time
		asOf      time.Time
		want      success.MilestoneStatus
	}{
		{"done at the last instant of the due day", endOfDue, endOfDue, success.MilestoneDone},
		{"done a nanosecond later", endOfDue.Add(time.Nanosecond), endOfDue.Add(time.Hour), success.MilestoneDoneLate},
		// 20:00 UTC on 7 March is 05:00 on 8 March in Tokyo: the due day.
		{"due today, asked in UTC", time.Time{}, time.Date(2026, 3, 7, 20, 0, 0, 0, time.UTC), success.MilestoneDueToday},
		{"upcoming the day before, in Tokyo", time.Time{}, time.Date(2026, 3, 7, 14, 0, 0, 0, time.UTC), success.MilestoneUpcoming},
		{"overdue after the due day", time.Time{}, endOfDue.Add(time.Nanosecond), success.MilestoneOverdue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := []success.Milestone{{ID: "kickoff", Name: "Kick-off held", Required: true, DueAfterDays: 7, CompletedAt: tt.completed}}
			j, err := success.AssessMilestones(ms, start, tt.asOf)
			require.NoError(t, err)
			assert.Equal(t, tt.want, j.Milestones[0].Status)
			assert.True(t, j.Milestones[0].Due.Equal(endOfDue), "due %v", j.Milestones[0].Due)
		})
	}
}

func TestMilestonesInvalid(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	_, err := success.AssessMilestones([]success.Milestone{
		{ID: "a", Name: "A", DueAfterDays: 10},
		{ID: "a", Name: "", DueAfterDays: 5},
		{ID: "", Name: "C", DueAfterDays: -1},
	}, start, start)
	require.ErrorIs(t, err, success.ErrInvalid)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	assert.ElementsMatch(t, []string{"milestones[1].id", "milestones[1].name", "milestones[1].due_after_days",
		"milestones[2].id", "milestones[2].due_after_days", "milestones[2].due_after_days"}, paths, "%v", err)
	_, err = success.AssessMilestones(nil, time.Time{}, start)
	assert.ErrorIs(t, err, success.ErrInvalid)
}

func TestMilestoneCompletedBeforeStart(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	_, err := success.AssessMilestones([]success.Milestone{
		{ID: "a", Name: "A", DueAfterDays: 10, CompletedAt: start.AddDate(0, 0, -1)},
	}, start, start)
	assert.ErrorContains(t, err, "milestones[0].completed_at")
	_, err = success.AssessMilestones([]success.Milestone{{ID: "a", Name: "A", DueAfterDays: 1 << 40}}, start, start)
	assert.ErrorContains(t, err, "milestones[0].due_after_days: must be within")
}

// A due date past year 9999 is refused: the assessment could not be
// written as JSON (found by FuzzAssessMilestones).
func TestAssessMilestonesDueBeyondYear9999(t *testing.T) {
	start := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	ms := []success.Milestone{{ID: "kickoff", Name: "Kick-off", DueAfterDays: 48}}
	_, err := success.AssessMilestones(ms, start, start)
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, "milestones[0].due_after_days: puts the due date in year 10000, outside 0 to 9999")
}
