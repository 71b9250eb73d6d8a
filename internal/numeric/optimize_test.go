package numeric

import (
	"errors"
	"math"
	"testing"

	"github.com/secondsale/secondsale/success"
)

// rosenbrock is the classic curved valley with its minimum 0 at (1, 1).
var rosenbrock = Problem{
	Func: func(x []float64) float64 {
		return 100*math.Pow(x[1]-x[0]*x[0], 2) + math.Pow(1-x[0], 2)
	},
	Grad: func(g, x []float64) {
		g[0] = -400*x[0]*(x[1]-x[0]*x[0]) - 2*(1-x[0])
		g[1] = 200 * (x[1] - x[0]*x[0])
	},
}

func TestMinimizersFindRosenbrockMinimum(t *testing.T) {
	noGrad := Problem{Func: rosenbrock.Func}
	tests := []struct {
		name string
		run  func() Result
	}{
		{"BFGS analytic gradient", func() Result { return BFGS(rosenbrock, []float64{-1.2, 1}, Settings{}) }},
		{"BFGS finite differences", func() Result { return BFGS(noGrad, []float64{-1.2, 1}, Settings{GradientTol: 1e-5}) }},
		{"Nelder-Mead", func() Result { return NelderMead(noGrad, []float64{-1.2, 1}, Settings{}) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.run()
			if err := r.Err(); err != nil {
				t.Fatal(err)
			}
			if math.Abs(r.X[0]-1) > 1e-4 || math.Abs(r.X[1]-1) > 1e-4 {
				t.Errorf("minimum at %v, want (1, 1); status %s, %d iterations", r.X, r.Status, r.Iterations)
			}
		})
	}
}

// With FuncGrad, BFGS takes the same path as with Func and Grad, but each
// point costs one combined evaluation and Func and Grad are never called.
func TestBFGSUsesFuncGradInOnePass(t *testing.T) {
	var separate int
	combined := Problem{
		Func: func(x []float64) float64 { separate++; return rosenbrock.Func(x) },
		Grad: func(g, x []float64) { separate++; rosenbrock.Grad(g, x) },
		FuncGrad: func(g, x []float64) float64 {
			rosenbrock.Grad(g, x)
			return rosenbrock.Func(x)
		},
	}
	got := BFGS(combined, []float64{-1.2, 1}, Settings{})
	want := BFGS(rosenbrock, []float64{-1.2, 1}, Settings{})
	if separate != 0 {
		t.Errorf("Func or Grad called %d times although FuncGrad is set", separate)
	}
	if got.Status != want.Status || got.Iterations != want.Iterations || got.X[0] != want.X[0] || got.X[1] != want.X[1] {
		t.Errorf("FuncGrad: %s after %d iterations at %v; Func and Grad: %s after %d at %v",
			got.Status, got.Iterations, got.X, want.Status, want.Iterations, want.X)
	}
}

func TestMinimizerReportsIterationLimitWithLastIterate(t *testing.T) {
	r := BFGS(rosenbrock, []float64{-1.2, 1}, Settings{MaxIterations: 3})
	if r.Status != IterationLimit || r.Status.Converged() {
		t.Fatalf("status = %s, want iteration limit", r.Status)
	}
	if !allFinite(r.X) || math.IsNaN(r.F) {
		t.Fatalf("last iterate %v (f = %v) must be finite", r.X, r.F)
	}
	if err := r.Err(); !errors.Is(err, success.ErrNotConverged) {
		t.Fatalf("Err() = %v, want ErrNotConverged", err)
	}
	var nc *success.NotConvergedError
	if !errors.As(r.Err(), &nc) || nc.Last[0] != r.X[0] || nc.Last[1] != r.X[1] || nc.Iterations != 3 || nc.LogLikelihood != -r.F {
		t.Fatalf("Err() = %#v, want a *success.NotConvergedError holding the last iterate %v", nc, r.X)
	}
	nm := NelderMead(Problem{Func: rosenbrock.Func}, []float64{-1.2, 1}, Settings{MaxIterations: 5})
	if nm.Status != IterationLimit || !errors.Is(nm.Err(), success.ErrNotConverged) {
		t.Fatalf("Nelder-Mead status = %s", nm.Status)
	}
}

