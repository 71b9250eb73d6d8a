package cohort

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// competingBenchData draws n customers in random order: tenure in whole
// days over five years (heavy ties) or exact times (every time distinct),
// 20% expanded first, 25% churned first, the rest still active, in two
// strata; and the same data as Kaplan-Meier observations of the time to
// the first event, so that the two estimators run on the same input.
func competingBenchData(n int, exact bool) ([]CompetingObservation, []Observation) {
	rng := rand.New(rand.NewPCG(5, 6))
	obs := make([]CompetingObservation, n)
	km := make([]Observation, n)
	for i := range obs {
		d := float64(rng.IntN(5 * 365))
		if exact {
			d = rng.ExpFloat64() * 400
		}
		o := CompetingObservation{Duration: d, Stratum: "good fit"}
		if rng.Float64() < 0.3 {
			o.Stratum = "bad fit"
		}
		switch u := rng.Float64(); {
		case u < 0.2:
			o.Event = EventExpansion
		case u < 0.45:
			o.Event = EventChurn
		}
		obs[i] = o
		km[i] = Observation{Duration: d, Churned: o.Event != EventNone, Stratum: o.Stratum}
	}
	return obs, km
}

// Cumulative incidence against Kaplan-Meier on the same 1M customers; the
// issue asks for cumulative incidence within 3x of Kaplan-Meier's time.
func BenchmarkCumulativeIncidence1M(b *testing.B) {
	for _, data := range []struct {
		name  string
		exact bool
	}{{"days", false}, {"exact", true}} {
		obs, km := competingBenchData(1_000_000, data.exact)
		b.Run(data.name+"/kaplan-meier", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := KaplanMeier(slices.Values(km), SurvivalOptions{})
				require.NoError(b, err)
			}
		})
		b.Run(data.name+"/cumulative-incidence", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := CumulativeIncidence(slices.Values(obs), IncidenceOptions{})
				require.NoError(b, err)
			}
		})
		b.Run(data.name+"/kaplan-meier-by-stratum", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := KaplanMeierByStratum(slices.Values(km), SurvivalOptions{})
				require.NoError(b, err)
			}
		})
		b.Run(data.name+"/cumulative-incidence-by-stratum", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := CumulativeIncidenceByStratum(slices.Values(obs), IncidenceOptions{})
				require.NoError(b, err)
			}
		})
	}
}

// The pipeline path: 1M customers in 8 shards, each added, encoded and
// decoded (as a Beam coder would), merged and extracted; against the one
// pass on the same data.
func BenchmarkIncidenceAccumulatorShards1M(b *testing.B) {
	obs, _ := competingBenchData(1_000_000, false)
	const shards = 8
	b.Run("one-pass", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, err := CumulativeIncidenceByStratum(slices.Values(obs), IncidenceOptions{})
			require.NoError(b, err)
		}
	})
	b.Run("shards-encoded-merged", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			merged, err := NewIncidenceAccumulator(IncidenceOptions{})
			require.NoError(b, err)
			for s := range shards {
				a, err := NewIncidenceAccumulator(IncidenceOptions{})
				require.NoError(b, err)
				for i := s; i < len(obs); i += shards {
					if err := a.Add(obs[i]); err != nil { // not require: its t.Helper costs more than Add
						b.Fatal(err)
					}
				}
				data, err := a.MarshalBinary()
				require.NoError(b, err)
				var decoded IncidenceAccumulator
				require.NoError(b, decoded.UnmarshalBinary(data))
				require.NoError(b, merged.Merge(&decoded))
			}
			_, err = merged.ByStratum()
			require.NoError(b, err)
		}
	})
}
