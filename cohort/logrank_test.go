package cohort

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Reference values: R 4.2.2, survival 3.5-3,
// survdiff(Surv(tenure, Churn == "Yes") ~ <column>, data = Telco-Customer-Churn.csv),
// p = pchisq(chisq, df, lower.tail = FALSE), printed with sprintf("%.15g").
func TestLogRankMatchesRSurvdiffOnTelco(t *testing.T) {
	cases := []struct {
		column   string
		chisq    float64
		df       int
		p        float64
		observed []int
		expected []float64
	}{
		{"Contract", 2352.87253825934, 2, 0, // R: p underflows to 0 (exp(-1176.4))
			[]int{1655, 166, 48}, []float64{708.445595507873, 470.72782609582, 689.826578396307}},
		{"gender", 0.525706972225644, 1, 0.46841735075697,
			[]int{939, 930}, []float64{923.467365709118, 945.532634290882}},
		{"PaymentMethod", 865.239463132398, 3, 3.06652922295024e-187, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.column, func(t *testing.T) {
			got, err := LogRank(slices.Values(telcoObservations(t, tc.column)))
			require.NoError(t, err)
			near(t, "chi-square", got.ChiSquare, tc.chisq, 1e-9*tc.chisq)
			assert.Equal(t, tc.df, got.DF, "df")
			near(t, "p-value", got.PValue, tc.p, 1e-9*math.Max(tc.p, 1e-300))
			for i, o := range tc.observed {
				assert.Equal(t, o, got.Strata[i].Observed, "%s observed", got.Strata[i].Name)
				near(t, got.Strata[i].Name+" expected", got.Strata[i].Expected, tc.expected[i], 1e-9)
			}
		})
	}
}

func TestLogRankStratifiedAgreesWithStandalone(t *testing.T) {
	obs := []Observation{
		{1, true, "a"}, {2, true, "a"}, {2, false, "a"}, {5, true, "a"},
		{1, false, "b"}, {3, true, "b"}, {6, true, "b"}, {8, false, "b"},
	}
	s, err := KaplanMeierByStratum(slices.Values(obs), SurvivalOptions{})
	require.NoError(t, err)
	lr, err := LogRank(slices.Values(obs))
	require.NoError(t, err)
	require.NotNil(t, s.LogRank, "stratified log-rank")
	require.Equal(t, lr.ChiSquare, s.LogRank.ChiSquare, "stratified chi-square")
	require.Equal(t, lr.PValue, s.LogRank.PValue, "stratified p-value")
	// Hand computation: at t=1 n=(4,4) d=(1,0); t=2 n=(3,3) d=(1,0); t=3 n=(1,3) d=(0,1);
	// t=5 n=(1,2) d=(1,0); t=6 n=(0,2) d=(0,1). O−E for a = 3 − (1/2+1/2+1/4+1/3) = 1.41667;
	// V = 1/4+1/4+3/16+2/9 = 0.909722; chi² = (O−E)²/V = 2.20611.
	near(t, "chi-square", lr.ChiSquare, (17.0/12)*(17.0/12)/(0.25+0.25+3.0/16+2.0/9), 1e-12)
}

func TestLogRankWithoutInformation(t *testing.T) {
	// Both churn at once: the hypergeometric variance is 0, nothing to test.
	obs := []Observation{{3, true, "good"}, {3, true, "bad"}}
	_, err := LogRank(slices.Values(obs))
	assert.ErrorIs(t, err, ErrEmpty)
	s, err := KaplanMeierByStratum(slices.Values(obs), SurvivalOptions{})
	require.NoError(t, err)
	assert.Nil(t, s.LogRank, "no test")
	assert.Len(t, s.Curves, 2, "two curves")
}

func TestLogRankNeedsTwoStrata(t *testing.T) {
	_, err := LogRank(slices.Values([]Observation{{1, true, "only"}, {2, false, "only"}}))
	require.ErrorIs(t, err, ErrInvalid)
	s, err := KaplanMeierByStratum(slices.Values([]Observation{{1, true, "only"}}), SurvivalOptions{})
	require.NoError(t, err, "one stratum")
	require.Nil(t, s.LogRank, "one stratum: no test")
	require.Len(t, s.Curves, 1, "one stratum: one curve")
}
