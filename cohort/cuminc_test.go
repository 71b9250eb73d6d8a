package cohort

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/accumtest"
)

// drawCompeting draws observations with ties (whole periods) or exact
// times, every kind of exit and up to three strata.
func drawCompeting(t *rapid.T, minN int) []CompetingObservation {
	n := rapid.IntRange(minN, 80).Draw(t, "n")
	exact := rapid.Bool().Draw(t, "exact times")
	obs := make([]CompetingObservation, n)
	for i := range obs {
		d := float64(rapid.IntRange(0, 12).Draw(t, "period"))
		if exact {
			d = rapid.Float64Range(0, 50).Draw(t, "time")
		}
		obs[i] = CompetingObservation{
			Duration: d,
			Event:    rapid.SampledFrom([]EventKind{EventNone, EventExpansion, EventChurn}).Draw(t, "event"),
			Stratum:  rapid.SampledFrom([]string{"good fit", "bad fit", "unknown"}).Draw(t, "stratum"),
		}
	}
	return obs
}

func TestCumulativeIncidencePropertiesRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		obs := drawCompeting(t, 1)
		opts := IncidenceOptions{
			Variance: rapid.SampledFrom([]VarianceMethod{"", VarianceJackknife, VarianceDelta}).Draw(t, "variance"),
			ConfType: rapid.SampledFrom([]ConfType{ConfLogLog, ConfLog, ConfPlain}).Draw(t, "conf type"),
		}
		c, err := CumulativeIncidence(slices.Values(obs), opts)
		require.NoError(t, err)
		require.Equal(t, len(obs), c.Subjects)
		prev := make([]float64, len(c.Kinds))
		left := c.Subjects
		for i, st := range c.Steps {
			require.Equal(t, left, st.AtRisk, "step %d at risk", i)
			sum := st.EventFree
			for k, e := range st.Events {
				require.GreaterOrEqual(t, e.Incidence, prev[k], "step %d kind %d: non-decreasing", i, k)
				require.True(t, e.Incidence >= 0 && e.Incidence <= 1, "step %d kind %d: %v in [0, 1]", i, k, e.Incidence)
				require.True(t, e.SE >= 0 && !math.IsInf(e.SE, 0), "step %d kind %d SE %v", i, k, e.SE)
				require.True(t, 0 <= e.Lower && e.Lower <= e.Incidence+1e-12 && e.Incidence <= e.Upper+1e-12 && e.Upper <= 1,
					"step %d kind %d interval [%v, %v] around %v", i, k, e.Lower, e.Upper, e.Incidence)
				prev[k] = e.Incidence
				sum += e.Incidence
				left -= e.Count
			}
			require.InDelta(t, 1, sum, 1e-12, "step %d: incidences and the event-free probability sum to 1", i)
			left -= st.Censored
		}
		require.Zero(t, left, "every subject leaves")
		_, err = json.Marshal(c)
		require.NoError(t, err, "the curve encodes")
	})
}

// With one kind of event the incidence is one minus the Kaplan-Meier curve
// that censors nothing else.
func TestCumulativeIncidenceOneKindIsOneMinusKaplanMeierRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		obs := drawCompeting(t, 1)
		km := make([]Observation, len(obs))
		for i := range obs {
			if obs[i].Event == EventExpansion {
				obs[i].Event = EventChurn
			}
			km[i] = Observation{Duration: obs[i].Duration, Churned: obs[i].Event == EventChurn}
		}
		c, err := CumulativeIncidence(slices.Values(obs), IncidenceOptions{Kinds: []EventKind{EventChurn}})
		require.NoError(t, err)
		k, err := KaplanMeier(slices.Values(km), SurvivalOptions{})
		require.NoError(t, err)
		require.Len(t, c.Steps, len(k.Steps))
		for i, s := range k.Steps {
			require.Equal(t, []any{s.Time, s.AtRisk, s.Churned, s.Censored}, []any{c.Steps[i].Time, c.Steps[i].AtRisk, c.Steps[i].Events[0].Count, c.Steps[i].Censored})
			require.InDelta(t, s.Survival, c.Steps[i].EventFree, 1e-12, "step %d", i)
			require.InDelta(t, 1-s.Survival, c.Steps[i].Events[0].Incidence, 1e-12, "step %d", i)
		}
	})
}

