package health

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// LoadOptions are optional settings of LoadScorecard and LoadSet; the zero
// value means none.
type LoadOptions struct {
	// Funcs are the host functions func-kind normalisers may name.
	Funcs map[string]PointsFunc
}

// LoadScorecard reads a scorecard from JSON and validates it strictly: unknown
// fields, wrong types, missing required fields and every rule Validate checks
// are all reported at once as success.FieldErrors with their paths.
//
// The document looks like:
//
//	{"id": "smb", "version": 2,
//	 "missing": {"rule": "redistribute"},
//	 "confidence": {"min_known_share": 0.5, "low": "flag"},
//	 "bands": [{"name": "red", "min": 0, "max": 50}, ...],
//	 "groups": [{"id": "adoption", "weight": 3, "measures": [
//	   {"id": "wau", "weight": 1, "normaliser": {"kind": "linear", "min": 0, "max": 0.8, "direction": "higher_is_better"}},
//	   {"id": "csm", "weight": 1, "subjective": true, "normaliser": {"kind": "tiers", "tiers": [{"to": 3, "points": 0}, {"from": 3, "points": 100}]}},
//	   {"id": "sso", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}},
//	   {"id": "plan", "weight": 1, "normaliser": {"kind": "categorical", "categories": [{"name": "pro", "points": 100}], "default_points": 50}},
//	   {"id": "nps", "weight": 1, "critical": {"below": 20, "cap_band": "red"}, "normaliser": {"kind": "func", "func": "nps"}}]}]}
//
// A tier's omitted from is -Inf and omitted to is +Inf. A categorical
// normaliser without default_points rejects categories it does not list.
func LoadScorecard(r io.Reader, opts LoadOptions) (Scorecard, error) {
	return readAndLoad(r, "scorecard", opts, loadScorecard)
}

// readAndLoad reads a whole document from r and loads it.
func readAndLoad[T any](r io.Reader, what string, opts LoadOptions, load func([]byte, LoadOptions) (T, error)) (T, error) {
	data, err := strictjson.ReadDocument(r, ErrInvalid)
	if err != nil {
		var zero T
		return zero, fmt.Errorf("reading %s: %w", what, err)
	}
	return load(data, opts)
}

func loadScorecard(data []byte, opts LoadOptions) (Scorecard, error) {
	l := newLoader(opts)
	n, top, ok := l.document(data)
	if !ok {
		return Scorecard{}, l.problems
	}
	sc := l.scorecard(n, top, "")
	if l.sj.Covers("") {
		return Scorecard{}, l.problems // not an object: no rule applies
	}
	if ps := l.withRules(sc.validate()); len(ps) > 0 {
		return Scorecard{}, ps
	}
	return sc, nil
}

// loader reads scorecards and sets through a strictjson.Reader, collecting
// its problems as success.FieldErrors wrapping ErrInvalid.
type loader struct {
	sj       *strictjson.Reader
	problems success.FieldErrors
	opts     LoadOptions
}

func newLoader(opts LoadOptions) *loader {
	l := &loader{opts: opts}
	l.sj = strictjson.NewReader(func(path, problem string) { fielderr.Addf(&l.problems, ErrInvalid, path, "%s", problem) })
	return l
}

// document checks that data is one well-formed JSON value and indexes its
// nesting, so that each of its bytes is decoded a fixed number of times.
func (l *loader) document(data []byte) (*nesting, span, bool) {
	if _, ok := l.sj.Document(data); !ok {
		return nil, span{}, false
	}
	n, top, ok := indexNesting(data)
	if !ok { // a checked document always indexes; never read a partial index
		l.sj.Problem("", "malformed JSON")
	}
	return n, top, ok
}

// withRules returns the structural problems followed by the rule violations
// (from validate) that no structural problem already explains, so one
// mistake is reported once.
func (l *loader) withRules(rules success.FieldErrors) success.FieldErrors {
	out := l.problems
	for _, p := range rules {
		if !l.sj.Covers(p.Path) {
			out = append(out, p)
		}
	}
	return out
}

