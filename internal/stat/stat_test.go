package stat

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

// mtcars hp, wt and am (R datasets package, Henderson and Velleman 1981).
var (
	mtcarsHP = []float64{110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109}
	mtcarsWT = []float64{2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78}
	mtcarsAM = []int{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}
)

func TestLogisticMatchesRGlm(t *testing.T) {
	x := make([][]float64, len(mtcarsHP))
	y := make([]bool, len(mtcarsHP))
	for i := range x {
		x[i] = []float64{mtcarsHP[i], mtcarsWT[i]}
		y[i] = mtcarsAM[i] == 1
	}
	res, err := Logistic(x, y, LogisticOptions{})
	require.NoError(t, err)
	// Expected values: R 4.2.2, summary(glm(am ~ hp + wt, data = mtcars, family = binomial)).
	want := []float64{18.8662987172041312, 0.0362555960822166, -8.0834751824446371}
	wantSE := []float64{7.4435580602052891, 0.0177341536507694, 3.0686751130547045}
	for j := range want {
		assert.InDelta(t, want[j], res.Coef[j], 1e-8*math.Max(1, math.Abs(want[j])), "coef %d", j)
		assert.InDelta(t, wantSE[j], res.StdErr[j], 1e-7*wantSE[j], "se %d", j)
	}
	assert.InDelta(t, -5.02955523613349, res.LogLik, 1e-9) // R: logLik(m)
	assert.True(t, res.Converged)
	assert.Less(t, res.Iterations, 20)

	again, err := Logistic(x, y, LogisticOptions{})
	require.NoError(t, err)
	assert.Equal(t, res, again, "deterministic")
}

func TestLogisticRidgeStationary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([][]float64, 400)
	y := make([]bool, 400)
	for i := range x {
		a, b := r.Float64(), r.Float64()
		x[i] = []float64{a, b}
		y[i] = r.Float64() < Sigmoid(1-3*a+0.5*b)
	}
	for _, lambda := range []float64{0.1, 1, 10} {
		res, err := Logistic(x, y, LogisticOptions{L2: lambda})
		require.NoError(t, err)
		// At the optimum the penalised gradient vanishes.
		grad, _ := plainGradientHessian(x, y, res.Coef, lambda)
		for j, g := range grad {
			assert.InDelta(t, 0, g, 1e-7, "lambda %v grad %d", lambda, j)
		}
	}
	small, _ := Logistic(x, y, LogisticOptions{L2: 0.1})
	big, _ := Logistic(x, y, LogisticOptions{L2: 100})
	assert.Less(t, math.Abs(big.Coef[1]), math.Abs(small.Coef[1]), "a larger penalty shrinks")
}

func TestLogisticBadInput(t *testing.T) {
	_, err := Logistic(nil, nil, LogisticOptions{})
	assert.Error(t, err)
	_, err = Logistic([][]float64{{1}, {1, 2}}, []bool{true, false}, LogisticOptions{})
	assert.Error(t, err)
	_, err = Logistic([][]float64{{math.NaN()}, {1}}, []bool{true, false}, LogisticOptions{})
	assert.Error(t, err)
	_, err = Logistic([][]float64{{1}, {2}}, []bool{true, false}, LogisticOptions{L2: -1})
	assert.Error(t, err)
	// A constant column is collinear with the intercept.
	_, err = Logistic([][]float64{{1}, {1}, {1}}, []bool{true, false, true}, LogisticOptions{})
	assert.ErrorContains(t, err, "singular")
	// Perfect separation without a penalty diverges: reported, not hidden.
	res, err := Logistic([][]float64{{0}, {1}, {2}, {3}}, []bool{false, false, true, true}, LogisticOptions{MaxIterations: 30})
	assert.ErrorIs(t, err, ErrNotConverged)
	assert.ErrorIs(t, err, success.ErrNotConverged, "the SDK's one sentinel, as health.FitWeights tests it")
	var nc *success.NotConvergedError
	require.ErrorAs(t, err, &nc)
	assert.Equal(t, "logistic regression", nc.Model)
	assert.Equal(t, []string{"intercept", "x[0]"}, nc.Names)
	assert.Equal(t, res.Coef, nc.Last, "the last iterate is the result so far")
	assert.Equal(t, 30, nc.Iterations)
	assert.Equal(t, res.LogLik, nc.LogLikelihood)
	assert.False(t, res.Converged)
	assert.Equal(t, 30, res.Iterations, "the result so far comes back with the error")
	assert.Greater(t, res.Coef[1], 10.0, "the slope grows without bound")
	// Options outside their domain are errors, not silent defaults.
	for _, o := range []LogisticOptions{
		{L2: math.NaN()}, {L2: math.Inf(1)}, {Tolerance: -1}, {Tolerance: math.NaN()}, {Tolerance: math.Inf(1)}, {MaxIterations: -1},
	} {
		_, err := Logistic([][]float64{{1}, {2}}, []bool{true, false}, o)
		assert.Error(t, err, "%+v", o)
	}
}

func TestAUC(t *testing.T) {
	tests := []struct {
		score []float64
		label []bool
		want  float64
	}{
		{[]float64{1, 2, 3, 4}, []bool{false, false, true, true}, 1},
		{[]float64{1, 2, 3, 4}, []bool{true, true, false, false}, 0},
		{[]float64{1, 1, 1, 1}, []bool{true, false, true, false}, 0.5},
		// Pairs (pos, neg): (2,1) win, (2,2) tie, (3,1) win, (3,2) win -> 3.5/4.
		{[]float64{1, 2, 2, 3}, []bool{false, false, true, true}, 0.875},
	}
	for _, tt := range tests {
		got, err := AUC(tt.score, tt.label)
		require.NoError(t, err)
		assert.InDelta(t, tt.want, got, 1e-15)
	}
	_, err := AUC([]float64{1, 2}, []bool{true, true})
	assert.ErrorIs(t, err, ErrUndefined)
	_, err = AUC([]float64{math.NaN(), 2}, []bool{true, false})
	assert.Error(t, err)
	_, err = AUC([]float64{1}, []bool{true, false})
	assert.Error(t, err)
}

// The rank formula equals the definition by pairs.
func TestAUCMatchesPairCount(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 60).Draw(t, "n")
		score := make([]float64, n)
		label := make([]bool, n)
		for i := range n {
			score[i] = float64(rapid.IntRange(0, 8).Draw(t, "s"))
			label[i] = rapid.Bool().Draw(t, "l")
		}
		label[0], label[1] = true, false
		var wins, pairs float64
		for i := range n {
			for j := range n {
				if label[i] && !label[j] {
					pairs++
					switch {
					case score[i] > score[j]:
						wins++
					case score[i] == score[j]:
						wins += 0.5
					}
				}
			}
		}
		got, err := AUC(score, label)
		require.NoError(t, err)
		require.InDelta(t, wins/pairs, got, 1e-12, "AUC vs pair count")
	})
}
