package health_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// toInputs converts row i of batch columns into single-path inputs.
func toInputs(p *health.Plan, columns [][]float64, i int) health.Inputs {
	sc := p.Scorecard()
	kinds := normalisersByID(sc)
	in := health.Inputs{}
	for m, id := range p.MeasureIDs() {
		x := columns[m][i]
		if math.IsNaN(x) {
			continue
		}
		n := kinds[id]
		switch n.Kind {
		case health.KindBoolean:
			in[id] = success.BoolValue(x == 1)
		case health.KindCategorical:
			if x < 0 {
				in[id] = success.StringValue("unlisted")
			} else {
				in[id] = success.StringValue(n.Categories[int(x)].Name)
			}
		default:
			in[id] = success.NumberValue(x)
		}
	}
	return in
}

// randomColumns returns n rows of plausible inputs for benchCard, with a
// share of missing values.
func randomColumns(r *rand.Rand, n int, missing float64) [][]float64 {
	gens := []func() float64{
		func() float64 { return r.Float64() * 25 },       // logins_per_week
		func() float64 { return r.Float64() },            // feature_breadth
		func() float64 { return r.Float64() },            // seat_utilisation
		func() float64 { return r.Float64() * 0.6 },      // dau_ratio
		func() float64 { return float64(1 + r.IntN(5)) }, // csm_sentiment
		func() float64 { return float64(r.IntN(2)) },     // exec_sponsor
		func() float64 { return float64(r.IntN(4) - 1) }, // plan
		func() float64 { return r.Float64() * 12 },       // open_tickets
		func() float64 { return float64(r.IntN(2)) },     // payment_ok
		func() float64 { return float64(r.IntN(7)) },     // sla_breaches
	}
	cols := make([][]float64, len(gens))
	for m, g := range gens {
		cols[m] = make([]float64, n)
		for i := range cols[m] {
			if r.Float64() < missing {
				cols[m][i] = math.NaN()
			} else {
				cols[m][i] = g()
			}
		}
	}
	return cols
}

func TestScoreColumnsEqualsSinglePath(t *testing.T) {
	confidence := []health.ConfidencePolicy{{}, {MinKnownShare: 0.7, Low: health.UnavailableWhenLow}}
	for _, policy := range []health.MissingPolicy{{}, {Rule: health.FixedPoints, Points: 35}, {Rule: health.Unavailable}} {
		for _, conf := range confidence {
			t.Run(fmt.Sprintf("%s/%v/%s", policy.Rule, conf.MinKnownShare, conf.Low), func(t *testing.T) {
				testScoreColumnsEqualsSinglePath(t, policy, conf)
			})
		}
	}
}

func testScoreColumnsEqualsSinglePath(t *testing.T, policy health.MissingPolicy, conf health.ConfidencePolicy) {
	sc := benchCard()
	sc.Missing, sc.Confidence = policy, conf
	p := mustCompile(t, sc)
	const n = 1000 // several blocks and a partial one
	// A third missing leaves some rows with less than half the weight known.
	cols := randomColumns(rand.New(rand.NewPCG(1, 2)), n, 0.35)
	values, bands, confident := make([]float64, n), make([]int8, n), make([]bool, n)
	require.NoError(t, p.ScoreColumns(cols, values, bands, confident, success.ColumnOptions{}))
	names := p.Bands()
	low := 0
	for i := range n {
		s, err := p.Score("acct", toInputs(p, cols, i), t0, health.ScoreOptions{})
		require.NoError(t, err)
		require.Equal(t, s.Confident, confident[i], "row %d (known %v)", i, s.KnownShare)
		if s.KnownShare < max(conf.MinKnownShare, health.DefaultMinKnownShare) {
			low++
		}
		if !s.Available {
			require.True(t, math.IsNaN(values[i]), "row %d", i)
			require.Equal(t, int8(-1), bands[i])
			continue
		}
		require.Equal(t, math.Float64bits(s.Value), math.Float64bits(values[i]), "row %d: single %v batch %v", i, s.Value, values[i])
		require.Equal(t, s.Band, names[bands[i]].Name, "row %d", i)
	}
	require.Positive(t, low, "the test must reach low-confidence rows")
}

