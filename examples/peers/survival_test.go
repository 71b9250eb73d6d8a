package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// The peer's values are km_r.R's check at N = 1M (R 4.2.2, survival 3.5.3:
// survfit(Surv(time, event) ~ 1) with summary(fit, times = ...), and
// survdiff(Surv(time, event) ~ stratum)), as ../shared/peers/README.md lists
// them. The Go side draws from the same distribution with another random
// stream at 200,000 subjects, so the tolerances are compare.sh's, for the
// smaller sample.

func TestKaplanMeierAgreesWithR(t *testing.T) {
	res := runForTest(t, "kaplan_meier")
	n := float64(res.N)
	peer := []float64{0.938418, 0.881828, 0.805890, 0.679406, 0.501684, 0.383926, 0.302338, 0.242341, 0.196652}
	got := floats(t, res.Check["surv_at_1_3_6_12_24_36_48_60_72"])
	require.Len(t, got, len(peer))
	for i := range peer {
		near(t, "survival", peer[i], got[i], 5/math.Sqrt(n))
	}
	require.EqualValues(t, 121, res.Check["distinct_times"])
	events := number(t, res.Check["events"])
	near(t, "event share", 676_506.0/1e6, events/n, 6*math.Sqrt(n)/n)
	near(t, "share at risk at 12", 596_981.0/1e6, number(t, res.Check["n_risk_at_12"])/n, 6*math.Sqrt(n)/n)
}

func TestLogRankAgreesWithR(t *testing.T) {
	res := runForTest(t, "log_rank_3_strata")
	scale := float64(res.N) / 1e6 // χ², observed and expected grow with n
	near(t, "chisq", 187386.5243*scale, number(t, res.Check["chisq"]), 17*math.Sqrt(187386.5243*scale))
	require.EqualValues(t, 2, res.Check["df"])
	for i, want := range []float64{212_552, 231_751, 232_203} {
		got := floats(t, res.Check["observed"])[i]
		near(t, "observed", want*scale, got, 6*math.Sqrt(2*want*scale))
	}
	for i, want := range []float64{346_802.37, 210_787.911, 118_915.719} {
		got := floats(t, res.Check["expected"])[i]
		near(t, "expected", want*scale, got, 6*math.Sqrt(2*want*scale))
	}
}
