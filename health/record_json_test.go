package health_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

func TestInputsReadNullAsMissing(t *testing.T) {
	var in health.Inputs
	require.NoError(t, json.Unmarshal([]byte(`{"logins": 12, "nps": null, "plan": "pro", "sso": true}`), &in))
	assert.Equal(t, health.Inputs{"logins": success.NumberValue(12), "plan": success.StringValue("pro"), "sso": success.BoolValue(true)}, in)

	for name, c := range map[string]struct{ doc, path string }{
		"repeated key": {`{"logins": 1, "logins": 2}`, `logins`},
		"wrong type":   {`{"plan": ["jane@example.com"]}`, `plan`},
		"not object":   {`[1]`, ""},
	} {
		err := json.Unmarshal([]byte(c.doc), &in)
		require.ErrorIs(t, err, health.ErrInvalid, name)
		assert.Equal(t, []string{c.path}, paths(err), name)
		assert.NotContains(t, err.Error(), "jane", name)
	}
}

func TestRecordsAreStrict(t *testing.T) {
	p := mustCompile(t, thinCard(health.ConfidencePolicy{}))
	s, err := p.Score("acme", health.Inputs{"logins": success.NumberValue(50)}, t0, health.ScoreOptions{})
	require.NoError(t, err)
	data, err := json.Marshal(s)
	require.NoError(t, err)
	var back health.Score
	require.NoError(t, json.Unmarshal(data, &back), "a score reads back what it writes")
	assert.Equal(t, s, back)

	for _, c := range []struct {
		name  string
		into  any
		doc   string
		paths []string
	}{
		{"score unknown field", new(health.Score), `{"account": "a", "measurments": []}`, []string{"measurments"}},
		{"score nested", new(health.Score), `{"account": "a", "measures": [{"id": "m", "points": "high", "wieght": 1}]}`, []string{"measures[0].points", "measures[0].wieght"}},
		{"score repeated key", new(health.Score), `{"account": "a", "account": "b"}`, []string{"account"}},
		{"score case", new(health.Score), `{"Account": "a"}`, []string{"Account"}},
		{"outcome", new(health.Outcome), `{"score": {"account": "a", "valeu": 3}, "churned": "yes", "arr": {"amount": "1", "currency": "USD"}}`, []string{"score.valeu", "churned"}},
		{"portfolio entry", new(health.PortfolioEntry), `{"score": {"override": {"author": 7, "reason": "r"}}, "ARR": 1}`, []string{"score.override.author", "ARR"}},
		{"override", new(health.Override), `{"value": "jane@example.com", "author": "csm", "expires": "2026-01-01T00:00:00Z", "extra": 1}`, []string{"value", "extra"}},
		{"override time", new(health.Override), `{"author": "csm", "reason": "r", "expires": "jane@example.com"}`, []string{"expires"}},
		{"money", new(health.PortfolioEntry), `{"score": {}, "arr": {"amount": "1", "currency": "USD", "rate": 1}}`, []string{"arr.rate"}},
	} {
		err := json.Unmarshal([]byte(c.doc), c.into)
		require.ErrorIs(t, err, health.ErrInvalid, c.name)
		assert.ElementsMatch(t, c.paths, paths(err), c.name)
		assert.NotContains(t, err.Error(), "jane", c.name)
	}

	// A zero Money writes null and reads it back.
	var e health.PortfolioEntry
	data, err = json.Marshal(health.PortfolioEntry{Score: s})
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &e))
	assert.Equal(t, s, e.Score)

	var o health.Override
	require.NoError(t, json.Unmarshal([]byte(`{"value": null, "band": "red", "author": "csm", "reason": "r", "expires": "2026-01-01T00:00:00Z"}`), &o))
	assert.Equal(t, "red", o.Band)
}
