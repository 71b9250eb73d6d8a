package sim

import (
	"math"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success/burden"
	"github.com/secondsale/secondsale/success/voice"
)

// usage draws the daily active users, a count of seats: each seat is active
// with the day's chance, which follows a ramp towards a plateau set by fit
// and onboarding, a lift once the Desired Outcome is achieved, quiet
// weekends, and the fall (a fade) before a voluntary churn that early-warning
// signals should catch.
func (s *simulator) usage() {
	c := s.c
	level, tau := 0.2, 60.0
	if c.Onboarded {
		level, tau = either(c.GoodFit(), 0.65, 0.45), 20
	}
	level *= s.uniform(0.8, 1.2)
	c.Usage = make([]float32, s.lastDay)
	wd := int(s.start.Weekday())
	states := walker{changes: c.changes}
	achievedDay := math.MaxInt
	if !s.achievedAt.IsZero() {
		achievedDay = int(s.achievedAt.Sub(s.start) / (24 * time.Hour))
	}
	next := 0 // the next voluntary churn, index into churnDays
	// gap is exp(-(d+1)/tau), kept by one multiplication a day.
	step := math.Exp(-1 / tau)
	gap := step
	for d := range c.Usage {
		if d > 0 {
			gap *= step
		}
		state := states.at(d)
		if state.mrrCents == 0 {
			continue
		}
		toChurn := untilNext(s.churnDays, &next, d)
		f := level * (1 - gap)
		if d >= achievedDay {
			f *= 1.15
		}
		if toChurn != math.MaxInt {
			f *= s.fades[next].factor(toChurn)
		}
		if day := (wd + d) % 7; day == 0 || day == 6 {
			f *= 0.25
		}
		// A day's mood moves the whole team (15%); each seat is then
		// active or not, so a small team is seen on some days.
		p := f * (1 + 0.15*s.rng.NormFloat64())
		c.Usage[d] = float32(binomial(s.rng, int(state.seats), p))
	}
}

// untilNext returns the days from day d to the first of days (ascending)
// after d, or math.MaxInt if none; *next is where the search starts and is
// advanced past the days not after d, so a walk over increasing d is linear.
func untilNext(days []int, next *int, d int) int {
	for *next < len(days) && days[*next] <= d {
		*next++
	}
	if *next == len(days) {
		return math.MaxInt
	}
	return days[*next] - d
}

// ticketTypes and ticketSeverities are the simulated tickets' kinds, with the
// shares they are drawn in; Weights gives burden a table for them.
var (
	ticketTypes      = []string{"how_to", "bug", "billing"}
	ticketSeverities = []string{"low", "normal", "high"}
)

// TicketWeights returns a burden weight table for the simulated tickets: a
// bug counts three how-to questions, a high-severity ticket three low ones.
func TicketWeights() burden.Weights {
	return burden.Weights{
		Types:      map[string]float64{"how_to": 1, "bug": 3, "billing": 1.5},
		Severities: map[string]float64{"low": 1, "normal": 1.5, "high": 3},
	}
}

// tickets draws support tickets on active days: more for a bad fit or an
// account never onboarded, three times as many in the 60 days before a churn
// over support or a product gap. A share of tickets gets a CSAT response.
func (s *simulator) tickets() {
	c := s.c
	defer borrow(&c.Tickets, &s.scratch.tickets)()
	defer borrow(&c.CSAT, &s.scratch.csat)()
	base := 0.003 * either(c.GoodFit(), 1, 1.8) * either(c.Onboarded, 1, 1.5)
	next, states := 0, walker{changes: c.changes}
	for d := range s.lastDay {
		state := states.at(d)
		if state.mrrCents == 0 {
			continue
		}
		spike := untilNext(s.spikeUntil, &next, d) <= 60
		rate := base * math.Sqrt(float64(state.seats)) * either(spike, 3, 1)
		if !s.chance(min(0.9, rate)) {
			continue
		}
		at := s.day(d).Add(time.Duration(8+s.rng.IntN(10)) * time.Hour)
		t := burden.Ticket{ID: recordID(c.Account.ID, "ticket", len(c.Tickets)+1), Account: c.Account.ID, At: at,
			Type:     weighted(s.rng.Float64(), ticketTypes, 0.5, 0.35),
			Severity: weighted(s.rng.Float64(), ticketSeverities, 0.5, 0.35),
			Handling: time.Duration(15+s.rng.IntN(226)) * time.Minute}
		c.Tickets = append(c.Tickets, t)
		if s.chance(0.4) && d+1 < s.lastDay {
			mean := 4.3 - either(c.GoodFit(), 0, 0.6) - either(spike, 1, 0)
			score := min(5, max(1, math.Round(mean+0.8*s.rng.NormFloat64())))
			c.CSAT = append(c.CSAT, voice.Response{Account: c.Account.ID, Segment: c.Account.Segment, At: at.Add(24 * time.Hour), Score: score})
		}
	}
}

