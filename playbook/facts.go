package playbook

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// Facts is what is known of one account as of a time: the input every
// trigger, exit and wait condition reads. Nil and zero fields are unknown,
// and a clause that needs an unknown fact does not hold (it is recorded as
// such in the Match), so a host that does not run NPS never sees NPS plays.
type Facts struct {
	Account success.Account `json:"account"`
	AsOf    time.Time       `json:"as_of"`

	// Health is the latest score as of AsOf. HealthHistory holds the
	// earlier scores within the host's window, oldest first, none after
	// Health: health_band_entered compares Health with the latest of them,
	// score_dropped with the highest within its window.
	Health        *health.Score  `json:"health,omitempty"`
	HealthHistory []health.Score `json:"health_history,omitempty"`
	Trend         *health.Trend  `json:"trend,omitempty"`

	Signals        []churn.Signal                    `json:"signals,omitempty"`
	DesiredOutcome *success.DesiredOutcomeAssessment `json:"desired_outcome,omitempty"`
	Milestones     *success.JourneyAssessment        `json:"milestones,omitempty"`
	// Fit is the account's Success Potential verdict; empty when not judged.
	Fit       success.Verdict       `json:"fit,omitempty"`
	Readiness *expansion.Assessment `json:"readiness,omitempty"`
	// NPS is the latest survey response, 0..10; nil when none.
	NPS *int `json:"nps,omitempty"`
	// LastActive is the account's latest activity (a login, say), for wait
	// conditions such as "until the account logs in again"; zero if never.
	LastActive time.Time `json:"last_active,omitzero"`

	// Contact is the host's ID of the contact these facts concern, for
	// plays keyed per contact (KeyContact): a host evaluating such a play
	// passes one Facts per contact. Empty for account-level facts.
	Contact string `json:"contact,omitempty"`
	// Custom holds host facts for predicates and custom dedup keys.
	Custom map[string]success.Value `json:"custom,omitempty"`
}

// Validate checks the facts and returns every problem found, as
// success.FieldErrors wrapping ErrInvalid.
func (f *Facts) Validate() error {
	var p success.FieldErrors
	if f == nil {
		fielderr.Addf(&p, ErrInvalid, "", "facts are nil")
		return p.Err()
	}
	if f.Account.ID == "" {
		fielderr.Addf(&p, ErrInvalid, "account.id", "must not be empty")
	}
	if f.AsOf.IsZero() {
		fielderr.Addf(&p, ErrInvalid, "as_of", "must be set")
	}
	checkScore := func(path string, s *health.Score) {
		if s.Account != "" && s.Account != f.Account.ID {
			fielderr.Addf(&p, ErrInvalid, path+".account", "is another account's score")
		}
		if s.AsOf.After(f.AsOf) {
			fielderr.Addf(&p, ErrInvalid, path+".as_of", "is after the facts' as_of")
		}
		if v := s.ReportedValue; math.IsNaN(v) || v < 0 || v > 100 {
			fielderr.Addf(&p, ErrInvalid, path+".reported_value", "must be within 0..100")
		}
		if v := s.Value; math.IsNaN(v) || v < 0 || v > 100 {
			fielderr.Addf(&p, ErrInvalid, path+".value", "must be within 0..100")
		}
	}
	if f.Health != nil {
		checkScore("health", f.Health)
	}
	for i := range f.HealthHistory {
		path := fmt.Sprintf("health_history[%d]", i)
		s := &f.HealthHistory[i]
		checkScore(path, s)
		if i > 0 && s.AsOf.Before(f.HealthHistory[i-1].AsOf) {
			fielderr.Addf(&p, ErrInvalid, path+".as_of", "must not precede the score before it (oldest first)")
		}
		if f.Health != nil && s.AsOf.After(f.Health.AsOf) {
			fielderr.Addf(&p, ErrInvalid, path+".as_of", "must not be after the latest score (health)")
		}
	}
	for i, s := range f.Signals {
		if err := s.Kind.Validate(); err != nil {
			fielderr.AddErr(&p, ErrInvalid, fmt.Sprintf("signals[%d].kind", i), err)
		}
	}
	if f.Fit != "" {
		if err := f.Fit.Validate(); err != nil {
			fielderr.AddErr(&p, ErrInvalid, "fit", err)
		}
	}
	if f.Readiness != nil {
		if err := f.Readiness.Level.Validate(); err != nil {
			fielderr.AddErr(&p, ErrInvalid, "readiness.level", err)
		}
	}
	if f.NPS != nil && (*f.NPS < 0 || *f.NPS > 10) {
		fielderr.Addf(&p, ErrInvalid, "nps", "must be within 0..10")
	}
	for _, name := range slices.Sorted(maps.Keys(f.Custom)) {
		if v := f.Custom[name]; v.Kind() == success.KindNumber {
			if x, _ := v.Num(); math.IsNaN(x) || math.IsInf(x, 0) {
				if isName(name) {
					fielderr.Addf(&p, ErrInvalid, "custom."+name, "must be finite")
				} else {
					fielderr.Addf(&p, ErrInvalid, "custom", "the value of a key of %d bytes must be finite", len(name))
				}
			}
		}
	}
	return p.Err()
}

// score returns the value and band the team sees: an override's where one
// is in force (ReportedValue, ReportedBand), else the computed ones. ok is
// false for a missing or unavailable score.
func score(s *health.Score) (value float64, band string, ok bool) {
	if s == nil || !s.Available {
		return 0, "", false
	}
	band = s.ReportedBand
	value = s.ReportedValue
	if band == "" {
		band, value = s.Band, s.Value
	}
	return value, band, true
}
