package playbook_test

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/playbook"
)

// Which message works? Two welcome e-mails asked the champion to log in
// within 7 days; one did. As of two weeks later the goal-met rate is 1/2.
func ExampleReportGoals() {
	sent := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	goal := playbook.Goal{Kind: playbook.GoalLoggedIn, WithinDays: 7}
	tps := []playbook.Touchpoint{
		{ID: "w1", Account: "acme", At: sent, Channel: playbook.ChannelEmail, Sender: "csm", Recipient: "champion", Goal: goal},
		{ID: "w2", Account: "globex", At: sent, Channel: playbook.ChannelEmail, Sender: "csm", Recipient: "champion", Goal: goal},
	}
	obs := []playbook.GoalObservation{{Account: "acme", Kind: playbook.GoalLoggedIn, At: sent.AddDate(0, 0, 2)}}
	asOf := sent.AddDate(0, 0, 14)

	fmt.Println("w1:", tps[0].Assess(obs, asOf))
	fmt.Println("w2:", tps[1].Assess(obs, asOf))
	rep, err := playbook.ReportGoals(tps, obs, asOf, &playbook.GoalReportOptions{MinTouchpoints: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Rates {
		fmt.Printf("%s %s%s: %d/%d met, rate %.2f, 95%% CI [%.2f, %.2f]\n",
			r.By, r.Key.Channel, r.Key.Goal, r.Met, r.Met+r.Missed, r.Rate, r.Low, r.High)
	}
	// Output:
	// w1: met at 2026-03-04T09:00:00Z (deadline 2026-03-09T09:00:00Z)
	// w2: missed (deadline 2026-03-09T09:00:00Z)
	// channel email: 1/2 met, rate 0.50, 95% CI [0.09, 0.91]
	// goal logged_in: 1/2 met, rate 0.50, 95% CI [0.09, 0.91]
}
