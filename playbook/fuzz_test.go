package playbook_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/secondsale/secondsale/internal/fuzzinput"
	"github.com/secondsale/secondsale/playbook"
)

// FuzzLoadPlays holds LoadPlays to its promise on any bytes: no panic,
// every error wraps ErrInvalid, and every play it returns validates,
// evaluates against facts without error (no predicates used) and loads
// back equal from its own JSON.
func FuzzLoadPlays(f *testing.F) {
	for _, d := range []string{saveJSON, ``, `[]`, `{"plays": []}`, `{"plays": [{}]}`, `{"plays": [] } {}`,
		`{"plays": [{"id": "x", "trigger": {"kind": "not", "clauses": [{"kind": "not"}]}, "steps": [{"due_days": -1}]}]}`,
		`{"plays": [{"id": "x", "version": 1e3, "name": null, "steps": [{"wait": {"until": {"kind": "step_completed", "step": "x"}}}]}]}`} {
		f.Add([]byte(d))
	}
	f.Add(fuzzinput.RequireJSON(f, map[string]any{"plays": []playbook.Play{richPlay()}}))
	f.Add(fuzzinput.RequireJSON(f, map[string]any{"plays": playbook.SecondSaleLibrary()}))
	facts := baseFacts()
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		plays, err := playbook.LoadPlays(bytes.NewReader(data), playbook.LoadOptions{Predicates: playbook.Predicates{}})
		if err != nil {
			fuzzinput.RequireSentinel(t, err, playbook.ErrInvalid)
			return
		}
		for i := range plays {
			p := &plays[i]
			if err := p.Validate(); err != nil {
				t.Fatalf("a loaded play does not validate: %v", err)
			}
			if _, err := p.Trigger.Match(facts, nil); err != nil {
				t.Fatalf("a loaded trigger does not evaluate: %v", err)
			}
			if p.Exit != nil {
				if _, err := p.Exit.Evaluate(facts, nil); err != nil {
					t.Fatalf("a loaded exit does not evaluate: %v", err)
				}
			}
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatalf("a loaded play does not marshal: %v", err)
			}
			var back playbook.Play
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("a loaded play does not load back: %v", err)
			}
		}
	})
}
