package health_test

import (
	"testing"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/health/healthtest"
)

func TestMemoryStoreConformance(t *testing.T) {
	healthtest.TestStore(t, func(*testing.T) health.Store { return health.NewMemoryStore() })
}

func TestMemoryStoreZeroValue(t *testing.T) {
	healthtest.TestStore(t, func(*testing.T) health.Store { return &health.MemoryStore{} })
}
