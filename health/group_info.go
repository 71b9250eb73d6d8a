package health

// GroupInfo is what a plan says of one of its groups, the same for every
// account it scores: the group's ID, its parent group and its nominal
// weight. Like MeasureInfo it is shared by every GroupScore of a Plan, so it
// is read-only, and the methods of a nil *GroupInfo return zero values.
type GroupInfo struct {
	id, parent string
	weight     float64
}

// NewGroupInfo returns a GroupInfo, for a GroupScore built by hand.
func NewGroupInfo(id, parent string, weight float64) *GroupInfo {
	return &GroupInfo{id: id, parent: parent, weight: weight}
}

// ID is the group's ID.
func (g *GroupInfo) ID() string {
	if g == nil {
		return ""
	}
	return g.id
}

// Parent is the ID of the enclosing group, empty at the top level.
func (g *GroupInfo) Parent() string {
	if g == nil {
		return ""
	}
	return g.parent
}

// Weight is the group's share of the score when nothing is missing, 0..1.
func (g *GroupInfo) Weight() float64 {
	if g == nil {
		return 0
	}
	return g.weight
}
