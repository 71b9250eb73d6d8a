package cohort

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/internal/fuzzinput"
)

// drawSurvival draws observations with ties (whole periods) or exact
// times, churned or censored, in up to three strata.
func drawSurvival(t *rapid.T) []Observation {
	competing := drawCompeting(t, 0)
	obs := make([]Observation, len(competing))
	for i, c := range competing {
		obs[i] = Observation{Duration: c.Duration, Churned: c.Event != EventNone, Stratum: c.Stratum}
	}
	return obs
}

// drawShards splits n items into 1..4 shards and draws the order they are
// merged in.
func drawShards(t *rapid.T, n int) (shardOf, order []int) {
	k := rapid.IntRange(1, 4).Draw(t, "shards")
	shardOf = make([]int, n)
	for i := range shardOf {
		shardOf[i] = rapid.IntRange(0, k-1).Draw(t, "shard")
	}
	return shardOf, rapid.Permutation(accumtest.ShardNumbers(k)).Draw(t, "merge order")
}

// Shards split any way, encoded, decoded and merged in any order give
// exactly the curves and the log-rank test of KaplanMeier and
// KaplanMeierByStratum on all the observations.
func TestSurvivalAccumulatorMergeEqualsOnePassRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		obs := drawSurvival(t)
		opts := SurvivalOptions{
			ConfType: rapid.SampledFrom([]ConfType{"", ConfLog, ConfPlain, ConfLogLog}).Draw(t, "conf type"),
			Horizon:  float64(rapid.IntRange(0, 20).Draw(t, "horizon")),
		}
		shardOf, order := drawShards(t, len(obs))
		merged, err := accumtest.MergeShards(func() *SurvivalAccumulator {
			a, err := NewSurvivalAccumulator(opts)
			require.NoError(t, err)
			return a
		}, obs, shardOf, order)
		require.NoError(t, err)

		wholePooled, errWhole := KaplanMeier(slices.Values(obs), opts)
		mergedPooled, errMerged := merged.Pooled()
		require.Equal(t, errWhole, errMerged)
		require.Equal(t, wholePooled, mergedPooled, "pooled: merged shards, one pass")
		wholeStrata, errWhole := KaplanMeierByStratum(slices.Values(obs), opts)
		mergedStrata, errMerged := merged.ByStratum()
		require.Equal(t, errWhole, errMerged)
		require.Equal(t, wholeStrata, mergedStrata, "by stratum: merged shards, one pass")
		if len(obs) > 0 {
			lr, err := LogRank(slices.Values(obs))
			if wholeStrata.LogRank != nil {
				require.NoError(t, err)
				require.Equal(t, *wholeStrata.LogRank, lr)
			} else {
				require.Error(t, err)
			}
		}

		// Each stratum's curve is the pooled curve of its observations alone.
		for _, c := range wholeStrata.Curves {
			alone, err := KaplanMeier(func(yield func(Observation) bool) {
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

func TestSurvivalAccumulatorContract(t *testing.T) {
	a, err := NewSurvivalAccumulator(SurvivalOptions{})
	require.NoError(t, err)
	require.NoError(t, a.AddAll(slices.Values([]Observation{
		{Duration: 3, Churned: true, Stratum: "good fit"},
		{Duration: 1.5, Churned: true, Stratum: "bad fit"},
		{Duration: 7, Stratum: "good fit"},
	})))
	require.NoError(t, accumtest.CheckContract(a, ErrInvalid))

	var zero SurvivalAccumulator
	assert.ErrorIs(t, zero.Add(Observation{}), ErrInvalid, "zero accumulator")
	assert.ErrorIs(t, zero.AddAll(slices.Values([]Observation{{}})), ErrInvalid, "zero accumulator")
	assert.ErrorIs(t, zero.Merge(a), ErrInvalid, "zero accumulator")
	_, err = zero.MarshalBinary()
	assert.ErrorIs(t, err, ErrInvalid, "zero accumulator")
	_, err = zero.Pooled()
	assert.ErrorIs(t, err, ErrInvalid, "zero accumulator")
	_, err = zero.ByStratum()
	assert.ErrorIs(t, err, ErrInvalid, "zero accumulator")

	other, err := NewSurvivalAccumulator(SurvivalOptions{Horizon: 12})
	require.NoError(t, err)
	assert.ErrorIs(t, a.Merge(other), ErrInvalid, "different options")

	_, err = NewSurvivalAccumulator(SurvivalOptions{ConfType: "logit"})
	assert.ErrorIs(t, err, ErrInvalid, "bad options")

	empty, err := NewSurvivalAccumulator(SurvivalOptions{})
	require.NoError(t, err)
	_, err = empty.Pooled()
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = empty.ByStratum()
	assert.ErrorIs(t, err, ErrEmpty)

	unnamed, err := NewSurvivalAccumulator(SurvivalOptions{})
	require.NoError(t, err)
	require.NoError(t, unnamed.Add(Observation{Duration: 1, Churned: true}))
	_, err = unnamed.ByStratum()
	assert.ErrorIs(t, err, ErrInvalid, "comparing strata needs every stratum named")
	_, err = unnamed.Pooled()
	assert.NoError(t, err)
}

// The zero options encode as their defaults and decode back: a state made
// with SurvivalOptions{} merges with a fresh accumulator of the same.
func TestSurvivalAccumulatorDefaultOptionsRoundTrip(t *testing.T) {
	a, err := NewSurvivalAccumulator(SurvivalOptions{})
	require.NoError(t, err)
	require.NoError(t, a.Add(Observation{Duration: 2, Churned: true, Stratum: "a"}))
	data, err := a.MarshalBinary()
	require.NoError(t, err)
	assert.Contains(t, string(data), `"conf_type":"log-log"`)
	var decoded SurvivalAccumulator
	require.NoError(t, decoded.UnmarshalBinary(data))
	fresh, err := NewSurvivalAccumulator(SurvivalOptions{})
	require.NoError(t, err)
	require.NoError(t, fresh.Merge(&decoded))
	c, err := fresh.Pooled()
	require.NoError(t, err)
	assert.Equal(t, ConfLogLog, c.ConfType)
	assert.Equal(t, 1, c.Churned)
}

func TestSurvivalAccumulatorRejectsBadStates(t *testing.T) {
	state := func(opts, strata string) []byte {
		return []byte(`{"kind":"cohort.survival","version":1,"state":{` + opts + `,"strata":` + strata + `}}`)
	}
	const good = `"conf_type":"log-log","conf_level":0.95,"horizon":0`
	var ok SurvivalAccumulator
	require.NoError(t, ok.UnmarshalBinary(state(good, `[{"stratum":"a","times":[0,2.5],"censored":[1,0],"events":[[0,2]]}]`)))
	c, err := ok.Pooled()
	require.NoError(t, err)
	assert.Equal(t, 3, c.Subjects)
	assert.Equal(t, 2, c.Churned)
	for name, data := range map[string][]byte{
		"times not increasing": state(good, `[{"stratum":"a","times":[2,1],"censored":[1,1],"events":[[0,0]]}]`),
		"negative time":        state(good, `[{"stratum":"a","times":[-1],"censored":[1],"events":[[0]]}]`),
		"negative zero":        state(good, `[{"stratum":"a","times":[-0],"censored":[1],"events":[[0]]}]`),
		"negative count":       state(good, `[{"stratum":"a","times":[1],"censored":[-1],"events":[[2]]}]`),
		"empty time":           state(good, `[{"stratum":"a","times":[1],"censored":[0],"events":[[0]]}]`),
		"short column":         state(good, `[{"stratum":"a","times":[1,2],"censored":[1,1],"events":[[0]]}]`),
		"two kinds":            state(good, `[{"stratum":"a","times":[1],"censored":[1],"events":[[0],[0]]}]`),
		"no censored column":   state(good, `[{"stratum":"a","times":[1],"events":[[1]]}]`),
		"no times":             state(good, `[{"stratum":"a","times":[],"censored":[],"events":[[]]}]`),
		"stratum twice":        state(good, `[{"stratum":"a","times":[1],"censored":[1],"events":[[0]]},{"stratum":"a","times":[1],"censored":[1],"events":[[0]]}]`),
		"too many":             state(good, `[{"stratum":"a","times":[1,2],"censored":[9007199254740992,1],"events":[[0,0]]}]`),
		"unknown conf type":    state(`"conf_type":"logit","conf_level":0.95,"horizon":0`, `[]`),
		"empty conf type":      state(`"conf_type":"","conf_level":0.95,"horizon":0`, `[]`),
		"no conf level":        state(`"conf_type":"log","conf_level":0,"horizon":0`, `[]`),
		"negative horizon":     state(`"conf_type":"log","conf_level":0.95,"horizon":-1`, `[]`),
		"unknown field":        state(good+`,"variance":"delta"`, `[]`),
		"incidence state":      []byte(`{"kind":"cohort.incidence","version":1,"state":{}}`),
		"later version":        []byte(`{"kind":"cohort.survival","version":2,"state":{` + good + `,"strata":[]}}`),
	} {
		before, err := ok.MarshalBinary()
		require.NoError(t, err)
		assert.ErrorIs(t, ok.UnmarshalBinary(data), ErrInvalid, name)
		after, err := ok.MarshalBinary()
		require.NoError(t, err)
		assert.Equal(t, string(before), string(after), "%s: a failed decode changes nothing", name)
	}
}

func FuzzSurvivalAccumulatorUnmarshalBinary(f *testing.F) {
	a, err := NewSurvivalAccumulator(SurvivalOptions{ConfType: ConfPlain, Horizon: 3})
	if err != nil {
		f.Fatal(err)
	}
	for _, o := range []Observation{{Duration: 1, Churned: true, Stratum: "a"}, {Duration: 2, Stratum: "b"}, {Duration: 2, Churned: true, Stratum: "b"}} {
		if err := a.Add(o); err != nil {
			f.Fatal(err)
		}
	}
	fuzzinput.AddState(f, a)
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var d SurvivalAccumulator
		if err := d.UnmarshalBinary(data); err != nil {
			fuzzinput.RequireSentinel(t, err, ErrInvalid)
			return
		}
		if c, err := d.Pooled(); err == nil {
			fuzzinput.RequireJSON(t, c)
		}
		if s, err := d.ByStratum(); err == nil {
			fuzzinput.RequireJSON(t, s)
		}
	})
}

// A decoded state re-encodes to the same bytes.
func TestSurvivalAccumulatorStateIsStable(t *testing.T) {
	a, err := NewSurvivalAccumulator(SurvivalOptions{ConfLevel: 0.9})
	require.NoError(t, err)
	require.NoError(t, a.AddAll(slices.Values([]Observation{{Duration: 0, Stratum: "b"}, {Duration: 4, Churned: true, Stratum: "a"}, {Duration: 4, Stratum: "a"}})))
	data, err := a.MarshalBinary()
	require.NoError(t, err)
	var st struct {
		State survivalState `json:"state"`
	}
	require.NoError(t, json.Unmarshal(data, &st))
	assert.Equal(t, []stratumCounts{
		{Stratum: "a", Times: []float64{4}, Censored: []int{1}, Events: [][]int{{1}}},
		{Stratum: "b", Times: []float64{0}, Censored: []int{1}, Events: [][]int{{0}}},
	}, st.State.Strata)
	var d SurvivalAccumulator
	require.NoError(t, d.UnmarshalBinary(data))
	again, err := d.MarshalBinary()
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
}
