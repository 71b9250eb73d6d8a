package churn_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
)

// A nil sequence is a host bug, reported as an error rather than a panic.
func TestNilSequencesAreErrors(t *testing.T) {
	m, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	assert.ErrorIs(t, m.AddAll(nil), churn.ErrInvalid)

	var logErrs []error
	for _, err := range churn.MovementLog(nil, time.Now(), churn.MovementOptions{}) {
		logErrs = append(logErrs, err)
	}
	require.Len(t, logErrs, 1)
	assert.ErrorIs(t, logErrs[0], churn.ErrInvalid)

	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{})
	require.NoError(t, err)
	_, _, err = c.Report(context.Background(), nil)
	assert.ErrorIs(t, err, churn.ErrInvalid)

	_, err = churn.DetectAll(nil, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), churn.SignalOptions{})
	assert.ErrorIs(t, err, churn.ErrInvalid)
}
