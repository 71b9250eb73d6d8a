package records

import (
	"bytes"
	"slices"

	"github.com/secondsale/secondsale/cohort"
)

// SurvivalMapping names the columns of survival rows: one customer a row,
// its duration, whether (or which) event ended it and its stratum. Its zero
// value means duration, event and stratum.
type SurvivalMapping struct {
	Duration, Event, Stratum string
	// Kinds are the competing event kinds an event cell may name (for
	// cumulative incidence); nil reads the event as churned or not.
	Kinds []cohort.EventKind
}

// SurvivalCSV reads survival rows of one CSV file.
type SurvivalCSV struct {
	h                   *Header
	m                   SurvivalMapping
	dur, event, stratum int
	intern              map[string]string
}

// NewSurvivalCSV resolves the mapping against a file's header; the stratum
// column is optional (pooled curves without it).
func NewSurvivalCSV(h *Header, m SurvivalMapping) (*SurvivalCSV, error) {
	m.Duration = or(m.Duration, "duration")
	m.Event = or(m.Event, "event")
	m.Stratum = or(m.Stratum, "stratum")
	p := &SurvivalCSV{h: h, m: m, intern: map[string]string{}, stratum: h.Optional(m.Stratum)}
	if err := h.resolve(col{&p.dur, m.Duration, "duration"}, col{&p.event, m.Event, "event"}); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *SurvivalCSV) common(fields [][]byte, line int64) (float64, string, *Reject) {
	if r := p.h.check(fields, line); r != nil {
		return 0, "", r
	}
	d, ok := ParseFloat(bytes.TrimSpace(fields[p.dur]))
	if !ok || d < 0 {
		return 0, "", &Reject{File: p.h.File, Line: line, Field: p.m.Duration, Reason: "not a number >= 0"}
	}
	stratum := ""
	if p.stratum >= 0 {
		b := fields[p.stratum]
		if s, ok := p.intern[string(b)]; ok {
			stratum = s
		} else {
			stratum = string(b)
			if len(p.intern) < maxInterned {
				p.intern[stratum] = stratum
			}
		}
		if stratum == "" {
			return 0, "", &Reject{File: p.h.File, Line: line, Field: p.m.Stratum, Reason: "empty stratum"}
		}
	}
	return d, stratum, nil
}

// Observation reads one row as a Kaplan-Meier observation. The event cell
// is 1/0, true/false or yes/no (any case).
func (p *SurvivalCSV) Observation(fields [][]byte, line int64) (cohort.Observation, *Reject) {
	d, stratum, r := p.common(fields, line)
	if r != nil {
		return cohort.Observation{}, r
	}
	churned, ok := ParseBool(fields[p.event])
	if !ok {
		return cohort.Observation{}, &Reject{File: p.h.File, Line: line, Field: p.m.Event, Reason: "not 1/0, true/false or yes/no"}
	}
	return cohort.Observation{Duration: d, Churned: churned, Stratum: stratum}, nil
}

// Competing reads one row as a competing-risks observation: the event cell
// names one of the mapping's Kinds, or is empty, 0, none or censored.
func (p *SurvivalCSV) Competing(fields [][]byte, line int64) (cohort.CompetingObservation, *Reject) {
	d, stratum, r := p.common(fields, line)
	if r != nil {
		return cohort.CompetingObservation{}, r
	}
	ev := bytes.TrimSpace(fields[p.event])
	o := cohort.CompetingObservation{Duration: d, Stratum: stratum}
	switch string(bytes.ToLower(ev)) {
	case "", "0", "none", "censored":
		return o, nil
	}
	kinds := p.m.Kinds
	if kinds == nil {
		kinds = []cohort.EventKind{cohort.EventExpansion, cohort.EventChurn}
	}
	i := slices.IndexFunc(kinds, func(k cohort.EventKind) bool { return string(k) == string(ev) })
	if i < 0 {
		return o, &Reject{File: p.h.File, Line: line, Field: p.m.Event, Reason: "not an event kind of -kinds (nor empty, 0, none or censored)"}
	}
	o.Event = kinds[i]
	return o, nil
}

// ParseBool reads 1/0, true/false, yes/no, y/n, in any case.
func ParseBool(b []byte) (bool, bool) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 1 && (b[0] == '1' || b[0] == 'y' || b[0] == 'Y'):
		return true, true
	case len(b) == 1 && (b[0] == '0' || b[0] == 'n' || b[0] == 'N'):
		return false, true
	case bytes.EqualFold(b, []byte("true")), bytes.EqualFold(b, []byte("yes")):
		return true, true
	case bytes.EqualFold(b, []byte("false")), bytes.EqualFold(b, []byte("no")):
		return false, true
	}
	return false, false
}