// Shards split any way, encoded, decoded and merged in any order give
// exactly the one-pass curves and tests.
func TestIncidenceAccumulatorMergeEqualsOnePassRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		obs := drawCompeting(t, 0)
		opts := IncidenceOptions{Variance: rapid.SampledFrom([]VarianceMethod{VarianceJackknife, VarianceDelta}).Draw(t, "variance")}
		shardOf, order := drawShards(t, len(obs))
		merged, err := accumtest.MergeShards(func() *IncidenceAccumulator {
			a, err := NewIncidenceAccumulator(opts)
			require.NoError(t, err)
			return a
		}, obs, shardOf, order)
		require.NoError(t, err)

		wholePooled, errWhole := CumulativeIncidence(slices.Values(obs), opts)
		mergedPooled, errMerged := merged.Pooled()
		require.Equal(t, errWhole, errMerged)
		require.Equal(t, wholePooled, mergedPooled, "pooled: merged shards, one pass")
		wholeStrata, errWhole := CumulativeIncidenceByStratum(slices.Values(obs), opts)
		mergedStrata, errMerged := merged.ByStratum()
		require.Equal(t, errWhole, errMerged)
		require.Equal(t, wholeStrata, mergedStrata, "by stratum: merged shards, one pass")

		// Each stratum's curve is the curve of its observations alone.
		for _, c := range wholeStrata.Curves {
			alone, err := CumulativeIncidence(func(yield func(CompetingObservation) bool) {
				for _, o := range obs {
					if o.Stratum == c.Stratum && !yield(o) {
						return
					}
				}
			}, opts)
			require.NoError(t, err)
			alone.Stratum = c.Stratum
			require.Equal(t, alone, c)
		}
	})
}

func TestIncidenceAccumulatorContract(t *testing.T) {
	a, err := NewIncidenceAccumulator(IncidenceOptions{})
	require.NoError(t, err)
	require.NoError(t, a.AddAll(slices.Values([]CompetingObservation{
		{Duration: 3, Event: EventExpansion, Stratum: "good fit"},
		{Duration: 1.5, Event: EventChurn, Stratum: "bad fit"},
		{Duration: 7, Stratum: "good fit"},
	})))
	require.NoError(t, accumtest.CheckContract(a, ErrInvalid))

	var zero IncidenceAccumulator
	assert.ErrorIs(t, zero.Add(CompetingObservation{}), ErrInvalid, "zero accumulator")
	_, err = zero.MarshalBinary()
	assert.ErrorIs(t, err, ErrInvalid, "zero accumulator")
	_, err = zero.Pooled()
	assert.ErrorIs(t, err, ErrInvalid, "zero accumulator")

	other, err := NewIncidenceAccumulator(IncidenceOptions{Kinds: []EventKind{"upgrade", EventChurn}})
	require.NoError(t, err)
	assert.ErrorIs(t, a.Merge(other), ErrInvalid, "different event kinds")

	empty, err := NewIncidenceAccumulator(IncidenceOptions{})
	require.NoError(t, err)
	_, err = empty.Pooled()
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = empty.ByStratum()
	assert.ErrorIs(t, err, ErrEmpty)
}

