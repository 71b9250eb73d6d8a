package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The peer's values are scikit-learn 1.2.1's lbfgs fit of logreg_sklearn.py,
// as ../shared/peers/README.md lists them, with compare.sh's tolerances.
// The intercept is the optimum's, -2.049915 (scikit-learn's newton-cholesky
// solver), within compare.sh's 0.05 of the peer's -2.025217: lbfgs stops
// short of the optimum while its test AUC already agrees.
func TestLogisticFitAgreesWithScikitLearn(t *testing.T) {
	res := runForTest(t, "logistic_fit")
	near(t, "test_auc", 0.837343, number(t, res.Check["test_auc"]), 2e-6)
	near(t, "intercept", -2.025217, number(t, res.Check["intercept"]), 0.05)
	near(t, "intercept at the optimum", -2.049915, number(t, res.Check["intercept"]), 1e-6)
	require.Equal(t, 2112.0, number(t, res.Check["n_test"]))
}
