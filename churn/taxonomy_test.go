package churn_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTaxonomyJSON(t *testing.T) {
	data, err := json.Marshal(churn.DefaultTaxonomy())
	require.NoError(t, err)
	var back churn.Taxonomy
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, churn.DefaultTaxonomy().Definitions(), back.Definitions())
	c, ok := back.Lookup(churn.ReasonBadFit)
	assert.True(t, ok && c.Upstream && !c.Controllable, c)
	assert.Len(t, back.Definitions(), 12)

	bad := `[{"code":"price","controllable":true},{"code":"price","controllable":false},{"code":"Bad Name","controllable":true},{"code":"x","colour":"red"},{"controllable":true},{"code":"budget_cut"}]`
	err = json.Unmarshal([]byte(bad), &back)
	require.ErrorIs(t, err, churn.ErrInvalid)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	assert.Equal(t, []string{"[1].code", "[2].code", "[3].controllable", "[3].colour", "[4].code", "[5].controllable"}, paths)
	assert.Contains(t, err.Error(), "[5].controllable: is required: say whether the cause is within our control")
	assert.Len(t, back.Definitions(), 12, "a rejected document leaves the taxonomy unchanged")

	err = json.Unmarshal([]byte(`[{"code":"price","controllable":true,"controllable":false}]`), &back)
	assert.Contains(t, err.Error(), "[0].controllable: duplicate field")
}

func TestLoadTaxonomy(t *testing.T) {
	tax, err := churn.LoadTaxonomy(strings.NewReader(`[{"code":"price","controllable":true},{"code":"war","label":"War","controllable":false}]`))
	require.NoError(t, err)
	c, ok := tax.Lookup("war")
	assert.True(t, ok && !c.Controllable, c)
	_, err = churn.LoadTaxonomy(strings.NewReader(`[{"code":"price"}`))
	require.ErrorIs(t, err, churn.ErrInvalid)
}
