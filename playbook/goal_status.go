package playbook

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/enum"
)

// GoalStatus is where a touchpoint's goal stands as of a date: pending
// until its deadline, then met or missed.
type GoalStatus string

const (
	GoalPending GoalStatus = "pending"
	GoalMet     GoalStatus = "met"
	GoalMissed  GoalStatus = "missed"
)

// Validate reports whether s is one of the goal statuses.
func (s GoalStatus) Validate() error {
	return enum.OneOf(s, "goal status", ErrInvalid, GoalPending, GoalMet, GoalMissed)
}

// MarshalText writes the status's name.
func (s GoalStatus) MarshalText() ([]byte, error) { return enum.Encode(s) }

// UnmarshalText reads a status's name, rejecting unknown ones.
func (s *GoalStatus) UnmarshalText(b []byte) error { return enum.Decode(s, b) }

// GoalResult is a touchpoint's goal assessed as of a date.
type GoalResult struct {
	Status GoalStatus `json:"status"`
	// MetAt is the first observation that met the goal; zero unless met.
	MetAt    time.Time `json:"met_at,omitzero"`
	Deadline time.Time `json:"deadline"`
}

// String says the result in one line, for explanations.
func (r GoalResult) String() string {
	if r.Status == GoalMet {
		return fmt.Sprintf("met at %s (deadline %s)", r.MetAt.Format(time.RFC3339), r.Deadline.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s (deadline %s)", r.Status, r.Deadline.Format(time.RFC3339))
}
