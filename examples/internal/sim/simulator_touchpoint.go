package sim

import (
	"time"

	"github.com/secondsale/secondsale/playbook"
)

// touchChannel is how a segment's CSM reaches out, with the goal each
// channel sets and how often it is met (for a good fit; ×0.6 for a bad fit).
type touchChannel struct {
	channel playbook.Channel
	goal    playbook.Goal
	met     float64
}

var (
	touchEmail   = touchChannel{playbook.ChannelEmail, playbook.Goal{Kind: playbook.GoalLoggedIn, WithinDays: 7}, 0.35}
	touchInApp   = touchChannel{playbook.ChannelInApp, playbook.Goal{Kind: playbook.GoalAdoptedFeature, Subject: "reports", WithinDays: 14}, 0.25}
	touchCall    = touchChannel{playbook.ChannelCall, playbook.Goal{Kind: playbook.GoalReplied, WithinDays: 3}, 0.6}
	touchMeeting = touchChannel{playbook.ChannelMeeting, playbook.Goal{Kind: playbook.GoalAttendedTraining, WithinDays: 14}, 0.7}
)

// touchMix returns a segment's channels and the days between touchpoints:
// SMB is touched digitally every 60 days, mid-market by e-mail and calls
// every 30, enterprise by calls and meetings every 21.
func touchMix(segment string) ([]touchChannel, int) {
	switch segment {
	case SegmentSMB:
		return []touchChannel{touchEmail, touchInApp}, 60
	case SegmentMidMarket:
		return []touchChannel{touchEmail, touchCall}, 30
	default:
		return []touchChannel{touchCall, touchMeeting}, 21
	}
}

// touchpoints draws the CSM's touchpoints while the account is a customer,
// each with its goal, and the observations that meet some of them (a login,
// a reply, a training attended, the reports feature adopted).
func (s *simulator) touchpoints() {
	c := s.c
	defer borrow(&c.Touchpoints, &s.scratch.touchpoints)()
	defer borrow(&c.GoalsSeen, &s.scratch.goals)()
	mix, every := touchMix(c.Account.Segment)
	states := walker{changes: c.changes}
	for d := 3 + s.rng.IntN(every); d < s.lastDay; d += every/2 + s.rng.IntN(every) {
		if states.at(d).mrrCents == 0 {
			continue
		}
		tc := mix[s.rng.IntN(len(mix))]
		at := s.day(d).Add(time.Duration(9+s.rng.IntN(8)) * time.Hour)
		c.Touchpoints = append(c.Touchpoints, playbook.Touchpoint{ID: recordID(c.Account.ID, "touch", len(c.Touchpoints)+1),
			Account: c.Account.ID, At: at, Channel: tc.channel, Sender: "csm", Recipient: "champion", Goal: tc.goal})
		if s.chance(tc.met * either(c.GoodFit(), 1, 0.6)) {
			after := time.Duration(s.uniform(0.1, float64(tc.goal.WithinDays)) * float64(24*time.Hour)).Round(time.Hour)
			if seen := at.Add(max(after, time.Hour)); seen.Before(s.asOf) {
				c.GoalsSeen = append(c.GoalsSeen, playbook.GoalObservation{Account: c.Account.ID, Kind: tc.goal.Kind, Subject: tc.goal.Subject, At: seen})
			}
		}
	}
}
