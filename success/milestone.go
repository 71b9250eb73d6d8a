package success

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/enum"
)

// Milestone is one step of an account's journey ("kick-off held", "first
// integration live", "first exec business review"), due a number of days
// after the account's start. Milestones are listed in journey order.
type Milestone struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Required     bool      `json:"required"`       // optional milestones never make a journey late
	DueAfterDays int       `json:"due_after_days"` // calendar days after the account's start date
	CompletedAt  time.Time `json:"completed_at,omitzero"`
}

// UnmarshalJSON decodes a milestone strictly: unknown fields, repeated keys
// and wrongly typed values (a fractional due_after_days) are errors with
// their path, wrapping ErrInvalid.
func (m *Milestone) UnmarshalJSON(b []byte) error { return decodeRecord(b, m) }

// MilestoneStatus is where a milestone stands as of a date.
type MilestoneStatus string

const (
	MilestoneUpcoming MilestoneStatus = "upcoming"  // not done, not yet due
	MilestoneDueToday MilestoneStatus = "due_today" // not done, due on this calendar day
	MilestoneOverdue  MilestoneStatus = "overdue"   // not done, past due
	MilestoneDone     MilestoneStatus = "done"      // done by its due date
	MilestoneDoneLate MilestoneStatus = "done_late" // done after its due date
)

// Due returns the milestone's due date for an account that started on start:
// the end of the calendar day DueAfterDays after it, in start's location.
func (m Milestone) Due(start time.Time) time.Time {
	return endOfDay(start.AddDate(0, 0, m.DueAfterDays))
}

// MilestoneAssessment says where one milestone stands as of a date.
type MilestoneAssessment struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Required    bool            `json:"required"`
	Status      MilestoneStatus `json:"status"`
	Due         time.Time       `json:"due"`
	CompletedAt time.Time       `json:"completed_at,omitzero"`
}

// JourneyAssessment is an account's milestones judged as of a date.
type JourneyAssessment struct {
	Milestones []MilestoneAssessment `json:"milestones"`
	// Next is the first milestone, in journey order, not done as of the date
	// (empty when all are done).
	Next string `json:"next,omitempty"`
	// OverdueRequired lists the required milestones past due and not done.
	OverdueRequired []string `json:"overdue_required,omitempty"`
	Done            int      `json:"done"`
}

// MaxMilestoneDays bounds Milestone.DueAfterDays at a hundred years.
const MaxMilestoneDays = 36525

// ValidateMilestones checks an ordered list of milestones: IDs present and
// unique, names present, due offsets >= 0 and never decreasing along the list.
func ValidateMilestones(ms []Milestone) error {
	var p FieldErrors
	seen := map[string]string{}
	for i, m := range ms {
		path := fmt.Sprintf("milestones[%d]", i)
		if m.ID == "" {
			p.addf(nil, path+".id", "must not be empty")
		}
		checkUnique(&p, seen, m.ID, path)
		if m.Name == "" {
			p.addf(nil, path+".name", "must not be empty")
		}
		if m.DueAfterDays < 0 || m.DueAfterDays > MaxMilestoneDays {
			p.addf(nil, path+".due_after_days", "must be within [0, %d], got %d", MaxMilestoneDays, m.DueAfterDays)
		}
		checkDate(&p, path+".completed_at", m.CompletedAt)
		if i > 0 && m.DueAfterDays < ms[i-1].DueAfterDays {
			p.addf(nil, path+".due_after_days", "%d is earlier than the previous milestone's %d; list milestones in journey order", m.DueAfterDays, ms[i-1].DueAfterDays)
		}
	}
	return p.Err()
}

// AssessMilestones judges milestones of an account that started on start, as of
// asOf. A milestone completed after asOf counts as not yet done. A due date
// outside years 0 to 9999, which RFC 3339 cannot write, is an error.
func AssessMilestones(ms []Milestone, start, asOf time.Time) (JourneyAssessment, error) {
	if start.IsZero() {
		return JourneyAssessment{}, fmt.Errorf("%w: start date must be set", ErrInvalid)
	}
	if err := ValidateMilestones(ms); err != nil {
		return JourneyAssessment{}, err
	}
	var p FieldErrors
	for i, m := range ms {
		// Dates beyond year 9999 cannot be written in RFC 3339 (nor JSON):
		// an assessment naming one could not be stored.
		if y := m.Due(start).Year(); y < 0 || y > 9999 {
			p.addf(nil, fmt.Sprintf("milestones[%d].due_after_days", i), "puts the due date in year %d, outside 0 to 9999", y)
		}
		if !m.CompletedAt.IsZero() && m.CompletedAt.Before(start) {
			p.addf(nil, fmt.Sprintf("milestones[%d].completed_at", i), "%s is before the account's start %s",
				m.CompletedAt.Format(time.RFC3339), start.Format(time.RFC3339))
		}
	}
	if err := p.Err(); err != nil {
		return JourneyAssessment{}, err
	}
	j := JourneyAssessment{Milestones: []MilestoneAssessment{}}
	for _, m := range ms {
		due := m.Due(start)
		a := MilestoneAssessment{ID: m.ID, Name: m.Name, Required: m.Required, Due: due}
		done := !m.CompletedAt.IsZero() && !m.CompletedAt.After(asOf)
		switch {
		case done && m.CompletedAt.After(due):
			a.Status, a.CompletedAt = MilestoneDoneLate, m.CompletedAt
		case done:
			a.Status, a.CompletedAt = MilestoneDone, m.CompletedAt
		case asOf.After(due):
			a.Status = MilestoneOverdue
		case sameDay(asOf.In(due.Location()), due):
			a.Status = MilestoneDueToday
		default:
			a.Status = MilestoneUpcoming
		}
		if done {
			j.Done++
		} else if j.Next == "" {
			j.Next = m.ID
		}
		if a.Status == MilestoneOverdue && m.Required {
			j.OverdueRequired = append(j.OverdueRequired, m.ID)
		}
		j.Milestones = append(j.Milestones, a)
	}
	return j, nil
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Validate reports whether s is one of the defined values.
func (s MilestoneStatus) Validate() error {
	return oneOf(s, "milestone status", MilestoneUpcoming, MilestoneDueToday, MilestoneOverdue, MilestoneDone, MilestoneDoneLate)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (s MilestoneStatus) MarshalText() ([]byte, error) { return enum.Encode(s) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (s *MilestoneStatus) UnmarshalText(b []byte) error { return enum.Decode(s, b) }
