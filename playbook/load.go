package playbook

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// maxJSONDepth bounds the nesting of a plays document: the document, its
// plays array, a play, its steps, a step's wait, then two levels (a clause
// and its clauses array) per trigger level, and a clause's own list. A
// deeper document is rejected before it is decoded, which keeps decoding
// linear in its size.
const maxJSONDepth = 6 + 2*MaxTriggerDepth + 1

// LoadOptions are optional settings of LoadPlays; the zero value means none.
type LoadOptions struct {
	// Predicates, when not nil, is the registry predicate clauses must name
	// a predicate of.
	Predicates Predicates
}

// LoadPlays reads plays from JSON and validates them strictly: unknown
// fields, repeated keys, wrong types, every rule Play.Validate checks and a
// second play with the same ID and version are all reported at once as
// success.FieldErrors with their paths ("plays[2].steps[0].due_days: must be
// within 0..3660"), wrapping ErrInvalid. The document is at most
// strictjson's 8 MiB, holds at most MaxPlays plays, and nests at most
// maxJSONDepth deep (triggers at most MaxTriggerDepth).
//
// The document looks like:
//
//	{"plays": [
//	  {"id": "save-red", "version": 1, "name": "Save a red account", "type": "risk",
//	   "priority": 90, "owner": "csm",
//	   "trigger": {"kind": "all", "clauses": [
//	     {"kind": "health_band_entered", "band": "red"},
//	     {"kind": "not", "clauses": [{"kind": "fit_verdict", "verdict": "bad_fit"}]}]},
//	   "steps": [
//	     {"id": "call", "title": "Call the sponsor", "required": true, "due_days": 2},
//	     {"id": "plan", "title": "Agree a recovery plan", "required": true, "due_days": 7, "due_from": "previous_step"}],
//	   "exit": {"condition": {"kind": "score_at_least", "points": 50}, "hold_for_days": 14, "margin": 10},
//	   "suppression": {"re_entry": "after_cooldown", "cooldown_days": 30}}]}
//
// Plays are the JSON form of Play, field for field, so a play written in Go
// and marshalled with encoding/json loads back equal.
func LoadPlays(r io.Reader, opts LoadOptions) ([]Play, error) {
	data, err := strictjson.ReadDocument(r, ErrInvalid)
	if err != nil {
		return nil, fmt.Errorf("reading plays: %w", err)
	}
	return loadPlays(data, opts)
}

func loadPlays(data []byte, opts LoadOptions) ([]Play, error) {
	var ps success.FieldErrors
	report := func(path, problem string) { fielderr.Addf(&ps, ErrInvalid, path, "%s", problem) }
	if !shallowEnough(data, maxJSONDepth) {
		report("", fmt.Sprintf("nests deeper than %d levels (triggers nest at most %d deep)", maxJSONDepth, MaxTriggerDepth))
		return nil, ps
	}
	r := strictjson.NewReader(report)
	doc, ok := r.Document(data)
	if !ok {
		return nil, ps
	}
	top, ok := r.Object(doc, "")
	if !ok {
		return nil, ps
	}
	items, _ := top.Array("plays", strictjson.Required)
	top.Close()
	if len(items) > MaxPlays {
		r.Problem("plays", "at most %d plays in a document, got %d", MaxPlays, len(items))
		return nil, ps
	}
	preds := opts.Predicates
	plays := make([]Play, len(items))
	var rules success.FieldErrors
	seen := map[[2]any]int{}
	for i, raw := range items {
		path := strictjson.Index("plays", i)
		p := &plays[i]
		decodePlay(r, raw, path, p)
		rules = append(rules, p.problems(path, preds)...)
		if p.ID == "" {
			continue
		}
		k := [2]any{p.ID, p.Version}
		if j, dup := seen[k]; dup {
			fielderr.Addf(&rules, ErrInvalid, path+".version", "play %s version %d is also plays[%d]", quoteKey(p.ID), p.Version, j)
		} else {
			seen[k] = i
		}
	}
	ps = withRules(ps, rules)
	if len(ps) > 0 {
		return nil, ps
	}
	return plays, nil
}