// surveys draws NPS responses: a survey every 90 days from day 60 while the
// account is a customer, answered by 35%. Good fit and an achieved Desired
// Outcome raise the score, a bad fit, no onboarding and an approaching churn
// lower it.
func (s *simulator) surveys() {
	c := s.c
	next := 0
	for d := 60; d < s.lastDay; d += 90 {
		if c.stateAt(d).mrrCents == 0 {
			continue
		}
		toChurn := untilNext(s.churnDays, &next, d)
		if !s.chance(0.35) {
			continue
		}
		at := s.day(d)
		mean := 7.5 + either(c.GoodFit(), 0.5, -1.5) + either(c.Onboarded, 0, -1)
		if !s.achievedAt.IsZero() && !s.achievedAt.After(at) {
			mean += 1.5
		}
		if toChurn < 120 {
			mean -= 2
		}
		score := min(10, max(0, math.Round(mean+1.8*s.rng.NormFloat64())))
		c.NPS = append(c.NPS, voice.Response{Account: c.Account.ID, Segment: c.Account.Segment, At: at.Add(14 * time.Hour), Score: score})
	}
}

// credits draws the repeat purchases of training credits, a BG/NBD process:
// 60% of good-fit and 40% of bad-fit accounts ever buy; each buyer has its
// own purchase rate (log-normal around one every 90 days) and after each
// purchase drops out with probability 0.3 (0.45 for a bad fit). A second
// purchase within 30 days of the first raises the rate by half and cuts the
// dropout to 40%: the third purchase becomes far more likely. What a
// purchase costs follows the Gamma-Gamma model, independent of how often the
// account buys: each buyer's spend varies around its own mean as
// Gamma(SpendP, ν), and ν across buyers as Gamma(SpendQ, SpendGamma).
func (s *simulator) credits() {
	c := s.c
	if !s.chance(either(c.GoodFit(), 0.6, 0.4)) {
		return
	}
	rate := math.Exp(math.Log(1.0/90) + 0.6*s.rng.NormFloat64())
	drop := either(c.GoodFit(), 0.3, 0.45)
	nu := gammaDraw(s.rng, SpendQ) / SpendGamma
	d := 0.0
	for {
		d += s.rng.ExpFloat64() / rate
		day := int(d)
		if day >= s.lastDay {
			return
		}
		if c.stateAt(day).mrrCents == 0 {
			continue
		}
		at := s.day(day).Add(10 * time.Hour)
		c.Credits = append(c.Credits, cohort.Transaction{Account: c.Account.ID, At: at,
			Amount: cents(int64(math.Round(100 * max(0.01, gammaDraw(s.rng, SpendP)/nu))))})
		if n := len(c.Credits); n == 2 && at.Sub(c.Credits[0].At) <= 30*24*time.Hour {
			rate *= quickRepeatBoost
			drop *= quickRepeatStay
		}
		if s.chance(drop) {
			return
		}
	}
}

// The Gamma-Gamma parameters of a training-credit purchase's amount in USD:
// the CDNOW estimates of Fader, Hardie and Lee (2005; p 6.25, q 3.74, γ
// 15.44 in dollars) with γ scaled so that the mean purchase,
// SpendP·SpendGamma/(SpendQ−1), is about 800 USD, a few days of training.
const (
	SpendP     = 6.25
	SpendQ     = 3.74
	SpendGamma = 350.0
)
