package cohort

import (
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/secondsale/secondsale/success"
)

// Spell is one customer's time as a customer: from the start of the first
// subscription to the end of the last one, or open (zero End) while the
// customer is still a customer. A customer has one spell: a gap between
// subscriptions is the host's to close or to count as churn.
type Spell struct {
	Account success.AccountID `json:"account"` // required, unique among the spells
	Start   time.Time         `json:"start"`
	End     time.Time         `json:"end,omitzero"` // zero (omitted from JSON) while still a customer
	Stratum string            `json:"stratum,omitempty"`
}

// ObserveSpells turns spells into survival observations as of asOf, in the
// order of the spells: a spell that ended is a churn after its duration; an
// open spell is censored at asOf. Every invalid spell (no account, an
// account seen before, no start, a start or end after asOf, an end before
// the start) is reported by index and account in one error. A nil sequence
// is ErrInvalid.
//
// Durations are in unit: success.Daily, Weekly, Monthly or Yearly. Days and
// weeks are elapsed time (24 h, 168 h), computed from Unix seconds rather
// than time.Duration, which stops at 292 years. Months and years are
// calendar units counted in the location of the start time: a customer from
// 15 January to 15 April has 3 months; the part of a month after the last
// whole month counts as its fraction of that calendar month. Dates must lie
// in the years 1 to 9999 (those RFC 3339 can write), which bounds every
// duration and keeps it exact.
func ObserveSpells(spells iter.Seq[Spell], asOf time.Time, unit success.Grain) ([]Observation, error) {
	return ObserveSpellsFrom(accum.Values(spells), asOf, unit)
}

// ObserveSpellsFrom is ObserveSpells reading spells that can fail to read:
// it stops at the first error spells yields and returns it with the spell's
// position (and the problems found before it), and no observations.
func ObserveSpellsFrom(spells iter.Seq2[Spell, error], asOf time.Time, unit success.Grain) ([]Observation, error) {
	if err := checkGrain(unit, success.Daily, success.Weekly, success.Monthly, success.Yearly); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		return nil, fmt.Errorf("%w: the as-of date is required", ErrInvalid)
	}
	if !calendar.InRange(asOf) {
		return nil, fmt.Errorf("%w: the as-of date is outside the years %d to %d", ErrInvalid, calendar.MinYear, calendar.MaxYear)
	}
	var problems success.FieldErrors
	var out []Observation
	first := map[success.AccountID]int{} // index of each account's spell
	i := 0
	if spells == nil {
		return nil, accum.NilSequence("spells", ErrInvalid) // a host bug, not empty input
	}
	for s, err := range spells {
		if err != nil {
			return nil, errors.Join(problems.Err(), accum.ReadError("spells", i, err))
		}
		at := func(field string) string { return indexPath("spells", i, field) }
		who := fmt.Sprintf("account %q: ", string(s.Account))
		earlier, dup := first[s.Account]
		switch {
		case s.Account == "":
			fielderr.Addf(&problems, ErrInvalid, at("account"), "is required")
		case dup:
			fielderr.Addf(&problems, ErrInvalid, at("account"), "%salready has spells[%d]; an account has one spell", who, earlier)
		case s.Start.IsZero():
			fielderr.Addf(&problems, ErrInvalid, at("start"), "%sis required", who)
		case !calendar.InRange(s.Start):
			fielderr.Addf(&problems, ErrInvalid, at("start"), "%sis outside the years %d to %d", who, calendar.MinYear, calendar.MaxYear)
		case s.Start.After(asOf):
			fielderr.Addf(&problems, ErrInvalid, at("start"), "%sis after the as-of date", who)
		case !s.End.IsZero() && s.End.Before(s.Start):
			fielderr.Addf(&problems, ErrInvalid, at("end"), "%sis before the start: negative duration", who)
		case s.End.After(asOf):
			fielderr.Addf(&problems, ErrInvalid, at("end"), "%sis after the as-of date", who)
		default:
			end, churned := s.End, true
			if end.IsZero() {
				end, churned = asOf, false
			}
			out = append(out, Observation{Duration: elapsed(s.Start, end, unit), Churned: churned, Stratum: s.Stratum})
		}
		if s.Account != "" && !dup {
			first[s.Account] = i
		}
		i++
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// elapsed returns the time from start to end (end >= start) in unit.
func elapsed(start, end time.Time, unit success.Grain) float64 {
	switch unit {
	case success.Daily:
		return elapsedSeconds(start, end) / 86400
	case success.Weekly:
		return elapsedSeconds(start, end) / (86400 * 7)
	case success.Yearly:
		return calendarMonths(start, end) / 12
	default:
		return calendarMonths(start, end)
	}
}

// elapsedSeconds returns end − start in seconds. Unix seconds of the years
// 1 to 9999 fit an int64 many times over, where time.Time.Sub saturates at
// time.Duration's 292 years.
func elapsedSeconds(start, end time.Time) float64 {
	return float64(end.Unix()-start.Unix()) + float64(end.Nanosecond()-start.Nanosecond())/1e9
}

// calendarMonths counts whole calendar months from start to end plus the
// fraction of the next month that has elapsed. Months are added to the start
// date itself (not chained), so 31 January + 1 month is normalized by
// time.AddDate to early March, as Go's calendar arithmetic defines.
func calendarMonths(start, end time.Time) float64 {
	y1, m1, _ := start.Date()
	y2, m2, _ := end.In(start.Location()).Date()
	whole := (y2-y1)*12 + int(m2-m1)
	for whole > 0 && start.AddDate(0, whole, 0).After(end) {
		whole--
	}
	from := start.AddDate(0, whole, 0)
	next := start.AddDate(0, whole+1, 0)
	return float64(whole) + float64(end.Sub(from))/float64(next.Sub(from))
}
