package playbook_test

import (
	"context"
	"errors"
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// atomicStore is an Atomic store whose "transaction" is the memory store
// itself and whose commit fails with commitErr when it is set.
type atomicStore struct {
	*playbook.MemoryStore
	calls     int
	commitErr error
}

func (a *atomicStore) Atomically(ctx context.Context, fn func(playbook.Store) error) error {
	a.calls++
	if err := fn(a.MemoryStore); err != nil {
		return err
	}
	return a.commitErr
}

func TestEvaluateGoesThroughAnAtomicStore(t *testing.T) {
	ctx := context.Background()
	s := &atomicStore{MemoryStore: playbook.NewMemoryStore()}
	e, err := playbook.New([]playbook.Play{redPlay(), referencePlay()}, s, nil)
	require.NoError(t, err)
	ds, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	assert.Equal(t, []string{"open save acme"}, summary(ds))
	assert.Equal(t, 1, s.calls, "one transaction per evaluation")

	// A commit that fails voids the decisions.
	s.commitErr = errors.New("connection lost")
	ds, err = e.Evaluate(ctx, scored("globex", 0, 42))
	assert.ErrorIs(t, err, s.commitErr)
	assert.Nil(t, ds, "no decisions from an evaluation that did not commit")
	assert.Equal(t, 2, s.calls)
}

func TestAtomicEvaluationCommitsDespiteAPlayError(t *testing.T) {
	// A play that cannot make its dedup key is reported, and the other
	// plays' writes still commit: the play's error is not the store's.
	ctx := context.Background()
	perContact := referencePlay()
	perContact.ID, perContact.Trigger = "contact", redPlay().Trigger
	perContact.Suppression.Key = playbook.KeyContact
	s := &atomicStore{MemoryStore: playbook.NewMemoryStore()}
	e, err := playbook.New([]playbook.Play{redPlay(), perContact}, s, nil)
	require.NoError(t, err)
	ds, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.Error(t, err)
	assert.Equal(t, []string{"open save acme"}, summary(ds))
	runs, _ := s.Runs(ctx, playbook.RunQuery{Account: "acme"})
	assert.Len(t, runs, 1)
}

func TestInvalidFactsOpenNoTransaction(t *testing.T) {
	s := &atomicStore{MemoryStore: playbook.NewMemoryStore()}
	e, err := playbook.New([]playbook.Play{redPlay()}, s, nil)
	require.NoError(t, err)
	_, err = e.Evaluate(context.Background(), &playbook.Facts{})
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	assert.Zero(t, s.calls, "facts that fail validation need no transaction")
}