func TestScoreColumnsBadInput(t *testing.T) {
	p := mustCompile(t, benchCard())
	cols := randomColumns(rand.New(rand.NewPCG(3, 4)), 5, 0)
	cols[0][1] = math.Inf(1) // linear: infinite
	cols[5][2] = 0.5         // boolean: not 0/1
	cols[6][3] = 7           // categorical: index out of range
	cols[4][4] = 0           // tiers start at 1
	values, bands := make([]float64, 5), make([]int8, 5)
	err := p.ScoreColumns(cols, values, bands, nil, success.ColumnOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"columns[0][1]", "columns[5][2]", "columns[6][3]", "columns[4][4]"}, paths(err))
	assert.Contains(t, err.Error(), `measure "exec_sponsor"`)
	assert.False(t, math.IsNaN(values[0]), "good rows are still scored")
	for i := 1; i < 5; i++ {
		assert.True(t, math.IsNaN(values[i]))
		assert.Equal(t, int8(-1), bands[i])
	}

	err = p.ScoreColumns(cols[:9], values, nil, nil, success.ColumnOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	err = p.ScoreColumns(cols, values[:4], bands, nil, success.ColumnOptions{})
	assert.ErrorIs(t, err, health.ErrInvalid)
	assert.Contains(t, paths(err), "bands")

	idx, ok := p.CategoryIndex("plan", "pro")
	assert.True(t, ok)
	assert.Equal(t, 1.0, idx)
	idx, ok = p.CategoryIndex("plan", "gold")
	assert.True(t, ok)
	assert.Equal(t, -1.0, idx)
	_, ok = p.CategoryIndex("open_tickets", "x")
	assert.False(t, ok)
}

// ScoreColumns allocates its working memory once per call, sized by the
// plan: the count does not grow with the rows, missing inputs included.
func TestScoreColumnsAllocatesNothingPerAccount(t *testing.T) {
	p := mustCompile(t, benchCard())
	allocs := func(n int) float64 {
		cols := randomColumns(rand.New(rand.NewPCG(5, 6)), n, 0.02)
		values, bands, confident := make([]float64, n), make([]int8, n), make([]bool, n)
		return testing.AllocsPerRun(5, func() {
			if err := p.ScoreColumns(cols, values, bands, confident, success.ColumnOptions{}); err != nil {
				t.Fatal(err)
			}
		})
	}
	few := allocs(300)
	assert.LessOrEqual(t, few, 4.0)
	assert.Equal(t, few, allocs(1<<16))
}

// A Plan is immutable: concurrent scoring on both paths is safe (run with -race).
func TestPlanConcurrentUse(t *testing.T) {
	p := mustCompile(t, benchCard())
	cols := randomColumns(rand.New(rand.NewPCG(9, 9)), 300, 0.1)
	want := make([]float64, 300)
	require.NoError(t, p.ScoreColumns(cols, want, nil, nil, success.ColumnOptions{}))
	done := make(chan []float64, 8)
	for range 4 {
		go func() {
			got := make([]float64, 300)
			_ = p.ScoreColumns(cols, got, nil, nil, success.ColumnOptions{})
			done <- got
		}()
		go func() {
			got := make([]float64, 300)
			for i := range got {
				s, err := p.Score("acct", toInputs(p, cols, i), t0, health.ScoreOptions{})
				switch {
				case err != nil:
					got[i] = -1 // never a score: fails the comparison below
				case !s.Available:
					got[i] = math.NaN()
				default:
					got[i] = s.Value
				}
			}
			done <- got
		}()
	}
	for range 8 {
		got := <-done
		for i := range want {
			require.Equal(t, math.Float64bits(want[i]), math.Float64bits(got[i]), "row %d", i)
		}
	}
}

func TestScoreValuesEqualsScore(t *testing.T) {
	p := mustCompile(t, benchCard())
	in := benchInputs()
	delete(in, "plan")
	want, err := p.Score("acme", in, t0, health.ScoreOptions{})
	require.NoError(t, err)
	values := make([]success.Value, len(p.MeasureIDs()))
	for i, id := range p.MeasureIDs() {
		values[i] = in[id]
	}
	var got health.Score
	require.NoError(t, p.ScoreValues(&got, "acme", values, t0, health.ScoreOptions{}))
	assert.Equal(t, want, got)

	values[0] = success.StringValue("many")
	err = p.ScoreValues(&got, "acme", values, t0, health.ScoreOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"values[0]"}, paths(err))
	assert.Contains(t, err.Error(), `measure "logins_per_week"`)
	err = p.ScoreValues(&got, "acme", values[:3], t0, health.ScoreOptions{})
	assert.Equal(t, []string{"values"}, paths(err))
}

