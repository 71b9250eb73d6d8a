package voice_test

import (
	"encoding/json"
	"errors"
	"iter"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/voice"
)

var (
	mar = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	apr = time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
)

// answers returns one response per score, all from account "acme" in March.
func answers(scores ...float64) []voice.Response {
	rs := make([]voice.Response, len(scores))
	for i, s := range scores {
		rs[i] = voice.Response{Account: "acme", Segment: "smb", At: mar, Score: s, Comment: "secret remark"}
	}
	return rs
}

func repeat(score float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = score
	}
	return s
}

func TestNPSHandComputed(t *testing.T) {
	for _, tc := range []struct {
		name      string
		scores    []float64
		opts      *voice.Options
		want      voice.NPSFigure
		tolerance float64
	}{
		{"all promoters", repeat(10, 30), nil,
			voice.NPSFigure{Responses: 30, Promoters: 30, Score: 100, Low: 100, High: 100}, 0},
		{"all detractors", repeat(0, 30), nil,
			voice.NPSFigure{Responses: 30, Detractors: 30, Score: -100, Low: -100, High: -100}, 0},
		{"all passives", repeat(8, 30), nil,
			voice.NPSFigure{Responses: 30, Passives: 30}, 0},
		{"too few responses", repeat(10, 29), nil,
			voice.NPSFigure{Responses: 29, Promoters: 29, InsufficientData: true}, 0},
		{"minimum lowered", repeat(9, 3), &voice.Options{MinResponses: 3},
			voice.NPSFigure{Responses: 3, Promoters: 3, Score: 100, Low: 100, High: 100}, 0},
		// 5 promoters, 3 passives, 2 detractors: NPS = 50 − 20 = 30;
		// Var = (0.5 + 0.2 − 0.3²)/10 = 0.061; half = 1.96·100·0.246982 =
		// 48.4085, so [−18.4085, 78.4085].
		{"mixed", []float64{10, 9, 9, 10, 9, 7, 8, 8, 0, 6}, &voice.Options{MinResponses: 10, Z: 1.96},
			voice.NPSFigure{Responses: 10, Promoters: 5, Passives: 3, Detractors: 2, Score: 30, Low: -18.4085, High: 78.4085}, 1e-4},
		// 9 promoters, 1 detractor: NPS 80, Var = (1 − 0.64)/10 = 0.036,
		// half = 1.96·100·0.189737 = 37.1884, so the high end clips at 100.
		{"clipped at 100", append(repeat(10, 9), 3), &voice.Options{MinResponses: 10, Z: 1.96},
			voice.NPSFigure{Responses: 10, Promoters: 9, Detractors: 1, Score: 80, Low: 42.8116, High: 100}, 1e-4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := voice.NPS(slices.Values(answers(tc.scores...)), success.Monthly, tc.opts)
			require.NoError(t, err)
			got := rep.Overall
			assert.InDelta(t, tc.want.Score, got.Score, tc.tolerance, "score")
			assert.InDelta(t, tc.want.Low, got.Low, tc.tolerance, "low")
			assert.InDelta(t, tc.want.High, got.High, tc.tolerance, "high")
			got.Score, got.Low, got.High = tc.want.Score, tc.want.Low, tc.want.High
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.want.Responses, rep.Accounts["acme"].Responses)
		})
	}
}

func TestNPSGroups(t *testing.T) {
	rs := []voice.Response{
		{Account: "a", Segment: "smb", At: mar, Score: 10},
		{Account: "a", Segment: "smb", At: apr, Score: 0},
		{Account: "b", Segment: "ent", At: apr, Score: 9},
		{Account: "c", At: time.Date(2026, 3, 31, 23, 0, 0, 0, time.FixedZone("UTC-5", -5*3600)), Score: 8},
	}
	rep, err := voice.NPS(slices.Values(rs), success.Monthly, &voice.Options{MinResponses: 1})
	require.NoError(t, err)
	assert.Equal(t, 25.0, rep.Overall.Score) // 2 promoters, 1 detractor of 4
	assert.Equal(t, 0.0, rep.Accounts["a"].Score)
	assert.Equal(t, 100.0, rep.Accounts["b"].Score)
	assert.Equal(t, 0.0, rep.Accounts["c"].Score)
	assert.Len(t, rep.Segments, 2, "a response without segment is in no segment")
	assert.Equal(t, 2, rep.Segments["smb"].Responses)
	require.Len(t, rep.Periods, 2)
	// c answered on 31 March in its own zone (1 April in UTC): March.
	assert.Equal(t, "2026-03", rep.Periods[0].Label)
	assert.Equal(t, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), rep.Periods[0].Start)
	assert.Equal(t, 2, rep.Periods[0].Figure.Responses)
	assert.Equal(t, "2026-04", rep.Periods[1].Label)
	assert.Equal(t, 2, rep.Periods[1].Figure.Responses)

	q, err := voice.NPS(slices.Values(rs), success.Quarterly, &voice.Options{MinResponses: 1})
	require.NoError(t, err)
	require.Len(t, q.Periods, 2)
	assert.Equal(t, "2026-Q1", q.Periods[0].Label)
}

