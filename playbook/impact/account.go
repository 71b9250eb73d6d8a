package impact

import (
	"time"

	"github.com/secondsale/secondsale/success"
)

// Account is the host's outcome data for one account, as plain values.
type Account struct {
	ID success.AccountID
	// Segment is the host's segment of the account, matched exactly.
	Segment string
	// Health is the account's health score over time, in time order: the
	// score at a time is the last point at or before it.
	Health []HealthPoint
	// ChurnedAt is when the account churned; zero while it is a customer at
	// Input.AsOf.
	ChurnedAt time.Time
	// Expansions are the times the account expanded.
	Expansions []time.Time
}

// HealthPoint is one health score of an account.
type HealthPoint struct {
	At    time.Time
	Score float64
}

// scoreAt returns the last score at or before t.
func (a *Account) scoreAt(t time.Time) (float64, bool) {
	s, ok := 0.0, false
	for _, p := range a.Health {
		if p.At.After(t) {
			break
		}
		s, ok = p.Score, true
	}
	return s, ok
}

// expandedWithin reports whether a expanded in (from, to].
func (a *Account) expandedWithin(from, to time.Time) bool {
	for _, e := range a.Expansions {
		if e.After(from) && !e.After(to) {
			return true
		}
	}
	return false
}