// A reused Score is overwritten entirely: what an earlier account had
// (missing measures, caps, an override, groups) never leaks into the next.
func TestScoreIntoReuseLeavesNothingBehind(t *testing.T) {
	p := mustCompile(t, benchCard())
	first := benchInputs()
	delete(first, "logins_per_week")
	delete(first, "csm_sentiment")
	first["payment_ok"] = success.BoolValue(false) // triggers the critical cap
	v := 90.0
	override := &health.Override{Value: &v, Author: "csm", Reason: "renewal signed", Expires: t2}
	var dst health.Score
	require.NoError(t, p.ScoreInto(&dst, "first", first, t0, health.ScoreOptions{Override: override}))
	require.NotEmpty(t, dst.Missing())
	require.NotEmpty(t, dst.Caps)
	require.NotNil(t, dst.Override)

	require.NoError(t, p.ScoreInto(&dst, "second", benchInputs(), t1, health.ScoreOptions{}))
	fresh, err := p.Score("second", benchInputs(), t1, health.ScoreOptions{})
	require.NoError(t, err)
	assert.Equal(t, fresh, dst)
}

// ScoreInto sets every field of a reused Score, not only those a first
// score happened to set: each exported field is spoiled by reflection (so a
// field added later is covered too), and a larger scorecard's measures and
// groups are left behind, before scoring into it.
func TestScoreIntoClearsEveryField(t *testing.T) {
	p := mustCompile(t, benchCard())
	fresh, err := p.Score("acme", benchInputs(), t0, health.ScoreOptions{})
	require.NoError(t, err)
	var dst health.Score
	wide := make([]health.MeasureScore, 20)
	for i := range wide {
		wide[i] = health.NewMeasureScore(health.NewMeasureInfo(fmt.Sprint("x", i), "", 0.05, true), num(1), 1, 0.05)
	}
	dst.SetMeasures(wide)
	dst.SetGroups(make([]health.GroupScore, 9))
	v := reflect.ValueOf(&dst).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch f.Kind() {
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int:
			f.SetInt(7)
		case reflect.Float64:
			f.SetFloat(0.5)
		case reflect.String:
			f.SetString("stale")
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 0, 1))
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Array: // the ID
			f.Index(0).SetUint(1)
		case reflect.Struct: // the time
			f.Set(reflect.ValueOf(t2))
		default:
			t.Fatalf("field %s of kind %s: teach this test to spoil it", v.Type().Field(i).Name, f.Kind())
		}
	}
	require.NoError(t, p.ScoreInto(&dst, "acme", benchInputs(), t0, health.ScoreOptions{}))
	assert.Equal(t, fresh, dst)
}

