package health

import (
	"io"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// Set chooses the scorecard for each account: enterprise accounts in
// onboarding are not judged like mature SMB accounts. Rules are tried in
// order and the first match wins; an empty Segment or Stage matches any
// account. A rule that an earlier rule covers could never match and is
// rejected. Accounts no rule matches get the Default scorecard.
//
// Its JSON form is the document LoadSet reads.
type Set struct {
	Scorecards []Scorecard `json:"scorecards"`
	Rules      []Rule      `json:"rules,omitempty"`
	Default    string      `json:"default"` // ID of the default scorecard
}

// Rule sends accounts of a segment and/or lifecycle stage to a scorecard.
type Rule struct {
	Segment   string                 `json:"segment,omitempty"`
	Stage     success.LifecycleStage `json:"stage,omitempty"`
	Scorecard string                 `json:"scorecard"`
}

// covers reports whether r matches every account that later matches, so a
// later rule after r is dead.
func (r Rule) covers(later Rule) bool {
	return (r.Segment == "" || r.Segment == later.Segment) && (r.Stage == "" || r.Stage == later.Stage)
}

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
			ps.Addf(ErrInvalid, path+".id", "duplicate scorecard ID %q", sc.ID)
			continue
		}
		p, err := Compile(sc)
		if err != nil {
			ps = append(ps, success.AsFieldErrors(err).Prefix(path)...)
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
			ps.Addf(ErrInvalid, path, "must name a segment, a stage or both (the default covers everything else)")
		}
		if r.Stage != "" {
			if err := r.Stage.Validate(); err != nil {
				ps.AddErr(ErrInvalid, path+".stage", err)
			}
		}
		if !known(r.Scorecard) {
			ps.Addf(ErrInvalid, path+".scorecard", "unknown scorecard %q", r.Scorecard)
		}
		for j, earlier := range s.Rules[:i] {
			// A catch-all earlier rule is already reported above.
			if (earlier.Segment != "" || earlier.Stage != "") && earlier.covers(r) {
				ps.Addf(ErrInvalid, path, "never matches: rules[%d] comes first and matches every account it would", j)
				break
			}
		}
	}
	if !known(s.Default) {
		ps.Addf(ErrInvalid, "default", "unknown scorecard %q", s.Default)
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

// LoadSet reads a set from JSON, validating strictly like LoadScorecard:
//
//	{"scorecards": [...], "rules": [{"segment": "enterprise", "stage": "onboarding", "scorecard": "ent-onb"}], "default": "smb"}
func LoadSet(r io.Reader, opts LoadOptions) (Set, error) {
	return readAndLoad(r, "scorecard set", opts, loadSet)
}

func loadSet(data []byte, opts LoadOptions) (Set, error) {
	l := newLoader(opts)
	doc, ok := l.sj.Document(data)
	if !ok {
		return Set{}, l.problems
	}
	var s Set
	var rules success.FieldErrors
	if o, ok := l.sj.Object(doc, ""); ok {
		s.Default, _ = o.String("default", strictjson.Required)
		items, _ := o.Array("scorecards", strictjson.Required)
		for i, sv := range items {
			path := strictjson.Index("scorecards", i)
			sc := l.scorecard(sv, path)
			rules = append(rules, sc.validate().Prefix(path)...)
			s.Scorecards = append(s.Scorecards, sc)
		}
		items, _ = o.Array("rules", strictjson.Optional)
		for i, rv := range items {
			var rule Rule
			if ro, ok := l.sj.Object(rv, strictjson.Index("rules", i)); ok {
				rule.Segment, _ = ro.String("segment", strictjson.Optional)
				stage, _ := ro.String("stage", strictjson.Optional)
				rule.Stage = success.LifecycleStage(stage)
				rule.Scorecard, _ = ro.String("scorecard", strictjson.Required)
				ro.Close()
			}
			s.Rules = append(s.Rules, rule)
		}
		o.Close()
	}
	if ps := l.withRules(rules); len(ps) > 0 {
		return Set{}, ps
	}
	if _, err := CompileSet(s); err != nil {
		return Set{}, err
	}
	return s, nil
}

// UnmarshalJSON reads a set as LoadSet does, without host functions; use
// LoadSet for sets whose scorecards have func normalisers.
func (s *Set) UnmarshalJSON(data []byte) error {
	v, err := loadSet(data, LoadOptions{})
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Score scores the account with the plan For chooses, as of asOf. A
// SetPlan that did not come from CompileSet returns ErrInvalid.
func (sp *SetPlan) Score(a success.Account, in Inputs, asOf time.Time, opts ScoreOptions) (Score, error) {
	return sp.For(a).Score(a.ID, in, asOf, opts)
}
