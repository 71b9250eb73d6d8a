package linalg

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCholeskySolve(t *testing.T) {
	// A = [[4,2],[2,3]], b = [2,5]: x = [-0.5, 2] (checked by hand: 4·-0.5+2·2 = 2, 2·-0.5+3·2 = 5).
	c, err := FactorSPD([]float64{4, 2, 2, 3}, 2)
	require.NoError(t, err)
	x := c.Solve([]float64{2, 5})
	assert.InDelta(t, -0.5, x[0], 1e-15)
	assert.InDelta(t, 2, x[1], 1e-15)
	_, err = FactorSPD([]float64{1, 2, 3}, 2)
	assert.ErrorIs(t, err, ErrShape, "a 3-entry 2×2 matrix")
}

func TestInverseSPD(t *testing.T) {
	inv, err := InverseSPD([][]float64{{2, 3}, {3, 10}})
	require.NoError(t, err)
	// The inverse of [[2, 3], [3, 10]] is [[10, −3], [−3, 2]]/11.
	want := [][]float64{{10.0 / 11, -3.0 / 11}, {-3.0 / 11, 2.0 / 11}}
	for i := range want {
		for j := range want[i] {
			assert.InDelta(t, want[i][j], inv[i][j], 1e-14, "inv[%d][%d]", i, j)
		}
	}
	_, err = InverseSPD([][]float64{{1, 2}, {2, 1}})
	assert.ErrorIs(t, err, ErrNotPositiveDefinite, "indefinite matrix")
	_, err = InverseSPD([][]float64{{1, 2}, {2}})
	assert.ErrorIs(t, err, ErrShape, "ragged matrix")
}

func TestCholeskySolveToInPlace(t *testing.T) {
	c, err := FactorSPD([]float64{4, 2, 2, 3}, 2)
	require.NoError(t, err)
	b := []float64{2, 5}
	x := c.SolveTo(b, b)
	assert.Equal(t, c.Solve([]float64{2, 5}), x)
	assert.Equal(t, x, b, "solved in place")
}
