package burden

// Figure is the burden of an account, or of a group of accounts, in one
// period, with what it is made of.
type Figure struct {
	Tickets  int                  `json:"tickets"`
	Weighted float64              `json:"weighted_tickets"`
	Usage    float64              `json:"usage"`
	Hours    float64              `json:"hours"` // handling time
	ByType   map[string]TypeShare `json:"by_type,omitempty"`
	Burden   Quantity             `json:"burden"` // Weighted / Usage; undefined without usage

	handling handling // exact sum behind Hours
}

// TypeShare is the tickets of one type behind a Figure.
type TypeShare struct {
	Tickets  int     `json:"tickets"`
	Weight   float64 `json:"weight"` // the type weight applied
	Weighted float64 `json:"weighted_tickets"`
}

// addTicket counts a ticket of type weight tw and whole weight x.
func (f *Figure) addTicket(t Ticket, tw, x float64) {
	f.Tickets++
	f.Weighted += x
	f.handling.add(t.Handling)
	if f.ByType == nil {
		f.ByType = map[string]TypeShare{}
	}
	s := f.ByType[t.Type]
	s.Tickets++
	s.Weight = tw
	s.Weighted += x
	f.ByType[t.Type] = s
}

// add merges o into f (a roll-up).
func (f *Figure) add(o Figure) {
	f.Tickets += o.Tickets
	f.Weighted += o.Weighted
	f.Usage += o.Usage
	f.handling.merge(o.handling)
	for k, s := range o.ByType {
		if f.ByType == nil {
			f.ByType = map[string]TypeShare{}
		}
		m := f.ByType[k]
		m.Tickets += s.Tickets
		m.Weight = s.Weight
		m.Weighted += s.Weighted
		f.ByType[k] = m
	}
}

// finish fills the derived fields.
func (f *Figure) finish() {
	f.Hours = f.handling.float()
	f.Burden = Quantity{}
	if f.Usage > 0 {
		f.Burden = defined(f.Weighted / f.Usage)
	}
}
