package health

// MeasureInfo is what a plan says of one of its measures, the same for every
// account it scores: the measure's ID, its group, its nominal weight and
// whether it is subjective. Every MeasureScore of a Plan points at the
// Plan's own MeasureInfo, so a score carries them without copying them
// (a pointer in place of 41 bytes of fields, for each measure of each score);
// they are therefore read-only, reached through methods, and the methods of
// a nil *MeasureInfo return zero values.
type MeasureInfo struct {
	id, group  string
	weight     float64
	subjective bool
}

// NewMeasureInfo returns a MeasureInfo, for a MeasureScore built by hand (a
// test, a conformance suite, an import of snapshots).
func NewMeasureInfo(id, group string, weight float64, subjective bool) *MeasureInfo {
	return &MeasureInfo{id: id, group: group, weight: weight, subjective: subjective}
}

// ID is the measure's ID.
func (m *MeasureInfo) ID() string {
	if m == nil {
		return ""
	}
	return m.id
}

// Group is the ID of the measure's enclosing group, empty at the top level.
func (m *MeasureInfo) Group() string {
	if m == nil {
		return ""
	}
	return m.group
}

// Weight is the measure's share of the score when nothing is missing, 0..1.
func (m *MeasureInfo) Weight() float64 {
	if m == nil {
		return 0
	}
	return m.weight
}

// Subjective reports whether the measure is a manual (subjective) one.
func (m *MeasureInfo) Subjective() bool { return m != nil && m.subjective }
