package churn_test

import (
	"context"
	"errors"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// failingAt yields items, but a read error in place of item bad, and
// records every item it handed out.
func failingAt[T any](items []T, bad int, readErr error, handed *[]int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for i, v := range items {
			*handed = append(*handed, i)
			var zero T
			if i == bad {
				if !yield(zero, readErr) {
					return
				}
				continue
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

var errRead = errors.New("events.jsonl: unexpected EOF")

func TestReportFromStopsAtAReadError(t *testing.T) {
	var asked []success.AccountID // accounts whose risk history was read
	risk := riskFunc(func(_ context.Context, a success.AccountID, _, _ time.Time) ([]churn.RiskObservation, error) {
		asked = append(asked, a)
		return nil, nil
	})
	c, err := churn.NewClassifier(risk, churn.ClassifyOptions{})
	require.NoError(t, err)
	events := []churn.Event{
		event("a", success.GoodFit, churn.ReasonPrice),
		{}, // an invalid event before the error: the read error is still what is returned
		event("c", success.GoodFit, churn.ReasonPrice),
		event("d", success.GoodFit, churn.ReasonPrice),
	}
	var handed []int
	report, cls, err := c.ReportFrom(t.Context(), failingAt(events, 2, errRead, &handed))
	require.ErrorIs(t, err, errRead)
	assert.Equal(t, "reading events[2]: events.jsonl: unexpected EOF", err.Error())
	assert.Nil(t, report)
	assert.Nil(t, cls)
	assert.Equal(t, []int{0, 1, 2}, handed, "nothing after the error is read")
	assert.Equal(t, []success.AccountID{"a"}, asked, "nothing after the error is classified")

	// Without an error, ReportFrom and Report agree.
	ok := []churn.Event{events[0], events[2]}
	handed = nil
	fromReport, fromCls, err := c.ReportFrom(t.Context(), failingAt(ok, -1, nil, &handed))
	require.NoError(t, err)
	report, cls, err = c.Report(t.Context(), func(yield func(churn.Event) bool) {
		for _, e := range ok {
			if !yield(e) {
				return
			}
		}
	})
	require.NoError(t, err)
	assert.Equal(t, report, fromReport)
	assert.Equal(t, cls, fromCls)

	_, _, err = c.ReportFrom(t.Context(), nil)
	assert.ErrorIs(t, err, churn.ErrInvalid)
}

func TestDetectAllFromStopsAtAReadError(t *testing.T) {
	asOf := day(3, 31)
	silent := func(account string) churn.Usage { // active early in March, then silent: a drop-off
		return churn.Usage{Account: success.AccountID(account), Activity: daily(day(3, 1), 1, 1, 1)}
	}
	usage := []churn.Usage{silent("a"), silent("b"), {}, silent("d")}
	var handed []int
	signals, err := churn.DetectAllFrom(failingAt(usage, 2, errRead, &handed), asOf, churn.SignalOptions{})
	require.ErrorIs(t, err, errRead)
	assert.Equal(t, "reading usage[2]: events.jsonl: unexpected EOF", err.Error())
	assert.Nil(t, signals)
	assert.Equal(t, []int{0, 1, 2}, handed, "nothing after the error is read")

	handed = nil
	signals, err = churn.DetectAllFrom(failingAt(usage[:2], -1, nil, &handed), asOf, churn.SignalOptions{})
	require.NoError(t, err)
	assert.Equal(t, []churn.SignalKind{churn.DropOff, churn.DropOff}, signalKinds(signals))

	// Bad options are reported before anything is read.
	handed = nil
	_, err = churn.DetectAllFrom(failingAt(usage, 0, errRead, &handed), asOf, churn.SignalOptions{Decline: churn.DeclineRule{MinDrop: 2}})
	assert.ErrorIs(t, err, churn.ErrInvalid)
	assert.NotErrorIs(t, err, errRead)
	assert.Empty(t, handed)

	_, err = churn.DetectAllFrom(nil, asOf, churn.SignalOptions{})
	assert.ErrorIs(t, err, churn.ErrInvalid)
}
