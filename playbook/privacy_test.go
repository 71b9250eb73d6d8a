package playbook_test

import (
	"strings"
	"testing"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Errors name fields, kinds and lengths, never a personal value that was
// typed into the wrong field.
func TestErrorsQuoteNoPersonalValue(t *testing.T) {
	const email = "jane.doe@example.com"
	doc := `{"plays": [{"id": "` + email + `", "version": 1, "name": "` + email + `", "type": "` + email + `", "owner": "` + email + `",
	  "trigger": {"kind": "` + email + `", "band": "` + email + `"},
	  "steps": [{"id": "` + email + `", "title": "` + strings.Repeat(email, 300) + `", "due_days": "` + email + `", "owner": "` + email + `",
	    "wait": {"until": {"kind": "step_completed", "step": "` + email + `"}, "max_days": 1}},
	    {"id": "` + email + `", "title": "t", "due_days": 1}],
	  "suppression": {"key": "` + email + `", "custom_key": "` + email + `"}}]}`
	_, err := playbook.LoadPlays(strings.NewReader(doc), playbook.LoadOptions{})
	require.ErrorIs(t, err, playbook.ErrInvalid)
	assert.NotContains(t, err.Error(), "jane")
	assert.Len(t, success.AsFieldErrors(err), 12)

	p := savePlay()
	f := baseFacts()
	f.Contact = ""
	_, err = playbook.Suppression{Key: playbook.KeyCustom, CustomKey: email}.DedupKey(&p, f, "")
	require.ErrorIs(t, err, playbook.ErrInvalid)
	assert.NotContains(t, err.Error(), "jane")
	tr := playbook.Trigger{Kind: playbook.HostPredicate, Predicate: email}
	_, err = tr.Match(f, nil)
	require.ErrorIs(t, err, playbook.ErrInvalid)
	assert.NotContains(t, err.Error(), "jane")
	f.Custom = map[string]success.Value{email: success.NumberValue(0)}
	require.NoError(t, f.Validate())
}
