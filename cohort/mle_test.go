package cohort

import (
	"errors"
	"math"
	"strings"
	"testing"

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
		if fd := (f(up) - f(dn)) / (2 * h); math.Abs(g[i]-fd) > 1e-5*math.Max(1, math.Abs(fd)) {
			t.Errorf("d/dθ%d = %v, finite differences %v", i, g[i], fd)
		}
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
		if math.Round(e.got*p)/p != e.want {
			t.Errorf("%s = %.6f, published %v", e.name, e.got, e.want)
		}
	}
}

// checkProblems requires err to match sentinel and to list problems at
// exactly the paths want, in order.
func checkProblems(t *testing.T, err, sentinel error, want ...string) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v, want %v", err, sentinel)
	}
	got := success.AsFieldErrors(err)
	if len(got) != len(want) {
		t.Fatalf("problems %v, want paths %v", got, want)
	}
	for i, p := range got {
		if p.Path != want[i] {
			t.Errorf("problem %d at %q, want %q (%v)", i, p.Path, want[i], p)
		}
	}
}

func TestFitOptionsValidate(t *testing.T) {
	for _, ok := range []FitOptions{{}, {GradientTol: 1e-9, MaxIterations: 50}} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	bad := FitOptions{GradientTol: math.NaN(), MaxIterations: -1}
	checkProblems(t, bad.Validate(), ErrInvalid, "gradient_tol", "max_iterations")
	checkProblems(t, FitOptions{GradientTol: -1e-6}.Validate(), ErrInvalid, "gradient_tol")
	// Every fit rejects them before fitting, rather than falling back to a
	// default or running with a NaN tolerance.
	survivors := [][]float64{{1000, 631, 468, 382}}
	if _, err := FitSBG(survivors, bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "fit options") {
		t.Errorf("FitSBG with bad options: err = %v", err)
	}
	repeat := []CustomerSummary{
		{Account: "a", Frequency: 2, Recency: 10, Age: 20, MeanRepeatSpend: 5, Currency: "USD", Unit: success.Weekly},
		{Account: "b", Frequency: 1, Recency: 3, Age: 20, MeanRepeatSpend: 8, Currency: "USD", Unit: success.Weekly},
	}
	if _, err := FitBGNBD(repeat, bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "fit options") {
		t.Errorf("FitBGNBD with bad options: err = %v", err)
	}
	if _, err := FitGammaGamma(repeat, bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "fit options") {
		t.Errorf("FitGammaGamma with bad options: err = %v", err)
	}
}
