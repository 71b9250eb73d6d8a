package health_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/secondsale/secondsale/health"
)

// A nil sequence is a host bug, reported as an error rather than a panic.
func TestNilSequencesAreErrors(t *testing.T) {
	_, err := health.Backtest(nil, nil)
	assert.ErrorIs(t, err, health.ErrInvalid)
	_, err = health.SummarizePortfolio(nil, nil)
	assert.ErrorIs(t, err, health.ErrInvalid)
}
