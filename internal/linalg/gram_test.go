package linalg

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// AddGram equals the plain triple loop over every shape: odd and even p
// (the row pairs and the 4-wide tiles have remainders), m below and at the
// stride, zeros and repeated columns, and it accumulates onto h.
func TestAddGramMatchesPlain(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.IntRange(1, 13).Draw(t, "p")
		stride := rapid.IntRange(1, 40).Draw(t, "stride")
		m := rapid.IntRange(0, stride).Draw(t, "m")
		s := make([]float64, p*stride)
		for i := range s {
			switch rapid.IntRange(0, 3).Draw(t, "kind") {
			case 0:
				s[i] = 0
			case 1:
				s[i] = 1
			default:
				s[i] = rapid.Float64Range(-10, 10).Draw(t, "v")
			}
		}
		h := make([]float64, p*p)
		for i := range h {
			h[i] = float64(i % 7)
		}
		want := append([]float64(nil), h...)
		for a := range p {
			for b := a; b < p; b++ {
				var c float64
				for k := range m {
					c += s[a*stride+k] * s[b*stride+k]
				}
				want[a*p+b] += c
			}
		}
		AddGram(h, p, s, stride, m)
		for a := range p {
			for b := range p {
				w, g := want[a*p+b], h[a*p+b]
				require.LessOrEqual(t, math.Abs(w-g), 1e-12*(1+math.Abs(w)), "h[%d][%d]", a, b)
			}
		}
		MirrorUpper(h, p)
		for a := range p {
			for b := range a {
				require.Equal(t, h[b*p+a], h[a*p+b])
			}
		}
	})
}

// BenchmarkAddGram is one block of the Telco logistic fit's XᵀWX: 128 rows
// of 46 columns, a third of them zero.
func BenchmarkAddGram(b *testing.B) {
	const p, m = 46, 128
	s := make([]float64, p*m)
	for i := range s {
		if i%3 != 0 {
			s[i] = float64(i%17) / 17
		}
	}
	h := make([]float64, p*p)
	for b.Loop() {
		AddGram(h, p, s, m, m)
	}
	b.ReportMetric(float64(b.N)*p*(p+1)/2*m*2/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// AddOuterSparse equals the dense outer product of the vector it describes.
func TestAddOuterSparseMatchesDense(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.IntRange(1, 12).Draw(t, "p")
		var idx []int32
		var val []float64
		dense := make([]float64, p)
		for a := range p {
			if rapid.Bool().Draw(t, "present") {
				v := rapid.Float64Range(-5, 5).Draw(t, "v")
				idx, val = append(idx, int32(a)), append(val, v)
				dense[a] = v
			}
		}
		w := rapid.Float64Range(0, 1).Draw(t, "w")
		h := make([]float64, p*p)
		AddOuterSparse(h, p, idx, val, w)
		for a := range p {
			for b := range p {
				want := 0.0
				if a <= b {
					want = w * dense[a] * dense[b]
				}
				require.InDelta(t, want, h[a*p+b], 1e-12, "h[%d][%d]", a, b)
			}
		}
	})
}
