package health

import (
	"io"

	"github.com/secondsale/secondsale/internal/fielderr"

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

// LoadSet reads a set from JSON, validating strictly like LoadScorecard:
//
//	{"scorecards": [...], "rules": [{"segment": "enterprise", "stage": "onboarding", "scorecard": "ent-onb"}], "default": "smb"}
func LoadSet(r io.Reader, opts LoadOptions) (Set, error) {
	return readAndLoad(r, "scorecard set", opts, loadSet)
}

func loadSet(data []byte, opts LoadOptions) (Set, error) {
	l := newLoader(opts)
	n, top, ok := l.document(data)
	if !ok {
		return Set{}, l.problems
	}
	var s Set
	var rules success.FieldErrors
	if o, ok := l.sj.Object(n.shallow(top), ""); ok {
		s.Default, _ = o.String("default", strictjson.Required)
		if arr := n.array(top.start, "scorecards"); arr != nil {
			o.Raw("scorecards", strictjson.Required) // its shallow text is []; the index has its elements
			for i, item := range arr.items {
				path := strictjson.Index("scorecards", i)
				sc := l.scorecard(n, item, path)
				rules = append(rules, fielderr.Prefix(sc.validate(), path)...)
				s.Scorecards = append(s.Scorecards, sc)
			}
		} else {
			o.Array("scorecards", strictjson.Required) // absent, or not an array: reported
		}
		items, _ := o.Array("rules", strictjson.Optional)
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