func (l *loader) scorecard(n *nesting, at span, path string) Scorecard {
	var sc Scorecard
	o, ok := l.sj.Object(n.shallow(at), path)
	if !ok {
		return sc
	}
	sc.ID, _ = o.String("id", strictjson.Required)
	sc.Name, _ = o.String("name", strictjson.Optional)
	sc.Version, _ = o.Int("version", strictjson.Optional)
	if mo, ok := o.Object("missing", strictjson.Optional); ok {
		rule, _ := mo.String("rule", strictjson.Required)
		sc.Missing.Rule = MissingRule(rule)
		pointsNeeded := strictjson.Optional
		if sc.Missing.Rule == FixedPoints {
			pointsNeeded = strictjson.Required // never assume 0 for a missing input
		}
		sc.Missing.Points, _ = mo.Number("points", pointsNeeded)
		mo.Close()
	}
	if co, ok := o.Object("confidence", strictjson.Optional); ok {
		sc.Confidence.MinKnownShare, _ = co.Number("min_known_share", strictjson.Optional)
		low, _ := co.String("low", strictjson.Optional)
		sc.Confidence.Low = LowConfidenceRule(low)
		co.Close()
	}
	if bands, ok := o.Array("bands", strictjson.Optional); ok {
		sc.Bands = make([]Band, len(bands))
		for i, bv := range bands {
			if bo, ok := l.sj.Object(bv, strictjson.Index(o.Path("bands"), i)); ok {
				b := &sc.Bands[i]
				b.Name, _ = bo.String("name", strictjson.Required)
				b.Min, _ = bo.Number("min", strictjson.Required)
				b.Max, _ = bo.Number("max", strictjson.Required)
				bo.Close()
			}
		}
	}
	sc.Measures, sc.Groups = l.children(o, n, at, 1)
	o.Close()
	return sc
}

// children reads the measures and groups of a scorecard or group, the
// object o read from the shallow text of the value at at; depth is the
// nesting level of the groups it reads (1 for a scorecard's own). A group
// deeper than MaxGroupDepth is reported and not opened.
func (l *loader) children(o *strictjson.Object, n *nesting, at span, depth int) ([]Measure, []Group) {
	var measures []Measure
	var groups []Group
	items, _ := o.Array("measures", strictjson.Optional)
	for i, mv := range items {
		measures = append(measures, l.measure(mv, strictjson.Index(o.Path("measures"), i)))
	}
	arr := n.array(at.start, "groups")
	if arr == nil {
		o.Array("groups", strictjson.Optional) // absent, or not an array: reported
		return measures, groups
	}
	o.Raw("groups", strictjson.Optional) // its shallow text is []; the index has its elements
	for i, item := range arr.items {
		var g Group
		path := strictjson.Index(o.Path("groups"), i)
		if depth > MaxGroupDepth {
			l.sj.Problem(path, "groups nest deeper than %d levels", MaxGroupDepth)
			groups = append(groups, g) // a placeholder, so its parent is not reported as empty
			break
		}
		if gro, ok := l.sj.Object(n.shallow(item), path); ok {
			g.ID, _ = gro.String("id", strictjson.Required)
			g.Name, _ = gro.String("name", strictjson.Optional)
			g.Weight = weight(gro)
			g.Measures, g.Groups = l.children(gro, n, item, depth+1)
			gro.Close()
		}
		groups = append(groups, g)
	}
	return measures, groups
}

// weight reads the required weight of a measure or group. A weight absent or
// unreadable becomes NaN, so validation reports it at its own path (where
// the reading problem already explains it) instead of taking it for a 0 and
// reporting "weights are all zero" too.
func weight(o *strictjson.Object) float64 {
	w, ok := o.Number("weight", strictjson.Required)
	if !ok {
		return math.NaN()
	}
	return w
}

