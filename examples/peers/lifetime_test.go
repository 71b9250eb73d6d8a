package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The peers' values are the scipy 1.10.1 fits of bgnbd_scipy.py and
// sbg_scipy.py (Nelder-Mead, then BFGS, the better of the two), as
// ../shared/peers/README.md lists them; compare.sh's tolerances.

func TestBGNBDAgreesWithScipy(t *testing.T) {
	res := runForTest(t, "bgnbd_fit")
	for key, want := range map[string]float64{"r": 0.242593, "alpha": 4.413532, "a": 0.792886, "b": 2.425754} {
		near(t, key, want, number(t, res.Check[key]), 1e-5*want)
	}
	near(t, "loglik", -9582.4256, number(t, res.Check["loglik"]), 1e-3)
}

func TestSBGAgreesWithScipy(t *testing.T) {
	res := runForTest(t, "sbg_fit")
	peer := map[string][3]float64{"regular": {0.704077, 1.182043, -1680.265188}, "highend": {0.668088, 3.806095, -1611.158147}}
	for name, want := range peer {
		got, ok := res.Check[name].(map[string]any)
		require.True(t, ok, name)
		near(t, name+".alpha", want[0], number(t, got["alpha"]), 1e-5*want[0])
		near(t, name+".beta", want[1], number(t, got["beta"]), 1e-5*want[1])
		near(t, name+".loglik", want[2], number(t, got["loglik"]), 1e-5)
	}
}
