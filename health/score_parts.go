package health

// The figures of a plan of up to inlineMeasures measures in up to
// inlineGroups groups live in the Score itself. Even a few hundred bytes
// per score, allocated and dropped, set off a garbage collection every few
// thousand scores, and on a busy machine each collection waits for a core:
// 800 bytes a score cost two thirds of Plan.Score's time there.
const (
	inlineMeasures = 16
	inlineGroups   = 6
)

// scoreParts are a score's measures and groups, in column order and
// Plan.groupInfo order. A plan within the inline sizes keeps them in the
// arrays, a larger one in the slices, so that a Score stays a plain value:
// copying it copies them.
type scoreParts struct {
	nMeasures, nGroups int
	inlineM            [inlineMeasures]MeasureScore
	inlineG            [inlineGroups]GroupScore
	heapM              []MeasureScore // every measure, when more than inlineMeasures
	heapG              []GroupScore   // every group, when more than inlineGroups
}

// measures returns the measures in place, writing through the slice writes
// the score; nil when there are none, which JSON writes as null.
func (p *scoreParts) measures() []MeasureScore { return inPlace(p.inlineM[:], p.heapM, p.nMeasures) }

// groups returns the groups in place (see measures).
func (p *scoreParts) groups() []GroupScore { return inPlace(p.inlineG[:], p.heapG, p.nGroups) }

// resize makes room for m measures and g groups and returns them in place.
func (p *scoreParts) resize(m, g int) ([]MeasureScore, []GroupScore) {
	refit(p.inlineM[:], &p.heapM, p.nMeasures, m)
	refit(p.inlineG[:], &p.heapG, p.nGroups, g)
	p.nMeasures, p.nGroups = m, g
	return p.measures(), p.groups()
}

// inPlace is the n entries of one part, measures or groups: nil for none,
// the heap slice beyond the inline array's length, the inline array's
// first n within it.
func inPlace[T any](inline, heap []T, n int) []T {
	switch {
	case n == 0:
		return nil
	case n > len(inline):
		return heap
	}
	return inline[:n]
}

// refit makes room in one part for n entries where it held old: the heap
// slice keeps its capacity beyond the inline length (for ScoreInto) and is
// dropped within it, and inline entries no longer in use are cleared, so
// equal scores compare equal whatever they held before.
func refit[T any](inline []T, heap *[]T, old, n int) {
	keep := n // inline entries still in use
	if n > len(inline) {
		keep = 0
		*heap = resize(*heap, n)
	} else {
		*heap = nil
	}
	clear(inline[min(keep, old, len(inline)):min(old, len(inline))])
}

// clone returns a copy that shares nothing ScoreInto writes: a larger
// scorecard's slices are copied. (A time input is never changed in place,
// so its Value may be shared.)
func (p scoreParts) clone() scoreParts {
	p.heapM, p.heapG = cloneSlice(p.heapM), cloneSlice(p.heapG)
	return p
}
