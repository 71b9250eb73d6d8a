package optimize

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	start := []float64{-1.2, 1}
	tests := []struct {
		name     string
		problem  Problem
		settings Settings
		method   Method
	}{
		{"BFGS analytic gradient", rosenbrock, Settings{}, BFGS{}},
		{"BFGS finite differences", noGrad, Settings{GradientTol: 1e-5}, BFGS{}},
		{"Nelder-Mead", noGrad, Settings{}, NelderMead{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Minimize(tc.problem, start, tc.settings, tc.method)
			require.NoError(t, r.Err())
			assert.InDelta(t, 1, r.X[0], 1e-4, "status %s, %d iterations", r.Status, r.Iterations)
			assert.InDelta(t, 1, r.X[1], 1e-4, "status %s, %d iterations", r.Status, r.Iterations)
			assert.Equal(t, []float64{-1.2, 1}, start, "x0 is not modified")
			assert.Positive(t, r.Evaluations)
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
	got := Minimize(combined, []float64{-1.2, 1}, Settings{}, BFGS{})
	want := Minimize(rosenbrock, []float64{-1.2, 1}, Settings{}, BFGS{})
	assert.Zero(t, separate, "Func or Grad called although FuncGrad is set")
	assert.Equal(t, want.Status, got.Status)
	assert.Equal(t, want.Iterations, got.Iterations)
	assert.Equal(t, want.X, got.X)
}

func TestMinimizerReportsIterationLimitWithLastIterate(t *testing.T) {
	r := Minimize(rosenbrock, []float64{-1.2, 1}, Settings{MaxIterations: 3}, BFGS{})
	require.Equal(t, IterationLimit, r.Status)
	assert.False(t, r.Status.Converged())
	require.True(t, allFinite(r.X) && !math.IsNaN(r.F), "last iterate %v (f = %v) must be finite", r.X, r.F)
	err := r.Err()
	require.ErrorIs(t, err, success.ErrNotConverged)
	var nc *success.NotConvergedError
	require.ErrorAs(t, err, &nc)
	assert.Equal(t, r.X, nc.Last)
	assert.Equal(t, 3, nc.Iterations)
	assert.Equal(t, -r.F, nc.LogLikelihood)
	assert.Equal(t, "iteration limit reached", nc.Reason)
	nc.Last[0] = 99
	assert.NotEqual(t, 99.0, r.X[0], "the error holds a copy of the last iterate")

	nm := Minimize(Problem{Func: rosenbrock.Func}, []float64{-1.2, 1}, Settings{MaxIterations: 5}, NelderMead{})
	assert.Equal(t, IterationLimit, nm.Status)
	assert.ErrorIs(t, nm.Err(), success.ErrNotConverged)
}

func TestMinimizerRejectsNonFiniteStart(t *testing.T) {
	p := Problem{Func: func(x []float64) float64 { return math.Log(x[0]) }} // NaN for x < 0
	for name, m := range map[string]Method{"BFGS": BFGS{}, "Nelder-Mead": NelderMead{}} {
		r := Minimize(p, []float64{-1}, Settings{}, m)
		assert.Equal(t, NotFinite, r.Status, name)
	}
}

func TestBFGSStepsBackFromInfeasiblePoints(t *testing.T) {
	// f = x − ln x on x > 0 has its minimum at 1; NaN to the left of 0.
	p := Problem{
		Func: func(x []float64) float64 { return x[0] - math.Log(x[0]) },
		Grad: func(g, x []float64) { g[0] = 1 - 1/x[0] },
	}
	r := Minimize(p, []float64{5}, Settings{}, BFGS{})
	require.NoError(t, r.Err())
	assert.InDelta(t, 1, r.X[0], 1e-6)
}

func TestHessian(t *testing.T) {
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
				assert.InDelta(t, want[i][j], h[i][j], 1e-5, "%s: H[%d][%d]", name, i, j)
			}
		}
	}
}

func TestStatusString(t *testing.T) {
	assert.Equal(t, "gradient converged", GradientConverged.String())
	assert.Equal(t, "Status(99)", Status(99).String())
}

