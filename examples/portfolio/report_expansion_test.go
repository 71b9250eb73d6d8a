package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/secondsale/secondsale/cohort"
)

// A Gamma-Gamma fit says what its parameters mean, and says so plainly when
// q and γ have run off together (buyers who spend alike).
func TestGammaGammaText(t *testing.T) {
	for _, c := range []struct {
		name string
		gg   cohort.GammaGamma
		want string
	}{
		{"spends vary", cohort.GammaGamma{P: 6, Q: 4, Gamma: 15, RepeatBuyers: 40},
			"p = 6, q = 4, γ = 15 over 40 repeat buyers; mean spend per purchase pγ/(q−1) = 30.00 USD, buyers' own means varying by 70.7% (1/√(q−2))"},
		{"buyers spend alike", cohort.GammaGamma{P: 3.777, Q: 3.047e6, Gamma: 6.713e8, RepeatBuyers: 1117},
			"p = 3.777, q = 3.047e+06, γ = 6.713e+08 over 1117 repeat buyers; mean spend per purchase pγ/(q−1) = 832.13 USD, buyers' own means varying by 0.0573% (1/√(q−2)); q and γ this large say that buyers spend alike, and only their ratio is determined"},
		{"no finite spread", cohort.GammaGamma{P: 2, Q: 1.5, Gamma: 10, RepeatBuyers: 9},
			"p = 2, q = 1.5, γ = 10 over 9 repeat buyers"},
	} {
		assert.Equal(t, c.want, ggText(repeatReview{gg: c.gg}), c.name)
	}
}
