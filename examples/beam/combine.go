package main

import (
	"encoding"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// accumulator is the SDK's one accumulator contract (internal/accum) as a
// type constraint: Add an item, Merge another shard, and the binary coder.
// Every SDK aggregate satisfies it as it stands, so one combine function
// serves them all.
type accumulator[A, T any] interface {
	*A
	Add(T) error
	Merge(*A) error
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// combineFn is a Beam CombineFn over any SDK accumulator: create, add,
// merge. The output is the accumulator itself; a ParDo after the combine
// calls the accumulator's own extract (Report, Table, Result ...), whose
// arguments differ from one accumulator to the next.
//
// Empty is the encoded state of an empty accumulator built with the
// options of the run (grain, kinds, calibration end): options are part of
// every state, so they reach the workers without a field per accumulator.
type combineFn[A any, PA accumulator[A, T], T any] struct {
	Empty []byte `json:"empty"`
}

// CreateAccumulator decodes the empty state into a new accumulator.
func (f *combineFn[A, PA, T]) CreateAccumulator() (PA, error) {
	a := PA(new(A))
	if err := a.UnmarshalBinary(f.Empty); err != nil {
		return nil, fmt.Errorf("creating accumulator: %w", err)
	}
	return a, nil
}

// AddInput adds one item; a rejected item fails the bundle with the SDK's
// error, which names the field.
func (f *combineFn[A, PA, T]) AddInput(a PA, item T) (PA, error) {
	return a, a.Add(item)
}

// MergeAccumulators merges b into a; the SDK guarantees the result is the
// one-pass state whatever the split.
func (f *combineFn[A, PA, T]) MergeAccumulators(a, b PA) (PA, error) {
	return a, a.Merge(b)
}

// registerCombine registers the combine function of one accumulator type
// with Beam; call it from init for every accumulator the pipeline uses.
func registerCombine[A any, PA accumulator[A, T], T any]() {
	register.Combiner2[PA, T](&combineFn[A, PA, T]{})
}

// newCombineFn returns the combine function whose accumulators start as
// empty does (empty carries the options).
func newCombineFn[A any, PA accumulator[A, T], T any](empty PA) (*combineFn[A, PA, T], error) {
	state, err := empty.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return &combineFn[A, PA, T]{Empty: state}, nil
}

// combineAll combines every item of col (a PCollection of T) into one
// accumulator, a PCollection of PA with one element.
func combineAll[A any, PA accumulator[A, T], T any](s beam.Scope, empty PA, col beam.PCollection) (beam.PCollection, error) {
	fn, err := newCombineFn[A, PA, T](empty)
	if err != nil {
		return beam.PCollection{}, err
	}
	return beam.Combine(s, fn, col), nil
}

// combinePerKey combines the items of each key of col (a PCollection of
// KV<K, T>) into one accumulator per key, a PCollection of KV<K, PA>.
func combinePerKey[A any, PA accumulator[A, T], T any](s beam.Scope, empty PA, col beam.PCollection) (beam.PCollection, error) {
	fn, err := newCombineFn[A, PA, T](empty)
	if err != nil {
		return beam.PCollection{}, err
	}
	return beam.CombinePerKey(s, fn, col), nil
}

// merger is the part of the accumulator contract that combines partial
// accumulators: what a reader that adds its rows itself emits.
type merger[A any] interface {
	*A
	Merge(*A) error
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// mergeFn is the Beam CombineFn over partial accumulators of any SDK
// accumulator: Beam needs only MergeAccumulators when the inputs are
// accumulators already.
type mergeFn[A any, PA merger[A]] struct{}

// MergeAccumulators merges b into a.
func (f *mergeFn[A, PA]) MergeAccumulators(a, b PA) (PA, error) {
	return a, a.Merge(b)
}

// registerMerge registers the merge function of one accumulator type.
func registerMerge[A any, PA merger[A]]() {
	register.Combiner1[PA](&mergeFn[A, PA]{})
}

// mergeAll merges every partial accumulator of col (a PCollection of PA)
// into one.
func mergeAll[A any, PA merger[A]](s beam.Scope, col beam.PCollection) beam.PCollection {
	return beam.Combine(s, &mergeFn[A, PA]{}, col)
}