func TestCSATHandComputed(t *testing.T) {
	scale := voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}
	// 8 of 10 satisfied: Wilson at z = 1.96 is [0.490157, 0.943319] (see
	// internal/stat's test for the arithmetic).
	rep, err := voice.CSAT(slices.Values(answers(5, 4, 4, 5, 4.5, 5, 4, 4, 3, 1)), scale, success.Monthly, &voice.Options{MinResponses: 10, Z: 1.96})
	require.NoError(t, err)
	f := rep.Overall
	assert.Equal(t, 10, f.Responses)
	assert.Equal(t, 8, f.Satisfied)
	assert.False(t, f.InsufficientData)
	assert.InDelta(t, 0.8, f.Share, 1e-12)
	assert.InDelta(t, 0.490157, f.Low, 1e-6)
	assert.InDelta(t, 0.943319, f.High, 1e-6)

	few, err := voice.CSAT(slices.Values(answers(5, 5)), scale, success.Monthly, nil)
	require.NoError(t, err)
	assert.True(t, few.Overall.InsufficientData)
	assert.Zero(t, few.Overall.Share)
}

func TestInsufficientDataIsNullInJSON(t *testing.T) {
	rep, err := voice.NPS(slices.Values(answers(10, 10)), success.Monthly, nil)
	require.NoError(t, err)
	b, err := json.Marshal(rep.Overall)
	require.NoError(t, err)
	assert.JSONEq(t, `{"responses":2,"promoters":2,"passives":0,"detractors":0,"insufficient_data":true,"score":null,"low":null,"high":null}`, string(b))

	ok, err := voice.NPS(slices.Values(answers(10, 0)), success.Monthly, &voice.Options{MinResponses: 2})
	require.NoError(t, err)
	b, err = json.Marshal(ok.Overall)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"score":0`)

	c, err := voice.CSAT(slices.Values(answers(5)), voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}, success.Monthly, nil)
	require.NoError(t, err)
	b, err = json.Marshal(c.Overall)
	require.NoError(t, err)
	assert.JSONEq(t, `{"responses":1,"satisfied":1,"insufficient_data":true,"share":null,"low":null,"high":null}`, string(b))
}

func TestBadInput(t *testing.T) {
	nps := func(rs ...voice.Response) error {
		_, err := voice.NPS(slices.Values(rs), success.Monthly, nil)
		return err
	}
	good := voice.Response{Account: "acme", At: mar, Score: 9, Comment: "secret remark"}
	with := func(f func(*voice.Response)) voice.Response {
		r := good
		f(&r)
		return r
	}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nps above 10", nps(good, with(func(r *voice.Response) { r.Score = 11 })), `responses[1] (account "acme"): score: must be an integer 0..10, got a value out of range`},
		{"nps negative", nps(with(func(r *voice.Response) { r.Score = -1 })), `responses[0] (account "acme"): score`},
		{"nps fraction", nps(with(func(r *voice.Response) { r.Score = 7.5 })), `not an integer`},
		{"nps NaN", nps(with(func(r *voice.Response) { r.Score = math.NaN() })), `got a value NaN`},
		{"nps Inf", nps(with(func(r *voice.Response) { r.Score = math.Inf(1) })), `got a value infinite`},
		{"zero time", nps(with(func(r *voice.Response) { r.At = time.Time{} })), `responses[0] (account "acme"): at: must be set`},
		{"year out of range", nps(with(func(r *voice.Response) { r.At = time.Date(20260, 1, 1, 0, 0, 0, 0, time.UTC) })), `at: year must be within`},
		{"empty account", nps(with(func(r *voice.Response) { r.Account = "" })), `account: must not be empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, tc.err, voice.ErrInvalid)
			assert.Contains(t, tc.err.Error(), tc.want)
			assert.NotContains(t, tc.err.Error(), "secret")
			assert.NotContains(t, tc.err.Error(), "11", "the score itself is not quoted")
		})
	}

	scale := voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}
	_, err := voice.CSAT(slices.Values([]voice.Response{with(func(r *voice.Response) { r.Score = 6 })}), scale, success.Monthly, nil)
	require.ErrorIs(t, err, voice.ErrInvalid)
	assert.Contains(t, err.Error(), `responses[0] (account "acme"): score: must be on the scale 1..5`)
	assert.NotContains(t, err.Error(), "secret")

	for _, bad := range []voice.CSATScale{{Min: 5, Max: 1, SatisfiedFrom: 4}, {Min: 1, Max: 5, SatisfiedFrom: 1}, {Min: 1, Max: 5, SatisfiedFrom: 6}, {Min: math.NaN(), Max: 5, SatisfiedFrom: 4}} {
		_, err := voice.CSAT(slices.Values([]voice.Response{good}), bad, success.Monthly, nil)
		assert.ErrorIs(t, err, voice.ErrInvalid, "%+v", bad)
	}

	_, err = voice.NPS(slices.Values([]voice.Response{good}), success.Daily, nil)
	assert.ErrorIs(t, err, voice.ErrInvalid, "daily periods are not offered")
	_, err = voice.NPS(slices.Values([]voice.Response{good}), "fortnight", nil)
	assert.ErrorIs(t, err, voice.ErrInvalid)
	_, err = voice.NPS(slices.Values([]voice.Response{good}), success.Monthly, &voice.Options{MinResponses: -1})
	assert.ErrorIs(t, err, voice.ErrInvalid)
	_, err = voice.NPS(slices.Values([]voice.Response{good}), success.Monthly, &voice.Options{Z: math.Inf(1)})
	assert.ErrorIs(t, err, voice.ErrInvalid)
	_, err = voice.NPS(nil, success.Monthly, nil)
	assert.ErrorIs(t, err, voice.ErrInvalid)
	_, err = voice.CSATFrom(nil, scale, success.Monthly, nil)
	assert.ErrorIs(t, err, voice.ErrInvalid)
}

