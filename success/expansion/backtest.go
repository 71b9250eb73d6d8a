package expansion

import (
	"iter"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/success"
)

// BacktestReport says how well readiness predicted expansion.
type BacktestReport struct {
	Accounts      int     `json:"accounts"`
	Expanded      int     `json:"expanded"`
	ExpansionRate float64 `json:"expansion_rate"`
	// AUC is the probability that an account that expanded scored higher
	// than one that did not (ties count one half): 0.5 is a coin toss, 1
	// perfect. It is computed by internal/stat's AUC, as health's backtest.
	AUC float64 `json:"auc"`
	// Inverted is true when AUC < 0.5: accounts that did not expand scored higher.
	Inverted bool     `json:"inverted"`
	Warnings []string `json:"warnings,omitempty"`
	// Levels are the outcomes per level, NotReady first, every level listed.
	Levels []LevelOutcome `json:"levels"`
	// Lift ranks the accounts by score, highest first: decile 1 holds the
	// highest-scored 10%.
	Lift     []DecileLift     `json:"lift"`
	Gained   success.Money    `json:"gained"` // all ARR gained
	Currency success.Currency `json:"currency,omitempty"`
}

// LevelOutcome is expansion among the accounts of one level.
type LevelOutcome struct {
	Level         Level         `json:"level"`
	Accounts      int           `json:"accounts"`
	Expanded      int           `json:"expanded"`
	ExpansionRate float64       `json:"expansion_rate"` // 0 for an empty level
	Gained        success.Money `json:"gained"`
	// GainedShare is the level's share of all ARR gained, 0..1.
	GainedShare float64 `json:"gained_share"`
}

// DecileLift is one tenth of the accounts ordered by score, highest first.
// Lift is the decile's expansion rate over the overall rate; Capture the
// share of all expansions found in deciles 1..Decile.
type DecileLift struct {
	Decile        int     `json:"decile"`
	Accounts      int     `json:"accounts"`
	Expanded      int     `json:"expanded"`
	MinScore      float64 `json:"min_score"`
	MaxScore      float64 `json:"max_score"`
	ExpansionRate float64 `json:"expansion_rate"`
	Lift          float64 `json:"lift"`
	Capture       float64 `json:"capture"`
}

// Backtest runs a BacktestAccumulator over outcomes and returns its report.
// A bad outcome, or an account listed twice, is an error naming its index.
func Backtest(outcomes iter.Seq[Outcome]) (BacktestReport, error) {
	return BacktestFrom(accum.Values(outcomes))
}

// BacktestFrom is Backtest over a sequence that carries the host's read
// errors: a read error stops it and is returned, so a report is never built
// on part of a file.
func BacktestFrom(outcomes iter.Seq2[Outcome, error]) (BacktestReport, error) {
	var a BacktestAccumulator
	if err := a.AddFrom(outcomes); err != nil {
		return BacktestReport{}, err
	}
	return a.Result()
}