func TestMinimizerRejectsNonFiniteStart(t *testing.T) {
	p := Problem{Func: func(x []float64) float64 { return math.Log(x[0]) }} // NaN for x < 0
	for name, r := range map[string]Result{
		"BFGS":        BFGS(p, []float64{-1}, Settings{}),
		"Nelder-Mead": NelderMead(p, []float64{-1}, Settings{}),
	} {
		if r.Status != NotFinite {
			t.Errorf("%s: status = %s, want %s", name, r.Status, NotFinite)
		}
	}
}

func TestBFGSStepsBackFromInfeasiblePoints(t *testing.T) {
	// f = x − ln x on x > 0 has its minimum at 1; NaN to the left of 0.
	p := Problem{
		Func: func(x []float64) float64 { return x[0] - math.Log(x[0]) },
		Grad: func(g, x []float64) { g[0] = 1 - 1/x[0] },
	}
	r := BFGS(p, []float64{5}, Settings{})
	if err := r.Err(); err != nil || math.Abs(r.X[0]-1) > 1e-6 {
		t.Fatalf("x = %v, err = %v", r.X, err)
	}
}

func TestHessianAndInverse(t *testing.T) {
	// f = x² + 3xy + 5y² has Hessian [[2, 3], [3, 10]].
	f := func(x []float64) float64 { return x[0]*x[0] + 3*x[0]*x[1] + 5*x[1]*x[1] }
	g := func(g, x []float64) { g[0] = 2*x[0] + 3*x[1]; g[1] = 3*x[0] + 10*x[1] }
	want := [][]float64{{2, 3}, {3, 10}}
	for name, h := range map[string][][]float64{
		"from f":    Hessian(f, nil, []float64{0.3, -2}),
		"from grad": Hessian(f, g, []float64{0.3, -2}),
	} {
		for i := range want {
			for j := range want[i] {
				if math.Abs(h[i][j]-want[i][j]) > 1e-5 {
					t.Errorf("%s: H[%d][%d] = %v, want %v", name, i, j, h[i][j], want[i][j])
				}
			}
		}
	}
	inv, err := InverseSPD(want)
	if err != nil {
		t.Fatal(err)
	}
	// The inverse of [[2, 3], [3, 10]] is [[10, −3], [−3, 2]]/11.
	wantInv := [][]float64{{10.0 / 11, -3.0 / 11}, {-3.0 / 11, 2.0 / 11}}
	for i := range wantInv {
		for j := range wantInv[i] {
			if math.Abs(inv[i][j]-wantInv[i][j]) > 1e-14 {
				t.Errorf("inv[%d][%d] = %v, want %v", i, j, inv[i][j], wantInv[i][j])
			}
		}
	}
	if _, err := InverseSPD([][]float64{{1, 2}, {2, 1}}); !errors.Is(err, ErrDomain) {
		t.Errorf("indefinite matrix: err = %v, want ErrDomain", err)
	}
}

func TestStatusString(t *testing.T) {
	if GradientConverged.String() != "gradient converged" || Status(99).String() != "Status(99)" {
		t.Error("Status.String wrong")
	}
}

func TestBFGSReportsLineSearchFailure(t *testing.T) {
	// A gradient with the wrong sign points uphill: no step decreases f.
	p := Problem{
		Func: func(x []float64) float64 { return x[0] * x[0] },
		Grad: func(g, x []float64) { g[0] = -2 * x[0] },
	}
	r := BFGS(p, []float64{3}, Settings{})
	if r.Status != LineSearchFailed || !errors.Is(r.Err(), success.ErrNotConverged) {
		t.Fatalf("status = %s, want %s", r.Status, LineSearchFailed)
	}
	if r.X[0] != 3 || r.F != 9 {
		t.Errorf("last iterate %v (f = %v), want the start 3 (f = 9)", r.X, r.F)
	}
}

func TestCholeskySolve(t *testing.T) {
	// A = [[4,2],[2,3]], b = [2,5]: x = [-0.5, 2] (checked by hand: 4·-0.5+2·2 = 2, 2·-0.5+3·2 = 5).
	c, err := FactorSPD([]float64{4, 2, 2, 3}, 2)
	if err != nil {
		t.Fatal(err)
	}
	x := c.Solve([]float64{2, 5})
	if math.Abs(x[0]+0.5) > 1e-15 || math.Abs(x[1]-2) > 1e-15 {
		t.Fatalf("x = %v, want [-0.5 2]", x)
	}
	if _, err := FactorSPD([]float64{1, 2, 3}, 2); !errors.Is(err, ErrDomain) {
		t.Fatalf("a 3-entry 2×2 matrix: err = %v", err)
	}
}
