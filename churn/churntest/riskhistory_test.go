package churntest_test

import (
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/churn/churntest"
)

func TestRiskLog(t *testing.T) {
	churntest.TestRiskHistory(t, func(t *testing.T, obs []churn.RiskObservation) churn.RiskHistory {
		l, err := churn.NewRiskLog(obs)
		if err != nil {
			t.Fatal(err)
		}
		return l
	})
}
