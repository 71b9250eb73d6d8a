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

// failingApply is a store whose Apply fails while failing is set.
type failingApply struct {
	*playbook.MemoryStore
	failing bool
}

func (f *failingApply) Apply(ctx context.Context, c *playbook.Change) error {
	if f.failing {
		return errors.New("store down")
	}
	return f.MemoryStore.Apply(ctx, c)
}

// rollbackStore is an Atomic store whose failed commit stores nothing: fn
// then writes to a view that drops every Apply.
type rollbackStore struct {
	*playbook.MemoryStore
	calls     int
	commitErr error
}

type dropApplies struct{ *playbook.MemoryStore }

func (dropApplies) Apply(context.Context, *playbook.Change) error { return nil }

func (r *rollbackStore) Atomically(ctx context.Context, fn func(playbook.Store) error) error {
	r.calls++
	if r.commitErr == nil {
		return fn(r.MemoryStore)
	}
	_ = fn(dropApplies{r.MemoryStore})
	return r.commitErr
}

// Retiring or disabling a play goes through an Atomic store in one
// transaction; when the store fails, Atomic or not, the play is put back as
// it was, so that the call can be made again.
func TestSetAsideAPlayIsAtomicAndRepeatable(t *testing.T) {
	ctx := context.Background()
	s := &rollbackStore{MemoryStore: playbook.NewMemoryStore()}
	e, err := playbook.New([]playbook.Play{redPlay()}, s, nil)
	require.NoError(t, err)
	_, err = e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	s.calls = 0

	s.commitErr = errors.New("connection lost")
	runs, err := e.RetirePlay(ctx, "save", playbook.CancelRuns, person("ops", 1))
	require.ErrorIs(t, err, s.commitErr)
	assert.Nil(t, runs, "nothing was stored")
	assert.Equal(t, 1, s.calls, "one transaction")
	s.commitErr = nil
	require.NoError(t, e.EnablePlay("save"), "the play is back, not retired")
	assert.Equal(t, []string{"open save globex"}, summary(mustEvaluate(t, e, scored("globex", 2, 42))), "and opens runs again")

	runs, err = e.RetirePlay(ctx, "save", playbook.CancelRuns, person("ops", 3))
	require.NoError(t, err)
	assert.Len(t, runs, 2)
	assert.ErrorIs(t, e.EnablePlay("save"), playbook.ErrNotFound, "retired now")

	f := &failingApply{MemoryStore: playbook.NewMemoryStore()}
	e, err = playbook.New([]playbook.Play{redPlay()}, f, nil)
	require.NoError(t, err)
	_, err = e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	f.failing = true
	_, err = e.DisablePlay(ctx, "save", playbook.KeepRuns, person("ops", 1))
	require.Error(t, err)
	f.failing = false
	assert.Equal(t, []string{"open save globex"}, summary(mustEvaluate(t, e, scored("globex", 2, 42))), "the play is enabled again")
	runs, err = e.DisablePlay(ctx, "save", playbook.KeepRuns, person("ops", 3))
	require.NoError(t, err)
	assert.Len(t, runs, 2)
}

func mustEvaluate(t *testing.T, e *playbook.Engine, f *playbook.Facts) []playbook.Decision {
	t.Helper()
	ds, err := e.Evaluate(context.Background(), f)
	require.NoError(t, err)
	return ds
}
