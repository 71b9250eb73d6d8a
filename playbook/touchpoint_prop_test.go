package playbook_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"pgregory.net/rapid"
)

// TestReportGoalsProperties: every rate lies in [0, 1] inside its Wilson
// interval, which lies in [0, 1]; counts add up; and the report's counts
// agree with Touchpoint.Assess (the linear scan) for each touchpoint.
func TestReportGoalsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		accounts := []success.AccountID{"a1", "a2", "a3"}
		kinds := []playbook.GoalKind{playbook.GoalLoggedIn, playbook.GoalReplied}
		channels := []playbook.Channel{playbook.ChannelEmail, playbook.ChannelCall}
		n := rapid.IntRange(0, 40).Draw(t, "touchpoints")
		tps := make([]playbook.Touchpoint, n)
		for i := range tps {
			tps[i] = playbook.Touchpoint{ID: fmt.Sprintf("t%d", i),
				Account: rapid.SampledFrom(accounts).Draw(t, "account"),
				At:      tp0.Add(time.Duration(rapid.IntRange(0, 60*24).Draw(t, "at")) * time.Hour),
				Channel: rapid.SampledFrom(channels).Draw(t, "channel"), Sender: "csm", Recipient: "champion",
				Goal: playbook.Goal{Kind: rapid.SampledFrom(kinds).Draw(t, "kind"), WithinDays: rapid.IntRange(1, 30).Draw(t, "days")}}
		}
		obs := make([]playbook.GoalObservation, rapid.IntRange(0, 40).Draw(t, "observations"))
		for i := range obs {
			obs[i] = playbook.GoalObservation{Account: rapid.SampledFrom(accounts).Draw(t, "obs account"),
				Kind: rapid.SampledFrom(kinds).Draw(t, "obs kind"),
				At:   tp0.Add(time.Duration(rapid.IntRange(0, 90*24).Draw(t, "obs at")) * time.Hour)}
		}
		asOf := tp0.Add(time.Duration(rapid.IntRange(0, 120*24).Draw(t, "asOf")) * time.Hour)
		opts := &playbook.GoalReportOptions{MinTouchpoints: rapid.IntRange(0, 5).Draw(t, "min"),
			Z: rapid.Float64Range(0, 4).Draw(t, "z")}
		rep, err := playbook.ReportGoals(tps, obs, asOf, opts)
		if err != nil {
			t.Fatal(err)
		}
		want := map[playbook.GoalKind][3]int{}
		for _, tp := range tps {
			c := want[tp.Goal.Kind]
			switch tp.Assess(obs, asOf).Status {
			case playbook.GoalMet:
				c[0]++
			case playbook.GoalMissed:
				c[1]++
			default:
				c[2]++
			}
			want[tp.Goal.Kind] = c
		}
		for _, r := range rep.Rates {
			if r.Met+r.Missed+r.Pending != r.Touchpoints || r.Touchpoints == 0 {
				t.Fatalf("counts do not add up: %+v", r)
			}
			if r.By == playbook.ByGoal && want[r.Key.Goal] != [3]int{r.Met, r.Missed, r.Pending} {
				t.Fatalf("goal %s: report %d/%d/%d, Assess %v", r.Key.Goal, r.Met, r.Missed, r.Pending, want[r.Key.Goal])
			}
			if r.InsufficientData {
				if r.Met+r.Missed >= rep.MinTouchpoints && r.Met+r.Missed > 0 {
					t.Fatalf("insufficient with enough data: %+v", r)
				}
				continue
			}
			if !(0 <= r.Low && r.Low <= r.Rate && r.Rate <= r.High && r.High <= 1) {
				t.Fatalf("rate %v outside [%v, %v] or [0, 1]", r.Rate, r.Low, r.High)
			}
		}
	})
}
