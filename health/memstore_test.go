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
// naiveCheckStore validates a score's value with comparisons, which a NaN
// passes, and stores it (as 0) without complaint.
type naiveCheckStore struct{ health.MemoryStore }

func (n *naiveCheckStore) Append(ctx context.Context, s health.Score) (health.Score, error) {
	if s.Value < 0 || s.Value > 100 {
		return health.Score{}, health.ErrInvalid
	}
	if s.Value != s.Value {
		s.Value = 0
	}
	return n.MemoryStore.Append(ctx, s)
}

type lossyStore struct{ health.MemoryStore }

func (l *lossyStore) Append(ctx context.Context, s health.Score) (health.Score, error) {
	s.Caps, s.Override = nil, nil
	return l.MemoryStore.Append(ctx, s)
}

// checkThenInsertStore breaks the contract under concurrency: it looks for a
// duplicate, then inserts with "on conflict do nothing", so concurrent
// appends of one account and instant all report success.
type checkThenInsertStore struct{ health.MemoryStore }

func (c *checkThenInsertStore) Append(ctx context.Context, s health.Score) (health.Score, error) {
	if got, err := c.Latest(ctx, s.Account, s.AsOf); err == nil && got.AsOf.Equal(s.AsOf) {
		return health.Score{}, health.ErrDuplicate
	}
	time.Sleep(time.Millisecond) // the window between the check and the insert
	stored, err := c.MemoryStore.Append(ctx, s)
	if errors.Is(err, health.ErrDuplicate) {
		return s, nil
	}
	return stored, err
}

// wallClockStore breaks the contract by reading the wall clock of the times
// it is asked about as if they were UTC, as a store with a
// "timestamp without time zone" column would.
type wallClockStore struct{ health.MemoryStore }

func asUTC(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

func (w *wallClockStore) Range(ctx context.Context, a success.AccountID, from, to time.Time) ([]health.Score, error) {
	return w.MemoryStore.Range(ctx, a, asUTC(from), asUTC(to))
}

func (w *wallClockStore) Latest(ctx context.Context, a success.AccountID, asOf time.Time) (health.Score, error) {
	return w.MemoryStore.Latest(ctx, a, asUTC(asOf))
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

	err = healthtest.Run(context.Background(), func() (health.Store, error) { return &checkThenInsertStore{}, nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ConcurrentDuplicatesOneWins")

	err = healthtest.Run(context.Background(), func() (health.Store, error) { return &wallClockStore{}, nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "InstantsNotWallClocks")

	err = healthtest.Run(context.Background(), func() (health.Store, error) { return &naiveCheckStore{}, nil })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "RejectsInvalid")
	assert.Contains(t, err.Error(), "value NaN")

	failing := errors.New("cannot connect")
	err = healthtest.Run(context.Background(), func() (health.Store, error) { return nil, failing })
	assert.ErrorIs(t, err, failing)
}