func TestIncidenceAccumulatorRejectsBadStates(t *testing.T) {
	state := func(strata string) []byte {
		return []byte(`{"kind":"cohort.incidence","version":1,"state":{"kinds":["expansion","churn"],"variance":"jackknife","conf_type":"log-log","conf_level":0.95,"gray_rho":0,"strata":` + strata + `}}`)
	}
	var ok IncidenceAccumulator
	require.NoError(t, ok.UnmarshalBinary(state(`[{"stratum":"a","times":[0,2.5],"censored":[1,0],"events":[[0,2],[0,1]]}]`)))
	c, err := ok.Pooled()
	require.NoError(t, err)
	assert.Equal(t, 4, c.Subjects)
	for name, strata := range map[string]string{
		"times not increasing": `[{"stratum":"a","times":[2,1],"censored":[1,1],"events":[[0,0],[0,0]]}]`,
		"negative time":        `[{"stratum":"a","times":[-1],"censored":[1],"events":[[0],[0]]}]`,
		"negative zero":        `[{"stratum":"a","times":[-0],"censored":[1],"events":[[0],[0]]}]`,
		"negative count":       `[{"stratum":"a","times":[1],"censored":[-1],"events":[[2],[0]]}]`,
		"empty time":           `[{"stratum":"a","times":[1],"censored":[0],"events":[[0],[0]]}]`,
		"short column":         `[{"stratum":"a","times":[1,2],"censored":[1,1],"events":[[0],[0,1]]}]`,
		"missing kind":         `[{"stratum":"a","times":[1],"censored":[1],"events":[[0]]}]`,
		"no censored column":   `[{"stratum":"a","times":[1],"events":[[1],[0]]}]`,
		"no times":             `[{"stratum":"a","times":[],"censored":[],"events":[[],[]]}]`,
		"stratum twice":        `[{"stratum":"a","times":[1],"censored":[1],"events":[[0],[0]]},{"stratum":"a","times":[1],"censored":[1],"events":[[0],[0]]}]`,
		"too many":             `[{"stratum":"a","times":[1,2],"censored":[9007199254740992,1],"events":[[0,0],[0,0]]}]`,
	} {
		before, err := ok.MarshalBinary()
		require.NoError(t, err)
		assert.ErrorIs(t, ok.UnmarshalBinary(state(strata)), ErrInvalid, name)
		after, err := ok.MarshalBinary()
		require.NoError(t, err)
		assert.Equal(t, string(before), string(after), "%s: a failed decode changes nothing", name)
	}
}

func TestCumulativeIncidenceBadInput(t *testing.T) {
	obs := []CompetingObservation{
		{Duration: 1, Event: EventExpansion, Stratum: "a"},
		{Duration: -2, Event: EventChurn, Stratum: "a"},
		{Duration: math.NaN(), Stratum: "b"},
		{Duration: 4, Event: "downgrade", Stratum: "b"},
		{Duration: math.Inf(1), Event: "jane@example.com", Stratum: "b"},
		{Duration: 5, Event: EventChurn},
	}
	_, err := CumulativeIncidence(slices.Values(obs), IncidenceOptions{})
	require.ErrorIs(t, err, ErrInvalid)
	msg := err.Error()
	for _, want := range []string{"observations[1].duration", "observations[2].duration", "observations[3].event", `"downgrade"`, "observations[4].duration", "observations[4].event"} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "jane", "no personal value in errors")
	assert.NotContains(t, msg, "observations[0]")
	assert.NotContains(t, msg, "observations[5]", "pooled curves ignore the stratum")

	_, err = CumulativeIncidenceByStratum(slices.Values(obs), IncidenceOptions{})
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "observations[5].stratum")

	// The accumulator stops at the first bad observation and names it.
	a, err := NewIncidenceAccumulator(IncidenceOptions{})
	require.NoError(t, err)
	err = a.AddAll(slices.Values(obs))
	require.ErrorIs(t, err, ErrInvalid)
	assert.True(t, strings.HasPrefix(err.Error(), "observations[1]"), err.Error())
	c, err := a.Pooled()
	require.NoError(t, err)
	assert.Equal(t, 1, c.Subjects, "the observations before the bad one stay added")

	_, err = CumulativeIncidence(nil, IncidenceOptions{})
	assert.ErrorIs(t, err, ErrInvalid, "nil sequence")
	_, err = CumulativeIncidence(slices.Values([]CompetingObservation{}), IncidenceOptions{})
	assert.ErrorIs(t, err, ErrEmpty, "no observations")
	readErr := errors.New("disk gone")
	_, err = CumulativeIncidenceByStratumFrom(func(yield func(CompetingObservation, error) bool) {
		if yield(CompetingObservation{Duration: 1, Stratum: "a"}, nil) {
			yield(CompetingObservation{}, readErr)
		}
	}, IncidenceOptions{})
	assert.ErrorIs(t, err, readErr)
	assert.Contains(t, err.Error(), "observations[1]")

	for name, opts := range map[string]IncidenceOptions{
		"no kinds":     {Kinds: []EventKind{}},
		"empty kind":   {Kinds: []EventKind{EventChurn, EventNone}},
		"kind twice":   {Kinds: []EventKind{EventChurn, EventChurn}},
		"variance":     {Variance: "bootstrap"},
		"conf type":    {ConfType: "arcsine"},
		"conf level":   {ConfLevel: 1},
		"negative rho": {GrayRho: -1},
		"NaN rho":      {GrayRho: math.NaN()},
		"too many kinds": {Kinds: func() []EventKind {
			out := make([]EventKind, maxEventKinds+1)
			for i := range out {
				out[i] = EventKind(fmt.Sprint("k", i))
			}
			return out
		}()},
	} {
		_, err := CumulativeIncidence(slices.Values(obs[:1]), opts)
		assert.ErrorIs(t, err, ErrInvalid, name)
	}
}