// The single-account path allocates nothing for a scorecard within the
// Score's own room (16 measures in 6 groups), with inputs missing or not and
// with text for a func measure (a one-hot measure of a category); a larger
// scorecard costs one array for its measures. Reused, or scoring positional
// values, it allocates nothing.
func TestScoreAllocations(t *testing.T) {
	p := mustCompile(t, benchCard())
	in := benchInputs()
	gaps := benchInputs()
	delete(gaps, "dau_ratio")
	delete(gaps, "plan")
	for name, in := range map[string]health.Inputs{"every input": in, "two missing": gaps} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := p.Score("acme", in, t0, health.ScoreOptions{}); err != nil {
				t.Fatal(err)
			}
		})
		assert.Zero(t, allocs, name)
	}
	oneHot := mustCompile(t, health.Scorecard{ID: "one-hot", Version: 1, Measures: []health.Measure{
		{ID: "gender=Female", Weight: 1, Normaliser: health.Func("is_female", func(v success.Value) (float64, error) {
			if s, _ := v.Str(); s == "Female" {
				return 100, nil
			}
			return 0, nil
		})},
		{ID: "tenure", Weight: 1, Normaliser: health.Linear(0, 72, success.HigherIsBetter)},
	}})
	text := health.Inputs{"gender=Female": success.StringValue("Female"), "tenure": num(12)}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := oneHot.Score("acme", text, t0, health.ScoreOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "text for a func measure")
	wide := health.Scorecard{ID: "wide", Version: 1}
	wideIn := health.Inputs{}
	for i := range 17 {
		id := fmt.Sprintf("m%02d", i)
		wide.Measures = append(wide.Measures, health.Measure{ID: id, Weight: 1, Normaliser: health.Linear(0, 10, success.HigherIsBetter)})
		wideIn[id] = num(float64(i))
	}
	wp := mustCompile(t, wide)
	allocs = testing.AllocsPerRun(100, func() {
		if _, err := wp.Score("acme", wideIn, t0, health.ScoreOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, 1.0, allocs, "17 measures")
	var dst health.Score
	allocs = testing.AllocsPerRun(100, func() {
		if err := p.ScoreInto(&dst, "acme", in, t0, health.ScoreOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
	values := make([]success.Value, len(p.MeasureIDs()))
	for i, id := range p.MeasureIDs() {
		values[i] = in[id]
	}
	allocs = testing.AllocsPerRun(100, func() {
		if err := p.ScoreValues(&dst, "acme", values, t0, health.ScoreOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

// Workers split the rows, not the results: any number scores every row as
// one goroutine does and reports the bad inputs in row order.
func TestScoreColumnsWorkersEqualOneGoroutine(t *testing.T) {
	p := mustCompile(t, benchCard())
	const n = 3*16*256 + 17 // three workers' worth of blocks and a partial block
	cols := randomColumns(rand.New(rand.NewPCG(11, 12)), n, 0.05)
	cols[0][5] = math.Inf(1)
	cols[5][n-1] = 0.5
	cols[4][n/2] = 0
	score := func(workers int) ([]float64, []int8, []bool, []string) {
		values, bands, confident := make([]float64, n), make([]int8, n), make([]bool, n)
		err := p.ScoreColumns(cols, values, bands, confident, success.ColumnOptions{Workers: workers})
		require.ErrorIs(t, err, health.ErrInvalid)
		return values, bands, confident, paths(err)
	}
	values, bands, confident, problems := score(0)
	assert.Equal(t, []string{"columns[0][5]", fmt.Sprintf("columns[4][%d]", n/2), fmt.Sprintf("columns[5][%d]", n-1)}, problems)
	for _, workers := range []int{2, 3, 8} {
		v, b, c, ps := score(workers)
		for i := range n {
			require.Equal(t, math.Float64bits(values[i]), math.Float64bits(v[i]), "workers %d row %d", workers, i)
		}
		assert.Equal(t, bands, b)
		assert.Equal(t, confident, c)
		assert.Equal(t, problems, ps)
	}
	err := p.ScoreColumns(cols, make([]float64, n), nil, nil, success.ColumnOptions{Workers: -1})
	assert.Equal(t, []string{"opts.workers"}, paths(err))

	// Every row is scored whatever the split, the last one included.
	for _, rows := range []int{2 * 16 * 256, 2*16*256 + 1, 3*16*256 - 1, n} {
		want, got := make([]float64, rows), make([]float64, rows)
		sub := make([][]float64, len(cols))
		for m := range cols {
			sub[m] = cols[m][:rows]
		}
		_ = p.ScoreColumns(sub, want, nil, nil, success.ColumnOptions{})
		for _, workers := range []int{2, 3, 4} {
			for i := range got {
				got[i] = -1
			}
			_ = p.ScoreColumns(sub, got, nil, nil, success.ColumnOptions{Workers: workers})
			for i := range rows {
				require.Equal(t, math.Float64bits(want[i]), math.Float64bits(got[i]), "rows %d workers %d row %d", rows, workers, i)
			}
		}
	}
}

// Band indices are int8: a scorecard has at most MaxBands bands.
func TestScorecardBandsFitAnInt8(t *testing.T) {
	sc := benchCard()
	for _, n := range []int{health.MaxBands, health.MaxBands + 1} {
		sc.Bands = make([]health.Band, n)
		for i := range sc.Bands {
			sc.Bands[i] = health.Band{Name: fmt.Sprintf("b%d", i), Min: 100 * float64(i) / float64(n), Max: 100 * float64(i+1) / float64(n)}
		}
		sc.Bands[n-1].Max = 100
		sc.Groups[2].Measures[1].Critical.CapBand = "b0"
		p, err := health.Compile(sc)
		if n == health.MaxBands {
			require.NoError(t, err)
			requireColumnsEqualScore(t, p, randomColumns(rand.New(rand.NewPCG(1, 1)), 500, 0.1), 0)
			continue
		}
		require.ErrorIs(t, err, health.ErrInvalid)
		assert.Equal(t, []string{"bands"}, paths(err))
	}
}

// -Inf is a bad input even for tiers whose first tier starts at -Inf, as
// for Plan.Score (found by FuzzPlanScore).
func TestScoreColumnsInfiniteTierInput(t *testing.T) {
	p := mustCompile(t, benchCard())
	cols := randomColumns(rand.New(rand.NewPCG(3, 4)), 3, 0)
	cols[2][1] = math.Inf(-1) // seat_utilisation: tiers from -Inf
	cols[2][2] = math.Inf(1)
	values := make([]float64, 3)
	err := p.ScoreColumns(cols, values, nil, nil, success.ColumnOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{"columns[2][1]", "columns[2][2]"}, paths(err))
	assert.False(t, math.IsNaN(values[0]))
	assert.True(t, math.IsNaN(values[1]) && math.IsNaN(values[2]))
}
