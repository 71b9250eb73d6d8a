package expansion_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

func prices() expansion.PriceList {
	return expansion.PriceList{
		Currency: "USD",
		Units: []expansion.UnitPrice{
			{Entitlement: "seats", Price: success.MustMoney("120", "USD")},
			{Entitlement: "projects", Price: success.MustMoney("300.50", "USD")},
		},
		Ladders: []expansion.Ladder{{Entitlement: "projects", Tiers: []expansion.Tier{
			{Name: "starter", ARR: success.MustMoney("1000", "USD")},
			{Name: "pro", ARR: success.MustMoney("2500", "USD")},
		}}},
		Products: []expansion.Product{{ID: "core", ARR: success.MustMoney("12000", "USD")}, {ID: "sso", ARR: success.MustMoney("900", "USD")}},
	}
}

func opportunities(t *testing.T, in expansion.Input) []expansion.Opportunity {
	t.Helper()
	a, err := expansion.Assess(in, asOf, expansion.Options{})
	require.NoError(t, err)
	p := prices()
	ops, err := p.Opportunities(in, a, expansion.Options{})
	require.NoError(t, err)
	return ops
}

func TestOpportunities(t *testing.T) {
	in := ready()
	in.Products = []string{"core"}
	in.Entitlements = []expansion.Entitlement{
		{ID: "seats", Purchased: 100, Used: 160},                  // 160/0.8 = 200: 100 more seats, not 101
		{ID: "projects", Purchased: 10, Used: 9, Tier: "starter"}, // next tier
		{ID: "storage", Purchased: 10, Used: 10},                  // near its limit but not priced
	}
	ops := opportunities(t, in)
	require.Len(t, ops, 3)
	assert.Equal(t, "12000.00 USD", ops[0].Uplift.String())
	ops[0].Uplift = success.Money{}
	assert.Equal(t, expansion.Opportunity{Account: "acme", Kind: expansion.MoreUnits, Subject: "seats", Quantity: 100, Utilisation: 1.6,
		Proposable: true}, ops[0])
	assert.Equal(t, expansion.Upgrade, ops[1].Kind)
	assert.Equal(t, "starter", ops[1].From)
	assert.Equal(t, "pro", ops[1].To)
	assert.True(t, ops[1].Uplift.Equal(success.MustMoney("1500", "USD")))
	assert.Equal(t, expansion.Opportunity{Account: "acme", Kind: expansion.CrossSell, Subject: "sso", Uplift: success.MustMoney("900", "USD"), Proposable: true}, ops[2])

	// At the top tier, more units of it instead; at least one unit.
	in.Entitlements = []expansion.Entitlement{{ID: "projects", Purchased: 10, Used: 8, Tier: "pro"}}
	ops = opportunities(t, in)
	require.Len(t, ops, 2)
	assert.Equal(t, expansion.MoreUnits, ops[1].Kind)
	assert.Equal(t, 1.0, ops[1].Quantity)
	assert.Equal(t, "300.50 USD", ops[1].Uplift.String())
}

func TestOpportunitiesBlocked(t *testing.T) {
	in := ready()
	in.Risk = expansion.Risk{ChurnSignal: true}
	in.Fit = success.BadFit
	for _, op := range opportunities(t, in) {
		assert.False(t, op.Proposable, op.Subject)
		assert.Equal(t, []expansion.BlockerCode{expansion.BadFit, expansion.ChurnSignal},
			codes(op.Blockers, func(b expansion.Blocker) expansion.BlockerCode { return b.Code }))
	}
	// Nurture without a blocker: to prepare, not to propose.
	in = ready()
	in.Entitlements[0].Used = 10
	in.Advocacy.NPS = ptr(2)
	in.Health.Score = 40
	for _, op := range opportunities(t, in) {
		assert.False(t, op.Proposable, op.Subject)
		assert.Empty(t, op.Blockers)
	}
}

func TestOpportunitiesErrors(t *testing.T) {
	in := ready()
	a, err := expansion.Assess(in, asOf, expansion.Options{})
	require.NoError(t, err)

	p := prices()
	p.Currency = "EUR"
	_, err = p.Opportunities(in, a, expansion.Options{})
	require.ErrorIs(t, err, success.ErrCurrencyMismatch) // every price is in USD
	assert.ErrorIs(t, err, expansion.ErrInvalid)

	p = prices()
	in.Account.ARR = success.MustMoney("100", "EUR")
	in.Purchases.Later = nil
	a2, err := expansion.Assess(in, asOf, expansion.Options{})
	require.NoError(t, err)
	_, err = p.Opportunities(in, a2, expansion.Options{})
	require.ErrorIs(t, err, expansion.ErrCurrencyMismatch)
	assert.Contains(t, err.Error(), `account "acme": arr:`)

	in = ready()
	in.Entitlements[1] = expansion.Entitlement{ID: "projects", Purchased: 1, Used: 1, Tier: "enterprise"}
	_, err = p.Opportunities(in, a, expansion.Options{})
	require.ErrorIs(t, err, expansion.ErrInvalid)
	assert.Contains(t, err.Error(), "entitlements[1].tier")

	other := a
	other.Account = "globex"
	_, err = p.Opportunities(ready(), other, expansion.Options{})
	require.ErrorIs(t, err, expansion.ErrInvalid)

	bad := prices()
	bad.Units[1].Entitlement = "seats"
	bad.Ladders[0].Tiers[1].ARR = success.MustMoney("900", "USD")
	bad.Products[1].ARR = success.MustMoney("-1", "USD")
	paths := []string{}
	for _, fe := range success.AsFieldErrors(bad.Validate()) {
		paths = append(paths, fe.Path)
	}
	assert.Equal(t, []string{"units[1].entitlement", "ladders[0].tiers[1].arr", "products[1].arr", "products[1].arr"}, paths)
}

func TestPriceListJSON(t *testing.T) {
	p := prices()
	data, err := json.Marshal(p)
	require.NoError(t, err)
	var back expansion.PriceList
	require.NoError(t, json.Unmarshal(data, &back))
	require.NoError(t, back.Validate())
	assert.Equal(t, len(p.Units), len(back.Units))
	err = json.Unmarshal([]byte(`{"currency":"USD","units":[{"entitlement":"seats","prize":"1"}]}`), &back)
	require.ErrorIs(t, err, expansion.ErrInvalid)
	assert.Contains(t, err.Error(), "units[0].prize")
}

// Opportunities keep their blockers when the assessment they came from is
// reused for the next account.
func TestOpportunitiesSurviveAssessIntoReuse(t *testing.T) {
	var a expansion.Assessment
	in := ready()
	in.Risk.OpenPlay = true
	require.NoError(t, expansion.AssessInto(&a, &in, asOf, expansion.Options{}))
	p := prices()
	ops, err := p.Opportunities(in, a, expansion.Options{})
	require.NoError(t, err)
	next := ready()
	next.Fit = success.BadFit
	require.NoError(t, expansion.AssessInto(&a, &next, asOf, expansion.Options{}))
	require.Equal(t, expansion.BadFit, a.Blockers[0].Code)
	for _, op := range ops {
		assert.Equal(t, expansion.OpenRiskPlay, op.Blockers[0].Code)
	}
}
