package health

import (
	"encoding/json"
	"math"

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
//	 "bands": [{"name": "red", "min": 0, "max": 50}, ...],
//	 "groups": [{"id": "adoption", "weight": 3, "measures": [
//	   {"id": "wau", "weight": 1, "normaliser": {"kind": "linear", "min": 0, "max": 0.8, "direction": "higher_is_better"}},
//	   {"id": "csm", "weight": 1, "subjective": true, "normaliser": {"kind": "tiers", "tiers": [{"to": 3, "points": 0}, {"from": 3, "points": 100}]}},
//	   {"id": "sso", "weight": 1, "normaliser": {"kind": "boolean", "true_points": 100, "false_points": 0}},
//	   {"id": "plan", "weight": 1, "normaliser": {"kind": "categorical", "categories": [{"name": "pro", "points": 100}], "default_points": 50}},
//	   {"id": "nps", "weight": 1, "critical": {"below": 20, "cap_band": "red"}, "normaliser": {"kind": "func", "func": "nps"}}]}]}
//
// A tier's omitted from is -Inf and omitted to is +Inf.
func LoadScorecard(data []byte, opts LoadOptions) (Scorecard, error) {
	r := &jsonReader{}
	v, err := r.decode(data)
	if err != nil {
		return Scorecard{}, success.FieldErrors{err.(*success.FieldError)}
	}
	sc := r.scorecard("", v, opts)
	if ps := r.merge(sc.validate()); len(ps) > 0 {
		return Scorecard{}, ps
	}
	return sc, nil
}

func (r *jsonReader) scorecard(path string, v any, opts LoadOptions) Scorecard {
	m := r.object(path, v, "id", "name", "version", "missing", "bands", "measures", "groups")
	sc := Scorecard{
		ID:      r.str(path, m, "id", true),
		Name:    r.str(path, m, "name", false),
		Version: r.integer(path, m, "version", false),
	}
	if mv, ok := r.field(path, m, "missing", false); ok {
		mp := joinPath(path, "missing")
		mm := r.object(mp, mv, "rule", "points")
		sc.Missing = MissingPolicy{Rule: MissingRule(r.str(mp, mm, "rule", true)), Points: r.num(mp, mm, "points", false, 0)}
	}
	if bands := r.array(path, m, "bands", false); bands != nil {
		sc.Bands = make([]Band, len(bands))
		for i, bv := range bands {
			bp := indexPath(joinPath(path, "bands"), i)
			bm := r.object(bp, bv, "name", "min", "max")
			sc.Bands[i] = Band{Name: r.str(bp, bm, "name", true), Min: r.num(bp, bm, "min", true, 0), Max: r.num(bp, bm, "max", true, 0)}
		}
	}
	sc.Measures, sc.Groups = r.children(path, m, opts)
	return sc
}

func (r *jsonReader) children(path string, m map[string]any, opts LoadOptions) ([]Measure, []Group) {
	var measures []Measure
	var groups []Group
	for i, mv := range r.array(path, m, "measures", false) {
		measures = append(measures, r.measure(indexPath(joinPath(path, "measures"), i), mv, opts))
	}
	for i, gv := range r.array(path, m, "groups", false) {
		gp := indexPath(joinPath(path, "groups"), i)
		gm := r.object(gp, gv, "id", "name", "weight", "measures", "groups")
		g := Group{ID: r.str(gp, gm, "id", true), Name: r.str(gp, gm, "name", false), Weight: r.num(gp, gm, "weight", true, 0)}
		g.Measures, g.Groups = r.children(gp, gm, opts)
		groups = append(groups, g)
	}
	return measures, groups
}

func (r *jsonReader) measure(path string, v any, opts LoadOptions) Measure {
	m := r.object(path, v, "id", "name", "weight", "subjective", "critical", "normaliser")
	ms := Measure{
		ID:         r.str(path, m, "id", true),
		Name:       r.str(path, m, "name", false),
		Weight:     r.num(path, m, "weight", true, 0),
		Subjective: r.boolean(path, m, "subjective"),
	}
	if cv, ok := r.field(path, m, "critical", false); ok {
		cp := joinPath(path, "critical")
		cm := r.object(cp, cv, "below", "cap_band")
		ms.Critical = &Critical{Below: r.num(cp, cm, "below", true, 0), CapBand: r.str(cp, cm, "cap_band", true)}
	}
	if nv, ok := r.field(path, m, "normaliser", true); ok {
		ms.Normaliser = r.normaliser(joinPath(path, "normaliser"), nv, opts)
	} else {
		ms.Normaliser.Kind = KindLinear // reported as missing above; avoid a second "unknown kind" report
		ms.Normaliser.Direction = success.HigherIsBetter
		ms.Normaliser.Max = 1
	}
	return ms
}

func (r *jsonReader) normaliser(path string, v any, opts LoadOptions) Normaliser {
	raw, _ := v.(map[string]any)
	kind := NormaliserKind(r.str(path, raw, "kind", true))
	var n Normaliser
	switch kind {
	case KindLinear:
		m := r.object(path, v, "kind", "min", "max", "direction")
		n = Linear(r.num(path, m, "min", true, 0), r.num(path, m, "max", true, 0), success.Direction(r.str(path, m, "direction", true)))
	case KindTiers:
		m := r.object(path, v, "kind", "tiers")
		tp := joinPath(path, "tiers")
		n = Steps()
		for i, tv := range r.array(path, m, "tiers", true) {
			ip := indexPath(tp, i)
			tm := r.object(ip, tv, "from", "to", "points")
			n.Tiers = append(n.Tiers, Tier{
				From:   r.num(ip, tm, "from", false, math.Inf(-1)),
				To:     r.num(ip, tm, "to", false, math.Inf(1)),
				Points: r.num(ip, tm, "points", true, 0),
			})
		}
	case KindBoolean:
		m := r.object(path, v, "kind", "true_points", "false_points")
		n = Boolean(r.num(path, m, "true_points", true, 0), r.num(path, m, "false_points", true, 0))
	case KindCategorical:
		m := r.object(path, v, "kind", "categories", "default_points")
		n = Categorical(r.num(path, m, "default_points", true, 0))
		cp := joinPath(path, "categories")
		for i, cv := range r.array(path, m, "categories", true) {
			ip := indexPath(cp, i)
			cm := r.object(ip, cv, "name", "points")
			n.Categories = append(n.Categories, Category{Name: r.str(ip, cm, "name", true), Points: r.num(ip, cm, "points", true, 0)})
		}
	case KindFunc:
		m := r.object(path, v, "kind", "func")
		name := r.str(path, m, "func", true)
		n = Func(name, opts.Funcs[name])
	default:
		r.object(path, v, "kind")
		n.Kind = kind // Validate names the unknown kind
	}
	return n
}

type scorecardJSON struct {
	ID       string        `json:"id"`
	Name     string        `json:"name,omitempty"`
	Version  int           `json:"version"`
	Missing  *missingJSON  `json:"missing,omitempty"`
	Bands    []bandJSON    `json:"bands,omitempty"`
	Measures []measureJSON `json:"measures,omitempty"`
	Groups   []groupJSON   `json:"groups,omitempty"`
}

type missingJSON struct {
	Rule   MissingRule `json:"rule"`
	Points float64     `json:"points,omitempty"`
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

// MarshalJSON writes the document LoadScorecard reads. A func normaliser is
// written by name; the function itself stays with the host.
func (sc Scorecard) MarshalJSON() ([]byte, error) {
	out := scorecardJSON{ID: sc.ID, Name: sc.Name, Version: sc.Version,
		Measures: measuresJSON(sc.Measures), Groups: groupsJSON(sc.Groups)}
	if sc.Missing != (MissingPolicy{}) {
		out.Missing = &missingJSON{Rule: sc.Missing.rule(), Points: sc.Missing.Points}
	}
	for _, b := range sc.Bands {
		out.Bands = append(out.Bands, bandJSON(b))
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a scorecard as LoadScorecard does, without host
// functions; use LoadScorecard for scorecards with func normalisers.
func (sc *Scorecard) UnmarshalJSON(data []byte) error {
	v, err := LoadScorecard(data, LoadOptions{})
	if err != nil {
		return err
	}
	*sc = v
	return nil
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
		out.DefaultPoints = ptr(n.DefaultPoints)
		out.Categories = []categoryJSON{}
		for _, c := range n.Categories {
			out.Categories = append(out.Categories, categoryJSON(c))
		}
	case KindFunc:
		out.Func = n.FuncName
	}
	return out
}
