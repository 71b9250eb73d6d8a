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
func (p *scoreParts) measures() []MeasureScore {
	switch {
	case p.nMeasures == 0:
		return nil
	case p.nMeasures > inlineMeasures:
		return p.heapM
	}
	return p.inlineM[:p.nMeasures]
}

// groups returns the groups in place (see measures).
func (p *scoreParts) groups() []GroupScore {
	switch {
	case p.nGroups == 0:
		return nil
	case p.nGroups > inlineGroups:
		return p.heapG
	}
	return p.inlineG[:p.nGroups]
}

// resize makes room for m measures and g groups and returns them in place.
// A larger scorecard's slices keep their capacity, for ScoreInto; entries
// beyond the new sizes are cleared, so equal scores compare equal whatever
// they held before.
func (p *scoreParts) resize(m, g int) ([]MeasureScore, []GroupScore) {
	keepM, keepG := m, g // inline entries still in use
	if m > inlineMeasures {
		keepM = 0
	}
	if g > inlineGroups {
		keepG = 0
	}
	clear(p.inlineM[min(keepM, p.nMeasures, inlineMeasures):min(p.nMeasures, inlineMeasures)])
	clear(p.inlineG[min(keepG, p.nGroups, inlineGroups):min(p.nGroups, inlineGroups)])
	p.nMeasures, p.nGroups = m, g
	if m > inlineMeasures {
		p.heapM = resize(p.heapM, m)
	} else {
		p.heapM = nil
	}
	if g > inlineGroups {
		p.heapG = resize(p.heapG, g)
	} else {
		p.heapG = nil
	}
	return p.measures(), p.groups()
}

// clone returns a copy that shares nothing ScoreInto writes: a larger
// scorecard's slices are copied. (A time input is never changed in place,
// so its Value may be shared.)
func (p scoreParts) clone() scoreParts {
	p.heapM, p.heapG = cloneSlice(p.heapM), cloneSlice(p.heapG)
	return p
}
