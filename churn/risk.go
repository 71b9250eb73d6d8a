package churn

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// RiskObservation is one point of an account's at-risk history, as the host
// recorded it: a health band from its scorecard (churn does not import the
// health package, so the band is passed as a rank and a label), an explicit
// at-risk flag raised by a CSM or a rule, or both.
type RiskObservation struct {
	Account success.AccountID `json:"account"`
	At      time.Time         `json:"at"`
	// BandRank orders health bands from worst (lowest) to best, e.g. red=1,
	// yellow=2, green=3. Zero means no band was recorded.
	BandRank int `json:"band_rank,omitempty"`
	// Band is the band's label, for explanations ("red").
	Band string `json:"band,omitempty"`
	// Flagged is an explicit at-risk flag.
	Flagged bool `json:"flagged,omitempty"`
	// Source says who or what recorded it ("csm:jane", "scorecard:v3").
	Source string `json:"source,omitempty"`
}

// RiskHistory gives an account's risk observations in the half-open window
// [from, to), in time order. Hosts implement it over their own storage; RiskLog
// is the in-memory implementation, and churntest.TestRiskHistory is the
// conformance suite a host's implementation can run. Errors should wrap
// something callers can test with errors.Is; the classifier passes them on.
type RiskHistory interface {
	RiskObservations(ctx context.Context, account success.AccountID, from, to time.Time) ([]RiskObservation, error)
}

// RiskLog is an in-memory RiskHistory. Build it with NewRiskLog; it does not
// change afterwards, so it is safe for concurrent use.
type RiskLog struct {
	byAccount map[success.AccountID][]RiskObservation
}

// NewRiskLog indexes observations by account and time. It rejects an empty
// account, a zero time or a negative band rank, naming the observation.
func NewRiskLog(observations []RiskObservation) (*RiskLog, error) {
	var problems success.FieldErrors
	l := &RiskLog{byAccount: make(map[success.AccountID][]RiskObservation)}
	for i, o := range observations {
		path := fmt.Sprintf("observations[%d]", i)
		switch {
		case o.Account == "":
			fielderr.Addf(&problems, ErrInvalid, path+".account", "must not be empty")
			continue
		case o.At.IsZero():
			fielderr.Addf(&problems, ErrInvalid, path+".at", "must be set")
			continue
		case o.BandRank < 0:
			fielderr.Addf(&problems, ErrInvalid, path+".band_rank", "must be >= 0 (0 = no band), got %d", o.BandRank)
			continue
		}
		l.byAccount[o.Account] = append(l.byAccount[o.Account], o)
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	for _, obs := range l.byAccount {
		slices.SortStableFunc(obs, func(a, b RiskObservation) int { return a.At.Compare(b.At) })
	}
	return l, nil
}

// RiskObservations implements RiskHistory.
func (l *RiskLog) RiskObservations(ctx context.Context, account success.AccountID, from, to time.Time) ([]RiskObservation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if l == nil {
		return nil, nil
	}
	obs := l.byAccount[account]
	lo, _ := slices.BinarySearchFunc(obs, from, func(o RiskObservation, t time.Time) int { return o.At.Compare(t) })
	hi, _ := slices.BinarySearchFunc(obs, to, func(o RiskObservation, t time.Time) int { return o.At.Compare(t) })
	if hi <= lo {
		return nil, nil
	}
	return slices.Clone(obs[lo:hi]), nil // the caller may keep or change it
}
