package health

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/success"
)

// MemoryStore is an in-memory Store, safe for concurrent use. Its zero value
// is ready to use. It keeps each account's scores sorted by AsOf.
type MemoryStore struct {
	mu       sync.RWMutex
	accounts map[success.AccountID][]Score
	ids      map[uuid.UUID]success.AccountID
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

func byAsOf(s Score, t time.Time) int { return s.AsOf.Compare(t) }

// Append implements Store.
func (m *MemoryStore) Append(ctx context.Context, s Score) (Score, error) {
	if err := ctx.Err(); err != nil {
		return Score{}, err
	}
	if err := s.Validate(); err != nil {
		return Score{}, err
	}
	s = s.Clone()
	if s.ID == uuid.Nil {
		id, err := NewScoreID(s.AsOf)
		if err != nil {
			return Score{}, err
		}
		s.ID = id
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.accounts == nil {
		m.accounts = map[success.AccountID][]Score{}
		m.ids = map[uuid.UUID]success.AccountID{}
	}
	if owner, dup := m.ids[s.ID]; dup {
		return Score{}, fmt.Errorf("%w: score ID %s is already stored (account %q)", ErrDuplicate, s.ID, owner)
	}
	list := m.accounts[s.Account]
	i, found := slices.BinarySearchFunc(list, s.AsOf, byAsOf)
	if found {
		return Score{}, fmt.Errorf("%w: account %q already has a score as of %s", ErrDuplicate, s.Account, s.AsOf.Format(time.RFC3339Nano))
	}
	m.accounts[s.Account] = slices.Insert(list, i, s)
	m.ids[s.ID] = s.Account
	return s.Clone(), nil
}

// Range implements Store.
func (m *MemoryStore) Range(ctx context.Context, account success.AccountID, from, to time.Time) ([]Score, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := validateRange(account, from, to); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	list := m.accounts[account]
	lo, _ := slices.BinarySearchFunc(list, from, byAsOf)
	hi, _ := slices.BinarySearchFunc(list, to, byAsOf)
	out := make([]Score, 0, max(hi-lo, 0))
	for _, s := range list[lo:max(hi, lo)] {
		out = append(out, s.Clone())
	}
	return out, nil
}

// Latest implements Store.
func (m *MemoryStore) Latest(ctx context.Context, account success.AccountID, asOf time.Time) (Score, error) {
	if err := ctx.Err(); err != nil {
		return Score{}, err
	}
	if account == "" {
		return Score{}, fmt.Errorf("%w: account must not be empty", ErrInvalid)
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	list := m.accounts[account]
	i, found := slices.BinarySearchFunc(list, asOf, byAsOf)
	if found {
		return list[i].Clone(), nil
	}
	if i == 0 {
		return Score{}, fmt.Errorf("%w: no score for account %q as of %s", ErrNotFound, account, asOf.Format(time.RFC3339Nano))
	}
	return list[i-1].Clone(), nil
}