func TestGrayTestUndefined(t *testing.T) {
	one := []CompetingObservation{{Duration: 1, Event: EventChurn, Stratum: "a"}, {Duration: 2, Event: EventExpansion, Stratum: "a"}}
	s, err := CumulativeIncidenceByStratum(slices.Values(one), IncidenceOptions{})
	require.NoError(t, err)
	assert.Empty(t, s.Gray)
	assert.Contains(t, s.GrayUndefined[EventChurn], "at least two strata")

	// No expansion at all: its test has nothing to compare.
	two := []CompetingObservation{{Duration: 1, Event: EventChurn, Stratum: "a"}, {Duration: 2, Stratum: "a"},
		{Duration: 1.5, Event: EventChurn, Stratum: "b"}, {Duration: 3, Stratum: "b"}}
	s, err = CumulativeIncidenceByStratum(slices.Values(two), IncidenceOptions{})
	require.NoError(t, err)
	require.Len(t, s.Gray, 1)
	assert.Equal(t, EventChurn, s.Gray[0].Event)
	assert.Contains(t, s.GrayUndefined[EventExpansion], "singular")
	_, err = json.Marshal(s)
	require.NoError(t, err)
}

func TestIncidenceAt(t *testing.T) {
	c, err := CumulativeIncidence(slices.Values([]CompetingObservation{
		{Duration: 1, Event: EventExpansion}, {Duration: 2, Event: EventChurn}, {Duration: 3}, {Duration: 4, Event: EventExpansion},
	}), IncidenceOptions{})
	require.NoError(t, err)
	assert.Equal(t, 0.0, c.IncidenceAt(EventExpansion, 0.5))
	assert.Equal(t, 0.25, c.IncidenceAt(EventExpansion, 1))
	assert.Equal(t, 0.25, c.IncidenceAt(EventExpansion, 3.9))
	assert.Equal(t, 0.75, c.IncidenceAt(EventExpansion, 4))
	assert.Equal(t, 0.25, c.IncidenceAt(EventChurn, 10))
	assert.True(t, math.IsNaN(c.IncidenceAt("upgrade", 1)))
	assert.True(t, math.IsNaN(c.IncidenceAt(EventChurn, math.NaN())))
}

// The jackknife runs on sums kept per time; its definition, Σ_i U_i² with
// U_i the derivative of the estimate in subject i's weight, costs O(n) per
// time. Both must agree on any data, ties and a last time where everyone
// left included.
func TestCumulativeIncidenceJackknifeMatchesDefinitionRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		obs := drawCompeting(t, 1)
		c, err := CumulativeIncidence(slices.Values(obs), IncidenceOptions{})
		require.NoError(t, err)
		K := len(c.Kinds)
		n := len(obs)
		uS := make([]float64, n)   // U_i of the event-free probability
		uF := make([]float64, n*K) // U_i of each incidence
		s := 1.0
		for j, st := range c.Steps {
			nf := float64(st.AtRisk)
			d := 0
			for _, e := range st.Events {
				d += e.Count
			}
			h := float64(d) / nf
			for i, o := range obs {
				atRisk := o.Duration >= st.Time
				dN := 0.0
				if o.Duration == st.Time && o.Event != EventNone {
					dN = 1
				}
				for k := range K {
					hk := float64(st.Events[k].Count) / nf
					uF[i*K+k] += uS[i] * hk
					if atRisk {
						dNk := 0.0
						if dN == 1 && o.Event == c.Kinds[k] {
							dNk = 1
						}
						uF[i*K+k] += s * (dNk - hk) / nf
					}
				}
				uS[i] *= 1 - h
				if atRisk {
					uS[i] -= s * (dN - h) / nf
				}
			}
			s *= 1 - h
			var vS float64
			vF := make([]float64, K)
			for i := range obs {
				vS += uS[i] * uS[i]
				for k := range K {
					vF[k] += uF[i*K+k] * uF[i*K+k]
				}
			}
			// Variances are compared, not standard errors: a variance that is 0
			// by definition comes out of the running sums as a rounding
			// residue near 1e-17, whose square root is near 1e-9.
			require.InDelta(t, vS, st.EventFreeSE*st.EventFreeSE, 1e-12*(1+vS), "step %d event-free variance", j)
			for k := range K {
				se := st.Events[k].SE
				require.InDelta(t, vF[k], se*se, 1e-12*(1+vF[k]), "step %d kind %d variance", j, k)
			}
		}
	})
}

