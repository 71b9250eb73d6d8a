package cohort

import (
	"errors"
	"math"
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
