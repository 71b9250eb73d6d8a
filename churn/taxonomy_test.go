package churn_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

func TestTaxonomyJSON(t *testing.T) {
	data, err := json.Marshal(churn.DefaultTaxonomy())
	mustOK(t, err)
	var back churn.Taxonomy
	mustOK(t, json.Unmarshal(data, &back))
	check(t, churn.DefaultTaxonomy().Categories(), back.Categories())
	c, ok := back.Lookup(churn.ReasonBadFit)
	checkTrue(t, ok && c.Upstream && !c.Controllable, c)
	check(t, 12, len(back.Categories()))

	bad := `[{"name":"price","controllable":true},{"name":"price","controllable":false},{"name":"Bad Name","controllable":true},{"name":"x","colour":"red"},{"controllable":true},{"name":"budget_cut"}]`
	err = json.Unmarshal([]byte(bad), &back)
	mustIs(t, err, churn.ErrInvalid)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	check(t, []string{"[1].name", "[2].name", "[3].controllable", "[3].colour", "[4].name", "[5].controllable"}, paths)
	checkContains(t, err.Error(), "[5].controllable: is required: say whether the cause is within our control")
	check(t, 12, len(back.Categories()), "a rejected document leaves the taxonomy unchanged")

	err = json.Unmarshal([]byte(`[{"name":"price","controllable":true,"controllable":false}]`), &back)
	checkContains(t, err.Error(), "[0].controllable: duplicate field")
}

func TestLoadTaxonomy(t *testing.T) {
	tax, err := churn.LoadTaxonomy(strings.NewReader(`[{"name":"price","controllable":true},{"name":"war","label":"War","controllable":false}]`))
	mustOK(t, err)
	c, ok := tax.Lookup("war")
	checkTrue(t, ok && !c.Controllable, c)
	_, err = churn.LoadTaxonomy(strings.NewReader(`[{"name":"price"}`))
	mustIs(t, err, churn.ErrInvalid)
}
