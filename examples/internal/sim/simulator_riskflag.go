package sim

import (
	"slices"
	"time"

	"github.com/secondsale/secondsale/churn"
)

// riskFlags draws the CSM's at-risk flags: 55% of voluntary churns were
// flagged 10 to 80 days before the churn (the rest come unexpected), a
// payment failure never; and an account that does not churn is flagged by
// mistake with probability 3% a quarter.
func (s *simulator) riskFlags() {
	c := s.c
	var flagDays []int
	for _, d := range s.churnDays {
		if !s.chance(0.55) {
			continue
		}
		// A churn after AsOf (lookAhead) may be flagged before it.
		if fd := max(0, d-10-s.rng.IntN(71)); fd < s.lastDay {
			flagDays = append(flagDays, fd)
		}
	}
	states := walker{changes: c.changes}
	next := 0
	for d := 45; d < s.lastDay; d += 91 {
		if states.at(d).mrrCents == 0 || untilNext(s.churnDays, &next, d) < 120 {
			continue
		}
		if s.chance(0.03) {
			flagDays = append(flagDays, d)
		}
	}
	slices.Sort(flagDays) // the two draws interleave in time
	for _, d := range flagDays {
		c.RiskFlags = append(c.RiskFlags, churn.RiskObservation{Account: c.Account.ID,
			At: s.day(d).Add(11 * time.Hour), Flagged: true, Source: "csm"})
	}
}
