package churntest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/churn/churntest"
	"github.com/secondsale/secondsale/success"
)

func TestRiskLog(t *testing.T) {
	churntest.TestRiskHistory(t, func(t *testing.T, obs []churn.RiskObservation) churn.RiskHistory {
		l, err := churn.NewRiskLog(obs)
		require.NoError(t, err)
		return l
	})
}

func TestRunPassesRiskLog(t *testing.T) {
	err := churntest.Run(t.Context(), func(obs []churn.RiskObservation) (churn.RiskHistory, error) {
		return churn.NewRiskLog(obs)
	})
	assert.NoError(t, err)
}

// broken breaks the contract in several ways at once: it ignores the
// context, returns every account's observations, keeps the window closed at
// both ends and hands out its own slice.
type broken struct{ obs []churn.RiskObservation }

func (b broken) RiskObservations(_ context.Context, _ success.AccountID, from, to time.Time) ([]churn.RiskObservation, error) {
	var out []churn.RiskObservation
	for _, o := range b.obs {
		if !o.At.Before(from) && !o.At.After(to) {
			out = append(out, o)
		}
	}
	if len(out) == len(b.obs) {
		return b.obs, nil
	}
	return out, nil
}

func TestRunReportsEveryViolation(t *testing.T) {
	err := churntest.Run(t.Context(), func(obs []churn.RiskObservation) (churn.RiskHistory, error) {
		slices.SortFunc(obs, func(a, b churn.RiskObservation) int { return a.At.Compare(b.At) })
		return broken{obs}, nil
	})
	require.Error(t, err)
	var failed []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		name, _, _ := strings.Cut(e.Error(), ":")
		failed = append(failed, name)
	}
	assert.Equal(t, []string{"WindowIsHalfOpenAndOrdered", "UnknownAccount", "CallerOwnsTheResult", "CancelledContext", "ClassifierReadsIt"}, failed)
}

func TestRunReportsAStoreThatCannotBeBuilt(t *testing.T) {
	failure := errors.New("no database")
	err := churntest.Run(t.Context(), func([]churn.RiskObservation) (churn.RiskHistory, error) { return nil, failure })
	assert.ErrorIs(t, err, failure)
	assert.Contains(t, err.Error(), "ClassifierReadsIt: no database")
}