// withRules returns the structural problems followed by the rule
// violations that no structural problem explains: one at the same path,
// inside it or enclosing it. (strictjson's Covers also counts a whole
// nested trigger as covered once any problem is inside it, which would
// hide the rule problems of its other clauses.)
func withRules(structural, rules success.FieldErrors) success.FieldErrors {
	if len(structural) == 0 {
		return rules
	}
	exact := make(map[string]bool, len(structural))
	enclosing := make(map[string]bool, 4*len(structural))
	for _, p := range structural {
		exact[p.Path] = true
		forEachParent(p.Path, func(parent string) { enclosing[parent] = true })
	}
	out := structural
	for _, p := range rules {
		covered := exact[p.Path] || enclosing[p.Path]
		forEachParent(p.Path, func(parent string) { covered = covered || exact[parent] })
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

// forEachParent calls fn with every path enclosing path: "a.b[1].c" has
// "a.b[1]", "a.b", "a" and "".
func forEachParent(path string, fn func(string)) {
	if path == "" {
		return
	}
	for i := len(path) - 1; i > 0; i-- {
		if path[i] == '.' || path[i] == '[' {
			fn(path[:i])
		}
	}
	fn("")
}

// decodePlay reads raw into p through r, reporting structural problems;
// p keeps what could be read, so the rules can still be checked.
func decodePlay(r *strictjson.Reader, raw json.RawMessage, path string, p *Play) {
	r.Record(raw, path, p, nestedInto(r))
}

// nestedInto reports a nested value's error (a trigger's problems, an
// enumeration's) through r at its path, so Covers sees it.
func nestedInto(r *strictjson.Reader) func(path string, err error) bool {
	return func(path string, err error) bool {
		if fes := success.AsFieldErrors(err); fes != nil {
			for _, fe := range fes {
				r.Problem(strictjson.Nest(path, fe.Path), "%s", fe.Problem)
			}
			return true
		}
		r.Problem(path, "%s", strictjson.WithoutSentinel(err))
		return true
	}
}

// UnmarshalJSON decodes a play strictly and validates it, as LoadPlays
// does one play: every problem at once, as success.FieldErrors wrapping
// ErrInvalid. Predicate names are not checked against a registry.
func (p *Play) UnmarshalJSON(data []byte) error {
	var ps success.FieldErrors
	report := func(path, problem string) { fielderr.Addf(&ps, ErrInvalid, path, "%s", problem) }
	if !shallowEnough(data, maxJSONDepth) {
		report("", fmt.Sprintf("nests deeper than %d levels", maxJSONDepth))
		return ps
	}
	r := strictjson.NewReader(report)
	doc, ok := r.Document(data)
	if !ok {
		return ps
	}
	var v Play
	decodePlay(r, doc, "", &v)
	ps = withRules(ps, v.problems("", nil))
	if len(ps) > 0 {
		return ps
	}
	*p = v
	return nil
}

// UnmarshalJSON decodes a trigger clause strictly: unknown fields, repeated
// keys and wrongly typed values are errors with their paths. It checks the
// structure only; Play.Validate (and LoadPlays) check the rules. On error
// t holds what could be read.
func (t *Trigger) UnmarshalJSON(data []byte) error {
	var ps success.FieldErrors
	report := func(path, problem string) { fielderr.Addf(&ps, ErrInvalid, path, "%s", problem) }
	if !shallowEnough(data, 2*MaxTriggerDepth+1) {
		report("", fmt.Sprintf("triggers nest at most %d deep", MaxTriggerDepth))
		return ps
	}
	r := strictjson.NewReader(report)
	doc, ok := r.Document(data)
	if !ok {
		return ps
	}
	var v Trigger
	r.Record(doc, "", &v, nestedInto(r))
	*t = v
	return ps.Err()
}

// shallowEnough reports whether the JSON text nests at most limit arrays
// and objects deep, reading it once. Malformed text is left to the reader.
func shallowEnough(data []byte, limit int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > limit {
				return false
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return true
}