// VarianceMethod is an enumeration like ConfType: it writes its name,
// nothing when empty, refuses an invalid one and validates when read.
func TestVarianceMethodText(t *testing.T) {
	b, err := VarianceDelta.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "delta", string(b))
	b, err = VarianceMethod("").MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	_, err = VarianceMethod("bootstrap").MarshalText()
	assert.ErrorIs(t, err, ErrInvalid)
	var m VarianceMethod
	require.NoError(t, m.UnmarshalText([]byte("jackknife")))
	assert.Equal(t, VarianceJackknife, m)
	assert.ErrorIs(t, m.UnmarshalText([]byte("bootstrap")), ErrInvalid)
	assert.Equal(t, VarianceJackknife, m, "a failed decode changes nothing")
}

// Results encode with snake_case keys, kinds and methods by name.
func TestIncidenceJSON(t *testing.T) {
	s, err := CumulativeIncidenceByStratum(slices.Values([]CompetingObservation{
		{Duration: 1, Event: EventExpansion, Stratum: "a"}, {Duration: 2, Event: EventChurn, Stratum: "a"},
		{Duration: 1.5, Event: EventExpansion, Stratum: "b"}, {Duration: 3, Stratum: "b"},
	}), IncidenceOptions{Variance: VarianceDelta})
	require.NoError(t, err)
	b, err := json.Marshal(s.Curves[0])
	require.NoError(t, err)
	// The variances are cmprsk's: timepoints(cuminc(c(1, 2), c(1, 2)), c(1, 2))$var
	// gives 0.25 and 0.25 for expansion, 0 and 0.5 for churn.
	assert.JSONEq(t, `{"stratum":"a","subjects":2,"kinds":["expansion","churn"],"counts":[1,1],"variance":"delta","conf_type":"log-log","conf_level":0.95,
		"steps":[
		 {"time":1,"at_risk":2,"censored":0,"event_free":0.5,"event_free_se":0.3535533905932738,"events":[
		   {"count":1,"incidence":0.5,"se":0.5,"lower":8.146698465135277e-06,"upper":0.9598275569438662},
		   {"count":0,"incidence":0,"se":0,"lower":0,"upper":0}]},
		 {"time":2,"at_risk":1,"censored":0,"event_free":0,"event_free_se":0,"events":[
		   {"count":0,"incidence":0.5,"se":0.5,"lower":8.146698465135277e-06,"upper":0.9598275569438662},
		   {"count":1,"incidence":0.5,"se":0.7071067811865476,"lower":3.826742708674927e-17,"upper":0.9873706803597881}]}]}`, string(b))
	b, err = json.Marshal(s)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"gray":[{"event":"expansion","strata":["a","b"],"chi_square":`)
}

func TestCompetingObservationJSON(t *testing.T) {
	var o CompetingObservation
	require.NoError(t, json.Unmarshal([]byte(`{"duration":2.5,"event":"expansion","stratum":"good fit"}`), &o))
	assert.Equal(t, CompetingObservation{Duration: 2.5, Event: EventExpansion, Stratum: "good fit"}, o)
	err := json.Unmarshal([]byte(`{"duration":1,"evnt":"churn"}`), &o)
	assert.ErrorIs(t, err, ErrInvalid, "a misspelt field")
	assert.Equal(t, EventExpansion, o.Event, "a failed decode changes nothing")
	b, err := json.Marshal(CompetingObservation{Duration: 3})
	require.NoError(t, err)
	assert.JSONEq(t, `{"duration":3}`, string(b), "no event yet is omitted")
}