func (l *loader) measure(raw json.RawMessage, path string) Measure {
	var ms Measure
	o, ok := l.sj.Object(raw, path)
	if !ok {
		return ms
	}
	ms.ID, _ = o.String("id", strictjson.Required)
	ms.Name, _ = o.String("name", strictjson.Optional)
	ms.Weight = weight(o)
	ms.Subjective, _ = o.Bool("subjective", strictjson.Optional)
	if co, ok := o.Object("critical", strictjson.Optional); ok {
		ms.Critical = &Critical{}
		ms.Critical.Below, _ = co.Number("below", strictjson.Required)
		ms.Critical.CapBand, _ = co.String("cap_band", strictjson.Required)
		co.Close()
	}
	if nv, ok := o.Raw("normaliser", strictjson.Required); ok {
		ms.Normaliser = l.normaliser(nv, o.Path("normaliser"))
	}
	o.Close()
	return ms
}

// normaliser reads the fields of the normaliser's kind; the fields of other
// kinds are unknown fields. An unknown kind is left to validate to report,
// without listing every other field as unknown.
func (l *loader) normaliser(raw json.RawMessage, path string) Normaliser {
	var n Normaliser
	o, ok := l.sj.Object(raw, path)
	if !ok {
		return n
	}
	kind, _ := o.String("kind", strictjson.Required)
	n.Kind = NormaliserKind(kind)
	switch n.Kind {
	case KindLinear:
		n.Min, _ = o.Number("min", strictjson.Required)
		n.Max, _ = o.Number("max", strictjson.Required)
		dir, _ := o.String("direction", strictjson.Required)
		n.Direction = success.Direction(dir)
	case KindTiers:
		items, _ := o.Array("tiers", strictjson.Required)
		n.Tiers = make([]Tier, 0, len(items))
		for i, tv := range items {
			t := Tier{From: math.Inf(-1), To: math.Inf(1)}
			if to, ok := l.sj.Object(tv, strictjson.Index(o.Path("tiers"), i)); ok {
				if from, ok := to.Number("from", strictjson.Optional); ok {
					t.From = from
				}
				if upTo, ok := to.Number("to", strictjson.Optional); ok {
					t.To = upTo
				}
				t.Points, _ = to.Number("points", strictjson.Required)
				to.Close()
			}
			n.Tiers = append(n.Tiers, t)
		}
	case KindBoolean:
		n.TruePoints, _ = o.Number("true_points", strictjson.Required)
		n.FalsePoints, _ = o.Number("false_points", strictjson.Required)
	case KindCategorical:
		if d, ok := o.Number("default_points", strictjson.Optional); ok {
			n.DefaultPoints = &d
		}
		items, _ := o.Array("categories", strictjson.Required)
		for i, cv := range items {
			var c CategoryPoints
			if co, ok := l.sj.Object(cv, strictjson.Index(o.Path("categories"), i)); ok {
				c.Name, _ = co.String("name", strictjson.Required)
				c.Points, _ = co.Number("points", strictjson.Required)
				co.Close()
			}
			n.Categories = append(n.Categories, c)
		}
	case KindFunc:
		n.FuncName, _ = o.String("func", strictjson.Required)
		n.Func = l.opts.Funcs[n.FuncName]
	default:
		return n
	}
	o.Close()
	return n
}

type scorecardJSON struct {
	ID         string          `json:"id"`
	Name       string          `json:"name,omitempty"`
	Version    int             `json:"version"`
	Missing    *missingJSON    `json:"missing,omitempty"`
	Confidence *confidenceJSON `json:"confidence,omitempty"`
	Bands      []bandJSON      `json:"bands,omitempty"`
	Measures   []measureJSON   `json:"measures,omitempty"`
	Groups     []groupJSON     `json:"groups,omitempty"`
}

type missingJSON struct {
	Rule   MissingRule `json:"rule"`
	Points *float64    `json:"points,omitempty"` // only for FixedPoints, where it is written even when 0
}

