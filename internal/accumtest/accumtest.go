// Package accumtest checks the contract every mergeable accumulator of the
// SDK follows (package internal/accum states it: health.BacktestAccumulator
// and PortfolioAccumulator, churn.Movements, cohort.TableAccumulator,
// SummaryAccumulator, SurvivalAccumulator and IncidenceAccumulator,
// expansion.BacktestAccumulator), so that a host or an Apache Beam combine function can
// rely on it: Add, AddAll, AddFrom, Merge(*A), an extract method, and
// MarshalBinary/UnmarshalBinary as the coder. It is used by the packages'
// tests only.
package accumtest

import (
	"encoding"
	"errors"
	"fmt"
	"iter"
)

// Accumulator is the shared shape; A is the accumulator type, T its item.
type Accumulator[A, T any] interface {
	*A
	Add(T) error
	AddAll(iter.Seq[T]) error
	AddFrom(iter.Seq2[T, error]) error
	Merge(*A) error
	encoding.BinaryMarshaler
	encoding.BinaryUnmarshaler
}

// MergeShards does what a distributed combine does: item i goes to shard
// shardOf[i] (an accumulator made by create), every shard travels through
// MarshalBinary and is decoded into a zero accumulator, as a coder does, and
// the decoded shards are merged into a fresh accumulator in the given order
// (a permutation of the shard numbers). The caller compares the result's
// extract with the one-pass result.
func MergeShards[A, T any, P Accumulator[A, T]](create func() P, items []T, shardOf, order []int) (P, error) {
	shards := make([]P, len(order))
	for i := range shards {
		shards[i] = create()
	}
	for i, item := range items {
		if err := shards[shardOf[i]].Add(item); err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
	}
	merged := create()
	for _, s := range order {
		decoded, err := roundTrip(shards[s])
		if err != nil {
			return nil, fmt.Errorf("shard %d: %w", s, err)
		}
		if err := merged.Merge(decoded); err != nil {
			return nil, fmt.Errorf("merging shard %d: %w", s, err)
		}
	}
	return merged, nil
}

// ShardNumbers returns 0, 1, ..., k-1, for drawing a merge order.
func ShardNumbers(k int) []int {
	out := make([]int, k)
	for i := range out {
		out[i] = i
	}
	return out
}

func roundTrip[A, T any, P Accumulator[A, T]](a P) (P, error) {
	data, err := a.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var decoded P = new(A)
	if err := decoded.UnmarshalBinary(data); err != nil {
		return nil, err
	}
	return decoded, nil
}

// errRead is the read error CheckContract's failing sequence yields.
var errRead = errors.New("accumtest: read failed")

// CheckContract checks the error cases of the shape on full, an accumulator
// holding some items, and returns every violation joined (nil when none):
// AddAll(nil), AddFrom(nil), Merge(nil) and merging full into itself are
// errors wrapping invalid, a read error from AddFrom's sequence is returned
// before any item is read, and none of them changes full's encoding; and the encoding of full,
// truncated at each length and with each byte altered, decodes into a zero
// accumulator without panicking, either successfully or with an error
// wrapping invalid. What a corrupted encoding that decodes successfully
// holds is the package's own test to check.
func CheckContract[A, T any, P Accumulator[A, T]](full P, invalid error) error {
	var problems []error
	before, err := full.MarshalBinary()
	if err != nil {
		return fmt.Errorf("encoding: %w", err)
	}
	for _, c := range []struct {
		name string
		call func() error
	}{
		{"AddAll(nil)", func() error { return full.AddAll(nil) }},
		{"AddFrom(nil)", func() error { return full.AddFrom(nil) }},
		{"AddFrom of a failing read", func() error {
			err := full.AddFrom(func(yield func(T, error) bool) {
				var zero T
				yield(zero, errRead)
			})
			if !errors.Is(err, errRead) {
				return fmt.Errorf("got %v, want the read error", err)
			}
			return invalid // the read error was returned: the check below passes
		}},
		{"Merge(nil)", func() error { return full.Merge(nil) }},
		{"merge into itself", func() error { return full.Merge(full) }},
	} {
		if err := c.call(); !errors.Is(err, invalid) {
			problems = append(problems, fmt.Errorf("%s: got %v, want an error wrapping %v", c.name, err, invalid))
		}
	}
	if after, err := full.MarshalBinary(); err != nil || string(after) != string(before) {
		problems = append(problems, fmt.Errorf("the rejected calls changed the accumulator (%v)", err))
	}
	corrupt := func(what string, data []byte) {
		defer func() {
			if r := recover(); r != nil {
				problems = append(problems, fmt.Errorf("%s: panic: %v", what, r))
			}
		}()
		var decoded P = new(A)
		if err := decoded.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, invalid) {
				problems = append(problems, fmt.Errorf("%s: got %v, want an error wrapping %v", what, err, invalid))
			}
			return
		}
		if _, err := decoded.MarshalBinary(); err != nil {
			problems = append(problems, fmt.Errorf("%s: decoded, but encoding it again fails: %v", what, err))
		}
	}
	for n := range len(before) {
		corrupt(fmt.Sprintf("truncated to %d bytes", n), before[:n])
	}
	for i := range before {
		for _, b := range []byte{before[i] ^ 0x01, before[i] ^ 0x80, '9', '-', '"', 0} {
			altered := append([]byte(nil), before...)
			altered[i] = b
			corrupt(fmt.Sprintf("byte %d set to %#x", i, b), altered)
		}
	}
	return errors.Join(problems...)
}
