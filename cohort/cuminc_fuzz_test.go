package cohort

import (
	"math"
	"slices"
	"testing"

	"github.com/secondsale/secondsale/internal/fuzzinput"
)

func fuzzCompeting(data []byte) []CompetingObservation {
	b := fuzzinput.Bytes(data)
	var obs []CompetingObservation
	for len(b) > 0 {
		obs = append(obs, CompetingObservation{
			Duration: b.Float(),
			Event:    fuzzinput.Pick(&b, EventNone, EventExpansion, EventChurn, "downgrade"),
			Stratum:  fuzzinput.Pick(&b, "good", "bad", "other", ""),
		})
	}
	return obs
}

// requireIncidence checks what IncidenceCurve and IncidenceStep document.
func requireIncidence(t *testing.T, c IncidenceCurve) {
	t.Helper()
	prev := make([]float64, len(c.Kinds))
	for i, s := range c.Steps {
		if i > 0 && !(s.Time > c.Steps[i-1].Time) {
			t.Fatalf("step times not ascending at %d", i)
		}
		sum := s.EventFree
		for k, e := range s.Events {
			if !(e.Incidence >= prev[k] && e.Incidence <= 1 && e.Lower >= 0 && e.Upper <= 1 && e.SE >= 0 && !math.IsInf(e.SE, 0)) {
				t.Fatalf("step %d kind %d: %+v after %v", i, k, e, prev[k])
			}
			prev[k] = e.Incidence
			sum += e.Incidence
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Fatalf("step %d: incidences and event-free sum to %v", i, sum)
		}
	}
	fuzzinput.RequireJSON(t, c)
}

func FuzzCumulativeIncidence(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	f.Add([]byte{64, 10, 1, 0, 64, 20, 2, 1, 64, 20, 1, 1, 64, 30, 0, 1, 64, 5, 2, 0, 64, 40, 1, 0}, uint8(1))
	f.Add([]byte{64, 1, 1, 0, 64, 1, 2, 1, 64, 1, 1, 1, 64, 1, 2, 0}, uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, method uint8) {
		defer fuzzinput.Deadline()()
		obs := fuzzCompeting(data)
		opts := IncidenceOptions{
			Variance: []VarianceMethod{"", VarianceJackknife, VarianceDelta}[int(method)%3],
			ConfType: []ConfType{"", ConfLogLog, ConfLog, ConfPlain}[int(method/3)%4],
			GrayRho:  float64(method % 2),
		}
		c, err := CumulativeIncidence(slices.Values(obs), opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty)
		} else {
			requireIncidence(t, c)
		}
		s, err := CumulativeIncidenceByStratum(slices.Values(obs), opts)
		if err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid, ErrEmpty)
			return
		}
		for _, c := range s.Curves {
			requireIncidence(t, c)
		}
		for _, g := range s.Gray {
			if !(g.ChiSquare >= 0) || math.IsInf(g.ChiSquare, 0) || !(g.PValue >= 0 && g.PValue <= 1) {
				t.Fatalf("Gray's test %+v", g)
			}
		}
		fuzzinput.RequireJSON(t, s)
	})
}

func FuzzIncidenceAccumulatorUnmarshalBinary(f *testing.F) {
	a, err := NewIncidenceAccumulator(IncidenceOptions{})
	if err != nil {
		f.Fatal(err)
	}
	for _, o := range []CompetingObservation{{Duration: 1, Event: EventExpansion, Stratum: "a"}, {Duration: 2, Stratum: "b"}, {Duration: 2, Event: EventChurn, Stratum: "b"}} {
		if err := a.Add(o); err != nil {
			f.Fatal(err)
		}
	}
	fuzzinput.AddState(f, a)
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var d IncidenceAccumulator
		if err := d.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid)
			return
		}
		if c, err := d.Pooled(); err == nil {
			requireIncidence(t, c)
		}
		if s, err := d.ByStratum(); err == nil {
			fuzzinput.RequireJSON(t, s)
		}
	})
}
