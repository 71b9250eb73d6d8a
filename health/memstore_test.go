package health_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/health/healthtest"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryStoreConformance(t *testing.T) {
	healthtest.TestStore(t, func(*testing.T) health.Store { return health.NewMemoryStore() })
}

func TestMemoryStoreZeroValue(t *testing.T) {
	healthtest.TestStore(t, func(*testing.T) health.Store { return &health.MemoryStore{} })
	require.NoError(t, healthtest.Run(context.Background(), func() (health.Store, error) { return &health.MemoryStore{}, nil }))
}

// brokenStore breaks the contract: Range returns newest first and Latest
// ignores asOf.
type brokenStore struct{ health.MemoryStore }

func (b *brokenStore) Range(ctx context.Context, a success.AccountID, from, to time.Time) ([]health.Score, error) {
	out, err := b.MemoryStore.Range(ctx, a, from, to)
	slices.Reverse(out)
	return out, err
}

func (b *brokenStore) Latest(ctx context.Context, a success.AccountID, _ time.Time) (health.Score, error) {
	return b.MemoryStore.Latest(ctx, a, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))
}

// lossyStore breaks the contract by dropping a score's critical caps and
// override, as a store with too few columns would.
type lossyStore struct{ health.MemoryStore }

func (l *lossyStore) Append(ctx context.Context, s health.Score) (health.Score, error) {
	s.Caps, s.Override = nil, nil
	return l.MemoryStore.Append(ctx, s)
}

// The conformance suite catches a store that breaks the contract.
func TestConformanceSuiteCatchesBrokenStore(t *testing.T) {
	err := healthtest.Run(context.Background(), func() (health.Store, error) { return &brokenStore{}, nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "RangeIsOrderedAndHalfOpen")
	assert.Contains(t, err.Error(), "LatestAsOf")
	assert.NotContains(t, err.Error(), "RejectsDuplicates")

	err = healthtest.Run(context.Background(), func() (health.Store, error) { return &lossyStore{}, nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "KeepsTheWholeSnapshot")

	failing := errors.New("cannot connect")
	err = healthtest.Run(context.Background(), func() (health.Store, error) { return nil, failing })
	assert.ErrorIs(t, err, failing)
}
