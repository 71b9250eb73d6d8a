//go:build unix

package health_test

import (
	"fmt"
	"math"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// cpuTime is the CPU time this process has used, user and system.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	require.NoError(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Distinct band names cost a map entry each, not a search of the others:
// 50,000 accounts in 50,000 bands took 12 s when every band was looked up in
// a list. Ten times the accounts must cost about ten times as much (the
// quadratic lookup cost a hundred times). It measures this process's CPU
// time, the fastest of three runs, so the machine's other load stays out of
// the ratio.
func TestBacktestManyBandsIsLinear(t *testing.T) {
	fastest := func(n int) time.Duration {
		var a health.BacktestAccumulator
		for i := range n {
			s := snap(fmt.Sprintf("a%d", i), t0, float64(i%100))
			s.Band = fmt.Sprintf("band-%d", i)
			require.NoError(t, a.Add(health.Outcome{Score: s, Churned: i%3 == 0, ARR: success.MustMoney("1", "USD")}))
		}
		best := time.Duration(math.MaxInt64)
		for range 3 {
			start := cpuTime(t)
			r, err := a.Result(nil)
			best = min(best, cpuTime(t)-start)
			require.NoError(t, err)
			require.Len(t, r.Bands, n)
		}
		return best
	}
	small, large := fastest(4000), fastest(40000)
	assert.Less(t, float64(large)/float64(small), 40.0, "4,000 accounts: %s, 40,000: %s", small, large)
}
