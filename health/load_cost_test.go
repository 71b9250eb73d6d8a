package health_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
)

// deepCard writes a scorecard whose groups nest depth levels, each group
// holding one measure and the next group.
func deepCard(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":"deep","measures":[{"id":"m0","weight":1,"normaliser":{"kind":"boolean","true_points":100,"false_points":0}}]`)
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, `,"groups":[{"id":"g%d","weight":1,"measures":[{"id":"m%d","weight":1,"normaliser":{"kind":"boolean","true_points":100,"false_points":0}}]`, i, i)
	}
	b.WriteString(strings.Repeat("}]", depth))
	b.WriteString("}")
	return b.Bytes()
}

// wideCard writes a scorecard of n groups of one measure each, side by side.
func wideCard(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":"wide","groups":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"g%d","weight":1,"measures":[{"id":"m%d","weight":1,"normaliser":{"kind":"linear","min":0,"max":1,"direction":"higher_is_better"}}]}`, i, i)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// groupPath is the path of the group at depth d of deepCard.
func groupPath(d int) string {
	return strings.TrimPrefix(strings.Repeat(".groups[0]", d), ".")
}

func TestLoadScorecardGroupDepthCap(t *testing.T) {
	_, err := health.LoadScorecard(bytes.NewReader(deepCard(health.MaxGroupDepth)), health.LoadOptions{})
	require.NoError(t, err, "groups at the cap load")

	_, err = health.LoadScorecard(bytes.NewReader(deepCard(health.MaxGroupDepth+1)), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{groupPath(health.MaxGroupDepth + 1)}, paths(err), "one problem, at the first group too deep")
	assert.Contains(t, err.Error(), "groups nest deeper than 32 levels")
}

func TestScorecardValidateGroupDepthCap(t *testing.T) {
	leaf := health.Measure{ID: "m", Weight: 1, Normaliser: health.Boolean(100, 0)}
	build := func(depth int) health.Scorecard {
		var gs []health.Group
		for i := depth; i >= 1; i-- {
			gs = []health.Group{{ID: fmt.Sprintf("g%d", i), Weight: 1, Measures: []health.Measure{{ID: fmt.Sprintf("m%d", i), Weight: 1, Normaliser: leaf.Normaliser}}, Groups: gs}}
		}
		return health.Scorecard{ID: "deep", Measures: []health.Measure{leaf}, Groups: gs}
	}
	require.NoError(t, build(health.MaxGroupDepth).Validate())
	err := build(health.MaxGroupDepth + 5).Validate()
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{groupPath(health.MaxGroupDepth + 1)}, paths(err))
}

// The document of issue 17: 4,900 nested groups in about 176 KB took 10.75 s
// and 5.2 GB when every level re-decoded the levels below it. The loader now
// decodes each byte a fixed number of times and stops at MaxGroupDepth:
// about 60 bytes allocated per byte of document (the depth cap alone, still
// re-decoding at each of its 32 levels, allocated 223).
func TestLoadScorecardDeepDocumentIsCheap(t *testing.T) {
	doc := deepCard(4900)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := health.LoadScorecard(bytes.NewReader(doc), health.LoadOptions{})
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.Equal(t, []string{groupPath(health.MaxGroupDepth + 1)}, paths(err))
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(100*len(doc)), "allocated %d bytes for a %d-byte document", allocated, len(doc))
}

// BenchmarkLoadScorecard loads wide documents (groups side by side) and deep
// ones (groups nested to MaxGroupDepth, the innermost holding the bulk) from
// 1 KB to 1 MB; ns/byte staying flat shows loading linear in the size.
func BenchmarkLoadScorecard(b *testing.B) {
	for _, size := range []int{1 << 10, 16 << 10, 128 << 10, 1 << 20} {
		for _, shape := range []string{"wide", "deep"} {
			doc := sizedCard(shape, size)
			b.Run(fmt.Sprintf("%s/%dKB", shape, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := health.LoadScorecard(bytes.NewReader(doc), health.LoadOptions{}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(doc)), "ns/byte")
			})
		}
	}
}

// sizedCard writes a valid scorecard of about size bytes: wide is groups
// side by side; deep nests MaxGroupDepth groups and puts the measures that
// make up the size in the innermost one, so every level lies above them.
func sizedCard(shape string, size int) []byte {
	measure := func(i int) string {
		return fmt.Sprintf(`{"id":"x%d","weight":1,"normaliser":{"kind":"linear","min":0,"max":1,"direction":"higher_is_better"}}`, i)
	}
	if shape == "wide" {
		n := 1
		for len(wideCard(n)) < size {
			n = max(n+1, n*size/len(wideCard(n)))
		}
		return wideCard(n)
	}
	var b bytes.Buffer
	b.WriteString(`{"id":"deep","measures":[` + measure(0) + `]`)
	for i := 1; i <= health.MaxGroupDepth; i++ {
		fmt.Fprintf(&b, `,"groups":[{"id":"g%d","weight":1,"measures":[%s`, i, measure(i))
		if i < health.MaxGroupDepth {
			b.WriteString("]")
		}
	}
	tail := strings.Repeat("}]", health.MaxGroupDepth) + "}"
	for i := health.MaxGroupDepth + 1; b.Len()+len(tail) < size; i++ {
		b.WriteString("," + measure(i))
	}
	b.WriteString("]" + tail)
	return b.Bytes()
}

// The loader reaches nested groups through an index of the document; a
// problem deep inside is reported at its own path, and its siblings keep
// theirs.
func TestLoadScorecardDeepProblemPaths(t *testing.T) {
	doc := string(deepCard(health.MaxGroupDepth))
	doc = strings.Replace(doc, `"id":"m32","weight":1`, `"id":"m32","weight":"x"`, 1)
	doc = strings.Replace(doc, `"id":"g5","weight":1`, `"id":"g5","weight":1,"extra":{"groups":[{"id":"z"}]}`, 1)
	_, err := health.LoadScorecard(strings.NewReader(doc), health.LoadOptions{})
	require.ErrorIs(t, err, health.ErrInvalid)
	assert.ElementsMatch(t, []string{groupPath(5) + ".extra", groupPath(32) + ".measures[0].weight"}, paths(err))
}
