package health_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/secondsale/secondsale/health"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewScoreID(t *testing.T) {
	a, err := health.NewScoreID(t0)
	require.NoError(t, err)
	b, err := health.NewScoreID(t1)
	require.NoError(t, err)
	again, err := health.NewScoreID(t0)
	require.NoError(t, err)

	for _, id := range []uuid.UUID{a, b, again} {
		assert.Equal(t, uuid.Version(7), id.Version(), id.String())
		assert.Equal(t, uuid.RFC4122, id.Variant(), id.String())
	}
	// The 48-bit big-endian timestamp is the as-of time in Unix milliseconds.
	stamp := func(id uuid.UUID) int64 {
		var b [8]byte
		copy(b[2:], id[:6])
		return int64(binary.BigEndian.Uint64(b[:]))
	}
	assert.Equal(t, t0.UnixMilli(), stamp(a))
	assert.Equal(t, t1.UnixMilli(), stamp(b))
	assert.Negative(t, bytes.Compare(a[:], b[:]), "later snapshots sort later")
	assert.Less(t, a.String(), b.String(), "also in text form")
	assert.NotEqual(t, a, again, "same as-of time, different random bits")
}

func TestNewScoreIDOutOfRange(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10890, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		id, err := health.NewScoreID(at)
		assert.True(t, errors.Is(err, health.ErrInvalid), "%v: %v", at, err)
		assert.Equal(t, uuid.Nil, id)
	}
}
