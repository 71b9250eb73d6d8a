package churn_test

import "github.com/stretchr/testify/require"

// tb is what the test helpers need from both *testing.T and *rapid.T:
// testify's require.TestingT plus Helper, which testing.TB would add but
// *rapid.T does not implement in full.
type tb interface {
	require.TestingT
	Helper()
}