func TestReadErrorStops(t *testing.T) {
	boom := errors.New("disk gone")
	var seq iter.Seq2[voice.Response, error] = func(yield func(voice.Response, error) bool) {
		if !yield(voice.Response{Account: "a", At: mar, Score: 9}, nil) {
			return
		}
		yield(voice.Response{}, boom)
	}
	_, err := voice.NPSFrom(seq, success.Monthly, nil)
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "responses[1]")
}

func TestNPSProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		scores := rapid.SliceOfN(rapid.IntRange(0, 10), 1, 200).Draw(t, "scores")
		minimum := rapid.IntRange(1, 50).Draw(t, "min")
		rs := make([]voice.Response, len(scores))
		for i, s := range scores {
			rs[i] = voice.Response{Account: success.AccountID(rune('a' + i%3)), At: mar.AddDate(0, 0, i), Score: float64(s)}
		}
		rep, err := voice.NPS(slices.Values(rs), success.Weekly, &voice.Options{MinResponses: minimum})
		if err != nil {
			t.Fatal(err)
		}
		figures := []voice.NPSFigure{rep.Overall}
		for _, f := range rep.Accounts {
			figures = append(figures, f)
		}
		total := 0
		for _, p := range rep.Periods {
			figures = append(figures, p.Figure)
			total += p.Figure.Responses
		}
		if total != len(scores) {
			t.Fatalf("periods hold %d responses, want %d", total, len(scores))
		}
		for _, f := range figures {
			if f.InsufficientData != (f.Responses < minimum) {
				t.Fatalf("insufficient %v with %d responses, minimum %d", f.InsufficientData, f.Responses, minimum)
			}
			if f.InsufficientData {
				continue
			}
			if !(f.Score >= -100 && f.Score <= 100) {
				t.Fatalf("NPS %v outside [-100, 100]", f.Score)
			}
			if !(f.Low >= -100 && f.Low <= f.Score && f.Score <= f.High && f.High <= 100) {
				t.Fatalf("interval [%v, %v] does not hold %v within [-100, 100]", f.Low, f.High, f.Score)
			}
		}
	})
}

func TestCSATProperties(t *testing.T) {
	scale := voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}
	rapid.Check(t, func(t *rapid.T) {
		scores := rapid.SliceOfN(rapid.Float64Range(1, 5), 1, 200).Draw(t, "scores")
		rs := make([]voice.Response, len(scores))
		for i, s := range scores {
			rs[i] = voice.Response{Account: "a", At: mar, Score: s}
		}
		rep, err := voice.CSAT(slices.Values(rs), scale, success.Monthly, &voice.Options{MinResponses: 1})
		if err != nil {
			t.Fatal(err)
		}
		f := rep.Overall
		if !(f.Low >= 0 && f.Low <= f.Share && f.Share <= f.High && f.High <= 1) {
			t.Fatalf("interval [%v, %v] does not hold %v within [0, 1]", f.Low, f.High, f.Share)
		}
	})
}

func TestNoResponses(t *testing.T) {
	rep, err := voice.NPS(slices.Values([]voice.Response(nil)), success.Monthly, &voice.Options{MinResponses: 1})
	require.NoError(t, err)
	assert.True(t, rep.Overall.InsufficientData, "no responses is never a number, whatever the minimum")
	assert.Empty(t, rep.Accounts)
	assert.Empty(t, rep.Periods)
}