func TestBFGSReportsLineSearchFailure(t *testing.T) {
	// A gradient with the wrong sign points uphill: no step decreases f.
	p := Problem{
		Func: func(x []float64) float64 { return x[0] * x[0] },
		Grad: func(g, x []float64) { g[0] = -2 * x[0] },
	}
	r := Minimize(p, []float64{3}, Settings{}, BFGS{})
	require.Equal(t, LineSearchFailed, r.Status)
	assert.ErrorIs(t, r.Err(), success.ErrNotConverged)
	assert.Equal(t, []float64{3}, r.X, "the last iterate is the start")
	assert.Equal(t, 9.0, r.F)
}

// The line search's constants are the documented ones, and a zero or
// out-of-range field means its default.
func TestBacktrackingDefaults(t *testing.T) {
	want := Backtracking{DecreaseFactor: 1e-4, ContractionFactor: 0.5, MaxSteps: 60}
	assert.Equal(t, want, Backtracking{}.withDefaults())
	assert.Equal(t, want, Backtracking{DecreaseFactor: 1, ContractionFactor: -2, MaxSteps: -1}.withDefaults())
	custom := Backtracking{DecreaseFactor: 0.3, ContractionFactor: 0.1, MaxSteps: 5}
	assert.Equal(t, custom, custom.withDefaults())
	// A harsher contraction still finds the Rosenbrock minimum.
	r := Minimize(rosenbrock, []float64{-1.2, 1}, Settings{}, BFGS{LineSearch: custom})
	require.NoError(t, r.Err())
	assert.InDelta(t, 1, r.X[0], 1e-4)
}

func TestNewtonPolishesToTheMinimum(t *testing.T) {
	// From near the Rosenbrock minimum, Newton's steps on the Hessian pin it
	// to the last bits, in x as well as in f.
	r := Minimize(rosenbrock, []float64{0.99, 0.98}, Settings{GradientTol: 1e-12, StepTol: 1e-12}, Newton{})
	require.NoError(t, r.Err())
	assert.Equal(t, GradientConverged, r.Status)
	assert.InDelta(t, 1, r.X[0], 1e-12)
	assert.InDelta(t, 1, r.X[1], 1e-12)
	assert.Less(t, r.Iterations, 10)
}

func TestNewtonReportsAToleranceBelowTheRoundingFloor(t *testing.T) {
	// The gradient of a sum of many terms cannot reach 1e-30: Newton stops
	// when its steps no longer shrink and says so, at the minimum.
	p := Problem{
		Func: func(x []float64) float64 { return 1e3 + (x[0]-3)*(x[0]-3) },
		Grad: func(g, x []float64) { g[0] = 2*(x[0]-3) + 1e-17*math.Sin(1e9*x[0]) },
	}
	r := Minimize(p, []float64{2}, Settings{GradientTol: 1e-30, StepTol: 1e-30}, Newton{})
	assert.Equal(t, NoProgress, r.Status)
	assert.ErrorIs(t, r.Err(), success.ErrNotConverged)
	assert.InDelta(t, 3, r.X[0], 1e-12)
}

func TestNewtonRefusesASaddle(t *testing.T) {
	// f = x² − y² has a saddle at the origin: no Newton polish.
	p := Problem{
		Func: func(x []float64) float64 { return x[0]*x[0] - x[1]*x[1] },
		Grad: func(g, x []float64) { g[0], g[1] = 2*x[0], -2*x[1] },
	}
	r := Minimize(p, []float64{0.1, 0.1}, Settings{}, Newton{})
	assert.Equal(t, NotPositiveDefinite, r.Status)
	assert.Equal(t, []float64{0.1, 0.1}, r.X)
}

// InitValues spare the evaluation at x0 and change nothing else.
func TestInitValuesSpareTheFirstEvaluation(t *testing.T) {
	x0 := []float64{0.99, 0.98}
	g0 := make([]float64, 2)
	rosenbrock.Grad(g0, x0)
	init := &Location{F: rosenbrock.Func(x0), Gradient: g0}
	for name, m := range map[string]Method{"BFGS": BFGS{}, "Newton": Newton{}} {
		plain := Minimize(rosenbrock, x0, Settings{}, m)
		given := Minimize(rosenbrock, x0, Settings{InitValues: init}, m)
		assert.Equal(t, plain.X, given.X, name)
		assert.Equal(t, plain.Status, given.Status, name)
		assert.Equal(t, plain.Evaluations-2, given.Evaluations, "%s: one Func and one Grad call fewer", name)
	}
}
