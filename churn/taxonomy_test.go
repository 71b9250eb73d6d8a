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
	check(t, churn.DefaultTaxonomy().Definitions(), back.Definitions())
	c, ok := back.Lookup(churn.ReasonBadFit)
	checkTrue(t, ok && c.Upstream && !c.Controllable, c)
	check(t, 12, len(back.Definitions()))

	bad := `[{"code":"price","controllable":true},{"code":"price","controllable":false},{"code":"Bad Name","controllable":true},{"code":"x","colour":"red"},{"controllable":true},{"code":"budget_cut"}]`
	err = json.Unmarshal([]byte(bad), &back)
	mustIs(t, err, churn.ErrInvalid)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	check(t, []string{"[1].code", "[2].code", "[3].controllable", "[3].colour", "[4].code", "[5].controllable"}, paths)
	checkContains(t, err.Error(), "[5].controllable: is required: say whether the cause is within our control")
	check(t, 12, len(back.Definitions()), "a rejected document leaves the taxonomy unchanged")

	err = json.Unmarshal([]byte(`[{"code":"price","controllable":true,"controllable":false}]`), &back)
	checkContains(t, err.Error(), "[0].controllable: duplicate field")
}

func TestLoadTaxonomy(t *testing.T) {
	tax, err := churn.LoadTaxonomy(strings.NewReader(`[{"code":"price","controllable":true},{"code":"war","label":"War","controllable":false}]`))
	mustOK(t, err)
	c, ok := tax.Lookup("war")
	checkTrue(t, ok && !c.Controllable, c)
	_, err = churn.LoadTaxonomy(strings.NewReader(`[{"code":"price"}`))
	mustIs(t, err, churn.ErrInvalid)
}
