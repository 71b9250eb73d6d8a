package health

import (
	"strconv"
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/secondsale/secondsale/success"
)

// SetPlan is a compiled Set. It is immutable and safe for concurrent use.
type SetPlan struct {
	plans    map[string]*Plan
	rules    []Rule
	fallback *Plan
}

// CompileSet validates every scorecard and rule and compiles the set,
// reporting every problem at once.
func CompileSet(s Set) (*SetPlan, error) {
	var ps success.FieldErrors
	sp := &SetPlan{plans: map[string]*Plan{}, rules: cloneSlice(s.Rules)}
	for i, sc := range s.Scorecards {
		path := "scorecards[" + strconv.Itoa(i) + "]"
		if _, dup := sp.plans[sc.ID]; dup && sc.ID != "" {
			fielderr.Addf(&ps, ErrInvalid, path+".id", "duplicate scorecard ID %q", sc.ID)
			continue
		}
		p, err := Compile(sc)
		if err != nil {
			ps = append(ps, fielderr.Prefix(success.AsFieldErrors(err), path)...)
			continue
		}
		sp.plans[sc.ID] = p
	}
	known := func(id string) bool {
		for _, sc := range s.Scorecards {
			if sc.ID == id {
				return true
			}
		}
		return false
	}
	for i, r := range s.Rules {
		path := "rules[" + strconv.Itoa(i) + "]"
		if r.Segment == "" && r.Stage == "" {
			fielderr.Addf(&ps, ErrInvalid, path, "must name a segment, a stage or both (the default covers everything else)")
		}
		if r.Stage != "" {
			if err := r.Stage.Validate(); err != nil {
				fielderr.AddErr(&ps, ErrInvalid, path+".stage", err)
			}
		}
		if !known(r.Scorecard) {
			fielderr.Addf(&ps, ErrInvalid, path+".scorecard", "unknown scorecard %q", r.Scorecard)
		}
		for j, earlier := range s.Rules[:i] {
			// A catch-all earlier rule is already reported above.
			if (earlier.Segment != "" || earlier.Stage != "") && earlier.covers(r) {
				fielderr.Addf(&ps, ErrInvalid, path, "never matches: rules[%d] comes first and matches every account it would", j)
				break
			}
		}
	}
	if !known(s.Default) {
		fielderr.Addf(&ps, ErrInvalid, "default", "unknown scorecard %q", s.Default)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	sp.fallback = sp.plans[s.Default]
	return sp, nil
}

// For returns the plan that scores the account, or nil for a SetPlan that
// did not come from CompileSet.
func (sp *SetPlan) For(a success.Account) *Plan {
	if sp == nil {
		return nil
	}
	for _, r := range sp.rules {
		if (r.Segment == "" || r.Segment == a.Segment) && (r.Stage == "" || r.Stage == a.Stage) {
			return sp.plans[r.Scorecard]
		}
	}
	return sp.fallback
}

// Plan returns the compiled scorecard with the given ID.
func (sp *SetPlan) Plan(id string) (*Plan, bool) {
	if sp == nil {
		return nil, false
	}
	p, ok := sp.plans[id]
	return p, ok
}

// Score scores the account with the plan For chooses, as of asOf. A
// SetPlan that did not come from CompileSet returns ErrInvalid.
func (sp *SetPlan) Score(a success.Account, in Inputs, asOf time.Time, opts ScoreOptions) (Score, error) {
	return sp.For(a).Score(a.ID, in, asOf, opts)
}