type confidenceJSON struct {
	MinKnownShare float64           `json:"min_known_share,omitempty"`
	Low           LowConfidenceRule `json:"low,omitempty"`
}

type bandJSON struct {
	Name string  `json:"name"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

type groupJSON struct {
	ID       string        `json:"id"`
	Name     string        `json:"name,omitempty"`
	Weight   float64       `json:"weight"`
	Measures []measureJSON `json:"measures,omitempty"`
	Groups   []groupJSON   `json:"groups,omitempty"`
}

type measureJSON struct {
	ID         string         `json:"id"`
	Name       string         `json:"name,omitempty"`
	Weight     float64        `json:"weight"`
	Subjective bool           `json:"subjective,omitempty"`
	Critical   *criticalJSON  `json:"critical,omitempty"`
	Normaliser normaliserJSON `json:"normaliser"`
}

type criticalJSON struct {
	Below   float64 `json:"below"`
	CapBand string  `json:"cap_band"`
}

type normaliserJSON struct {
	Kind          NormaliserKind    `json:"kind"`
	Min           *float64          `json:"min,omitempty"`
	Max           *float64          `json:"max,omitempty"`
	Direction     success.Direction `json:"direction,omitempty"`
	Tiers         []tierJSON        `json:"tiers,omitempty"`
	TruePoints    *float64          `json:"true_points,omitempty"`
	FalsePoints   *float64          `json:"false_points,omitempty"`
	Categories    []categoryJSON    `json:"categories,omitempty"`
	DefaultPoints *float64          `json:"default_points,omitempty"`
	Func          string            `json:"func,omitempty"`
}

type tierJSON struct {
	From   *float64 `json:"from,omitempty"`
	To     *float64 `json:"to,omitempty"`
	Points float64  `json:"points"`
}

type categoryJSON struct {
	Name   string  `json:"name"`
	Points float64 `json:"points"`
}

func groupsJSON(gs []Group) []groupJSON {
	var out []groupJSON
	for _, g := range gs {
		out = append(out, groupJSON{ID: g.ID, Name: g.Name, Weight: g.Weight, Measures: measuresJSON(g.Measures), Groups: groupsJSON(g.Groups)})
	}
	return out
}

func measuresJSON(ms []Measure) []measureJSON {
	var out []measureJSON
	for _, m := range ms {
		mj := measureJSON{ID: m.ID, Name: m.Name, Weight: m.Weight, Subjective: m.Subjective, Normaliser: normaliserToJSON(m.Normaliser)}
		if m.Critical != nil {
			mj.Critical = &criticalJSON{Below: m.Critical.Below, CapBand: m.Critical.CapBand}
		}
		out = append(out, mj)
	}
	return out
}

func ptr(f float64) *float64 { return &f }

func normaliserToJSON(n Normaliser) normaliserJSON {
	out := normaliserJSON{Kind: n.Kind}
	switch n.Kind {
	case KindLinear:
		out.Min, out.Max, out.Direction = ptr(n.Min), ptr(n.Max), n.Direction
	case KindTiers:
		out.Tiers = []tierJSON{}
		for _, t := range n.Tiers {
			tj := tierJSON{Points: t.Points}
			if !math.IsInf(t.From, -1) {
				tj.From = ptr(t.From)
			}
			if !math.IsInf(t.To, 1) {
				tj.To = ptr(t.To)
			}
			out.Tiers = append(out.Tiers, tj)
		}
	case KindBoolean:
		out.TruePoints, out.FalsePoints = ptr(n.TruePoints), ptr(n.FalsePoints)
	case KindCategorical:
		if n.DefaultPoints != nil {
			out.DefaultPoints = ptr(*n.DefaultPoints)
		}
		out.Categories = []categoryJSON{}
		for _, c := range n.Categories {
			out.Categories = append(out.Categories, categoryJSON(c))
		}
	case KindFunc:
		out.Func = n.FuncName
	}
	return out
}
