package strictjson

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// within is the definition Covers follows, written on the text: path lies
// inside parent when it continues it with "." or "[".
func within(path, parent string) bool {
	rest, ok := strings.CutPrefix(path, parent)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "["))
}

func TestCoversEdges(t *testing.T) {
	r, _ := collect()
	r.Problem("", "malformed")
	r.Problem("a..b", "odd key")
	for path, want := range map[string]bool{
		"":     true,
		"[2]":  true, // inside the whole document
		".x":   true,
		"x":    false,
		"a":    true, // encloses a..b
		"a.":   true,
		"a..":  false,
		"a..c": false,
	} {
		assert.Equal(t, want, r.Covers(path), "%q", path)
	}
}

// TestCoversAgreesWithWithin checks the index against the definition on
// paths made of a few segments, separators doubled and keys empty included.
func TestCoversAgreesWithWithin(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		path := rapid.Custom(func(t *rapid.T) string {
			parts := rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", ".", "[0]", "[1]", ".a", ""}), 0, 5).Draw(t, "parts")
			return strings.Join(parts, "")
		})
		reported := rapid.SliceOfN(path, 0, 6).Draw(t, "reported")
		asked := path.Draw(t, "asked")
		r, _ := collect()
		want := false
		for _, p := range reported {
			r.Problem(p, "bad")
			want = want || p == asked || within(p, asked) || within(asked, p)
		}
		if got := r.Covers(asked); got != want {
			t.Fatalf("Covers(%q) = %v after %q, want %v", asked, got, reported, want)
		}
	})
}

// TestCoversIsLinear is the regression test for 20,000 bad criteria taking
// seconds: Covers used to compare each path with every problem reported, so
// this (100,000 problems, each path asked about) made 10^10 comparisons.
func TestCoversIsLinear(t *testing.T) {
	r, _ := collect()
	const n = 100_000
	start := time.Now()
	for i := range n {
		r.Problem(Index("criteria", i)+".weight", "must be >= 0")
	}
	for i := range n {
		require.True(t, r.Covers(Index("criteria", i)))
	}
	require.False(t, r.Covers("id"))
	assert.Less(t, time.Since(start), 5*time.Second, "quadratic again?")
}

func TestListProblems(t *testing.T) {
	text := func(n int) string { return ListProblems(n, func(i int) string { return fmt.Sprintf("p%d", i) }) }
	assert.Equal(t, "", text(0))
	assert.Equal(t, "p0; p1", text(2))
	assert.True(t, strings.HasSuffix(text(MaxListedProblems), fmt.Sprintf("p%d", MaxListedProblems-1)))
	assert.True(t, strings.HasSuffix(text(MaxListedProblems+1), fmt.Sprintf("p%d; and 1 more problem", MaxListedProblems-1)))
	long := text(20_000)
	assert.True(t, strings.HasSuffix(long, "; and 19900 more problems"))
	assert.Less(t, len(long), 1000)
}

// BenchmarkReportAndCover reports n problems and asks Covers about each, as a
// loader does with its rule problems: the time per problem stays flat as n
// grows (it grew with n before paths were indexed).
func BenchmarkReportAndCover(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		paths := make([]string, n)
		for i := range paths {
			paths[i] = Index("criteria", i) + ".weight"
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				r := NewReader(func(string, string) {})
				for _, p := range paths {
					r.Problem(p, "must be >= 0")
				}
				for _, p := range paths {
					r.Covers(p)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/problem")
		})
	}
}
