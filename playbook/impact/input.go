package impact

import (
	"fmt"
	"math"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// Input is what Measure reads: the play's runs and decision trace (from a
// playbook.Store with Load, or plain slices; records of other plays are
// ignored) and the accounts' outcomes.
type Input struct {
	PlayID   string
	Runs     []playbook.Run
	Trace    []playbook.TraceEntry
	Accounts []Account
	// AsOf is when the outcomes were read: accounts not churned by then are
	// censored there.
	AsOf time.Time
}

// indexAccounts validates the accounts and indexes them by ID.
func indexAccounts(in Input) (map[success.AccountID]*Account, error) {
	if in.PlayID == "" {
		return nil, invalid("play_id", "required")
	}
	if in.AsOf.IsZero() {
		return nil, invalid("as_of", "required")
	}
	byID := make(map[success.AccountID]*Account, len(in.Accounts))
	for i := range in.Accounts {
		a := &in.Accounts[i]
		if a.ID == "" {
			return nil, invalid(fmt.Sprintf("accounts[%d].id", i), "required")
		}
		if _, dup := byID[a.ID]; dup {
			return nil, invalid(fmt.Sprintf("accounts[%d].id", i), "listed twice")
		}
		if a.ChurnedAt.After(in.AsOf) {
			return nil, invalid(fmt.Sprintf("accounts[%d].churned_at", i), "after as_of")
		}
		for j, p := range a.Health {
			if math.IsNaN(p.Score) || math.IsInf(p.Score, 0) {
				return nil, invalid(fmt.Sprintf("accounts[%d].health[%d].score", i, j), "not finite")
			}
			if j > 0 && p.At.Before(a.Health[j-1].At) {
				return nil, invalid(fmt.Sprintf("accounts[%d].health[%d].at", i, j), "out of time order")
			}
		}
		byID[a.ID] = a
	}
	return byID, nil
}
