package pgstore_test

import (
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/churn/churntest"
	"github.com/secondsale/secondsale/examples/postgres/internal/pgtest"
	"github.com/secondsale/secondsale/examples/postgres/pgstore"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/health/healthtest"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/playbook/playbooktest"
)

// Each check gets its own schema, so each starts from an empty store; 8
// connections let the suites' racing goroutines race in the database.

func TestHealthStoreConformance(t *testing.T) {
	healthtest.TestStore(t, func(t *testing.T) health.Store {
		return pgstore.NewHealthStore(pgtest.Pool(t, 8))
	})
}

func TestRiskHistoryConformance(t *testing.T) {
	churntest.TestRiskHistory(t, func(t *testing.T, obs []churn.RiskObservation) churn.RiskHistory {
		h := pgstore.NewRiskHistory(pgtest.Pool(t, 4))
		if err := h.Record(t.Context(), obs...); err != nil {
			t.Fatalf("Record: %v", err)
		}
		return h
	})
}

func TestPlaybookStoreConformance(t *testing.T) {
	playbooktest.TestStore(t, func(t *testing.T) playbook.Store {
		return pgstore.NewPlaybookStore(pgtest.Pool(t, 8))
	})
}
