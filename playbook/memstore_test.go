package playbook_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryStoreRefusesUnknownStates(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	ds, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	run, _ := s.Run(ctx, ds[0].Run)
	run.State = "paused"
	assert.ErrorIs(t, s.Apply(ctx, &playbook.Change{Runs: []playbook.Run{run}}), playbook.ErrInvalid)
	task, _ := s.Task(ctx, ds[0].Tasks[0].ID)
	task.State = "blocked"
	assert.ErrorIs(t, s.Apply(ctx, &playbook.Change{Tasks: []playbook.Task{task}}), playbook.ErrInvalid)
	assert.NoError(t, playbook.RunCancelled.Validate())
	assert.NoError(t, playbook.TaskSnoozed.Validate())
	assert.ErrorIs(t, playbook.RunState("").Validate(), playbook.ErrInvalid)
	assert.ErrorIs(t, playbook.TaskState("").Validate(), playbook.ErrInvalid)
	assert.ErrorIs(t, s.Open(ctx, playbook.Opening{}), playbook.ErrInvalid, "a run without ID, account or key")
}

func TestDecisionsAndTraceRoundTripJSON(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	ds, err := e.Evaluate(ctx, scored("acme", 0, 42))
	require.NoError(t, err)
	data, err := json.Marshal(ds)
	require.NoError(t, err)
	var back []playbook.Decision
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, ds, back)

	trace, _ := s.Trace(ctx, playbook.TraceQuery{Account: "acme"})
	data, err = json.Marshal(trace)
	require.NoError(t, err)
	var entries []playbook.TraceEntry
	require.NoError(t, json.Unmarshal(data, &entries))
	assert.Equal(t, trace, entries)

	run, _ := s.Run(ctx, ds[0].Run)
	data, err = json.Marshal(run)
	require.NoError(t, err)
	var r playbook.Run
	require.NoError(t, json.Unmarshal(data, &r))
	assert.Equal(t, run, r)
}

func TestEngineStartTaskMovesTheRunInProgress(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, redPlay())
	ds, _ := e.Evaluate(ctx, scored("acme", 0, 42))
	got, err := e.StartTask(ctx, ds[0].Tasks[0].ID, person("kim", 1))
	require.NoError(t, err)
	assert.Equal(t, playbook.TaskInProgress, got.State)
	run, _ := s.Run(ctx, ds[0].Run)
	assert.Equal(t, playbook.RunInProgress, run.State)
	trace, _ := s.Trace(ctx, playbook.TraceQuery{Run: run.ID})
	last := trace[len(trace)-1]
	assert.Equal(t, "open", last.From)
	assert.Equal(t, "in_progress", last.To)
	assert.Equal(t, playbook.Actor("kim"), last.Actor)
}

func TestZeroEngineDoesNotPanic(t *testing.T) {
	var e playbook.Engine
	_, err := e.Evaluate(context.Background(), scored("acme", 0, 42))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	_, err = e.CompleteTask(context.Background(), [16]byte{1}, person("kim", 0))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
	_, err = e.DisablePlay(context.Background(), "save", playbook.KeepRuns, person("kim", 0))
	assert.Error(t, err)
	assert.Error(t, e.EnablePlay("save"))
	_, err = e.CancelRun(context.Background(), [16]byte{1}, person("kim", 0))
	assert.ErrorIs(t, err, playbook.ErrInvalid)
}
