package sim

import (
	"math"

	"github.com/secondsale/secondsale/churn"
)

// The pre-churn usage path's magnitudes, listed in the package doc. Before
// most voluntary churns usage falls off sharply, starting months before the
// cancellation notice (the decision is made well before it), and a share of
// churners go silent weeks before the contract ends: what churn's
// early-warning signals read.
const (
	suddenChurn   = 0.1 // share of voluntary churns (acquisitions apart, which are all sudden) with no warning in usage
	silentChurn   = 0.4 // share of the others that go silent before the end
	fadeOnsetMin  = 60  // days before the churn the fall begins, at the earliest
	fadeOnsetMax  = 140 // and at the latest
	fadeHalfMin   = 7   // days for usage to halve, at the fastest
	fadeHalfMax   = 20  // and at the slowest
	silentDaysMin = 14  // days of silence before the churn, at least
	silentDaysMax = 60  // and at most
)

// fade is how an account's usage leaves before one voluntary churn: from
// onset days before it, usage halves every halfLife days, and in the last
// silent days nobody uses the product at all. The zero fade (a sudden churn)
// leaves usage alone.
type fade struct {
	onset    int
	halfLife float64
	silent   int
}

// drawFade draws the path before a voluntary churn over code: an
// acquisition comes without warning (the acquirer decides), as does a share
// of the rest; the others fall off, and some of those go silent.
func (s *simulator) drawFade(code churn.ReasonCode) fade {
	if code == churn.ReasonAcquired || s.chance(suddenChurn) {
		return fade{}
	}
	f := fade{onset: fadeOnsetMin + s.rng.IntN(fadeOnsetMax-fadeOnsetMin+1), halfLife: s.uniform(fadeHalfMin, fadeHalfMax)}
	if s.chance(silentChurn) {
		f.silent = silentDaysMin + s.rng.IntN(silentDaysMax-silentDaysMin+1)
	}
	return f
}

// factor returns the multiplier of usage toChurn days before the churn.
func (f fade) factor(toChurn int) float64 {
	switch {
	case toChurn <= f.silent:
		return 0
	case toChurn >= f.onset:
		return 1
	}
	return math.Exp2(-float64(f.onset-toChurn) / f.halfLife)
}
