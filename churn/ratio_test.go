package churn_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
)

func ratio(num, den string) churn.Ratio {
	return churn.Ratio{Numerator: decimal.RequireFromString(num), Denominator: decimal.RequireFromString(den)}
}

func TestRatioFormatting(t *testing.T) {
	tests := []struct {
		name         string
		r            churn.Ratio
		str, percent string
		value        float64
		defined      bool
		json         string
	}{
		{"two thirds", ratio("2", "3"), "0.6667", "66.7%", 2.0 / 3, true,
			`{"numerator":"2","denominator":"3","value":0.6666666666666666}`},
		// 0.123499996 is 12.3499996%: 12.3%. Rounding to six places first
		// (0.123500) and then to one (12.4%) would round twice.
		{"no double rounding", ratio("123499996", "1000000000"), "0.1235", "12.3%", 0.123499996, true,
			`{"numerator":"123499996","denominator":"1000000000","value":0.123499996}`},
		{"half rounds away from zero", ratio("-1", "400"), "-0.0025", "-0.3%", -0.0025, true,
			`{"numerator":"-1","denominator":"400","value":-0.0025}`},
		// Rounding to a fixed number of places first would give 0 here.
		{"tiny share", ratio("1", "300000000000000000000"), "0.0000", "0.0%", 1.0 / 3e20, true,
			`{"numerator":"1","denominator":"300000000000000000000","value":3.3333333333333333e-21}`},
		{"zero denominator", ratio("5", "0"), "undefined", "undefined", 0, false,
			`{"numerator":"5","denominator":"0","value":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.str, tt.r.String())
			assert.Equal(t, tt.percent, tt.r.Percent())
			assert.Equal(t, tt.defined, tt.r.Defined())
			f, ok := tt.r.Float64()
			assert.Equal(t, tt.defined, ok)
			assert.Equal(t, tt.value, f) // the nearest float64, exactly
			b, err := json.Marshal(tt.r)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(b))
			// The exact numerator and denominator survive a round trip.
			var back churn.Ratio
			require.NoError(t, json.Unmarshal(b, &back))
			assert.True(t, back.Numerator.Equal(tt.r.Numerator) && back.Denominator.Equal(tt.r.Denominator))
		})
	}
}
