package cohort

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// checkGradient compares an analytic gradient with central finite differences.
func checkGradient(t *testing.T, f func(theta []float64) float64, grad func(g, theta []float64), theta []float64) {
	t.Helper()
	g := make([]float64, len(theta))
	grad(g, theta)
	const h = 1e-6
	for i := range theta {
		up := append([]float64(nil), theta...)
		dn := append([]float64(nil), theta...)
		up[i] += h
		dn[i] -= h
		fd := (f(up) - f(dn)) / (2 * h)
		assert.InDelta(t, fd, g[i], 1e-5*math.Max(1, math.Abs(fd)), "d/dθ%d against finite differences", i)
	}
}

// printedEstimate is a published estimate and the number of decimals printed.
type printedEstimate struct {
	name      string
	got, want float64
	places    int
}

// checkPrinted requires each estimate to round to the published figure.
func checkPrinted(t *testing.T, estimates ...printedEstimate) {
	t.Helper()
	for _, e := range estimates {
		p := math.Pow(10, float64(e.places))
		assert.Equal(t, e.want, math.Round(e.got*p)/p, "%s = %.6f, published %v", e.name, e.got, e.want)
	}
}

func TestFitOptionsValidate(t *testing.T) {
	for _, ok := range []FitOptions{{}, {GradientTol: 1e-9, MaxIterations: 50}} {
		assert.NoError(t, ok.Validate(), "%+v", ok)
	}
	bad := FitOptions{GradientTol: math.NaN(), MaxIterations: -1}
	err := bad.Validate()
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"gradient_tol", "max_iterations"}, paths(err))
	err = FitOptions{GradientTol: -1e-6}.Validate()
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, []string{"gradient_tol"}, paths(err))
	// Every fit rejects them before fitting, rather than falling back to a
	// default or running with a NaN tolerance.
	survivors := [][]float64{{1000, 631, 468, 382}}
	_, err = FitSBG(survivors, bad)
	assert.ErrorIs(t, err, ErrInvalid, "FitSBG with bad options")
	assert.ErrorContains(t, err, "fit options", "FitSBG with bad options")
	repeat := []CustomerSummary{
		{Account: "a", Frequency: 2, Recency: 10, Age: 20, MeanRepeatSpend: 5, Currency: "USD", Unit: success.Weekly},
		{Account: "b", Frequency: 1, Recency: 3, Age: 20, MeanRepeatSpend: 8, Currency: "USD", Unit: success.Weekly},
	}
	_, err = FitBGNBD(repeat, bad)
	assert.ErrorIs(t, err, ErrInvalid, "FitBGNBD with bad options")
	assert.ErrorContains(t, err, "fit options", "FitBGNBD with bad options")
	_, err = FitGammaGamma(repeat, bad)
	assert.ErrorIs(t, err, ErrInvalid, "FitGammaGamma with bad options")
	assert.ErrorContains(t, err, "fit options", "FitGammaGamma with bad options")
}
