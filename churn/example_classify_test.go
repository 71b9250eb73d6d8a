package churn_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

func ExampleClassifier_Classify() {
	ctx := context.Background()
	// The host's risk history: Acme's health band turned red in February.
	risk, _ := churn.NewRiskLog([]churn.RiskObservation{
		{Account: "acme", At: time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), BandRank: 1, Band: "red", Source: "scorecard"},
	})
	// Bands ranked red=1, yellow=2, green=3: yellow or worse counts as at risk.
	c, _ := churn.NewClassifier(risk, churn.ClassifyOptions{AtRiskBandRank: 2})

	cl, _ := c.Classify(ctx, churn.Event{
		Account:   "acme",
		Date:      time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		Kind:      churn.FullChurn,
		Initiator: churn.Voluntary,
		LostMRR:   success.MustMoney("2500", "USD"),
		Reasons:   []churn.Reason{{Code: churn.ReasonPoorOnboarding, Detail: "never rolled out beyond the pilot team"}},
		Fit:       success.GoodFit,
	})
	fmt.Println(cl.Quadrant)
	for _, f := range cl.Evidence {
		fmt.Printf("%s: %s\n", f.Axis, f.Text)
	}
	// Output:
	// avoidable_expected
	// fit: fit verdict good_fit
	// reason: reasons[0] poor_onboarding (within our control)
	// avoidability: avoidable: good fit and reason poor_onboarding is within our control
	// expectation: expected: health band "red" (rank 1 <= 2) on 2026-02-10, 50 days before churn (lookback 90 days)
}

func ExampleClassifier_Report() {
	ctx := context.Background()
	c, _ := churn.NewClassifier(nil, churn.ClassifyOptions{})
	ev := func(account string, mrr string, fit success.Verdict, reason churn.ReasonCode) churn.Event {
		return churn.Event{
			Account: success.AccountID(account), Date: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
			Kind: churn.FullChurn, Initiator: churn.Voluntary, LostMRR: success.MustMoney(mrr, "USD"),
			Reasons: []churn.Reason{{Code: reason}}, Fit: fit,
		}
	}
	report, _, err := c.Report(ctx, slices.Values([]churn.Event{
		ev("a", "1000", success.GoodFit, churn.ReasonSupportExperience),
		ev("b", "3000", success.BadFit, churn.ReasonProductGap),
		ev("c", "1000", success.GoodFit, churn.ReasonAcquired),
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range churn.Quadrants() {
		t := report.ByQuadrant[q]
		fmt.Printf("%-23s %d %s\n", q, t.Count, t.LostARR)
	}
	fmt.Println("acquisition failures:", report.AcquisitionFailures.Count, report.AcquisitionFailures.LostARR)
	fmt.Println("worst quadrant share of lost ARR:", report.WorstARRShare().Percent())
	// Output:
	// avoidable_unexpected    1 12000.00 USD
	// avoidable_expected      0 0.00 USD
	// unavoidable_unexpected  2 48000.00 USD
	// unavoidable_expected    0 0.00 USD
	// acquisition failures: 1 36000.00 USD
	// worst quadrant share of lost ARR: 20.0%
}

func ExampleClassifier_ReportFrom() {
	// Events exported by the host, one per line, read as they are decoded: a
	// line that fails to decode stops the report instead of leaving it short.
	export := `{"account": "acme", "date": "2026-03-01T00:00:00Z", "kind": "churn", "initiator": "voluntary", "lost_mrr": {"amount": "1000", "currency": "USD"}, "reasons": [{"code": "price"}], "fit": "good_fit"}
{"account": "globex", "date": "2026-03-09T00:00:00Z", "kind": "downgrade", "initiator": "voluntary", "lost_mrr": {"amount": "250", "currency": "USD"}, "reasons": [{"code": "budget_cut"}]}
`
	c, _ := churn.NewClassifier(nil, churn.ClassifyOptions{})
	report, _, err := c.ReportFrom(context.Background(), jsonLines[churn.Event](strings.NewReader(export)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.Total.Count, report.Total.LostARR)
	fmt.Println("worst quadrant:", report.WorstShare().Percent())

	_, _, err = c.ReportFrom(context.Background(), jsonLines[churn.Event](strings.NewReader(`{"account": "initech", "reasons": [{"category": "price"}]}`)))
	fmt.Println(err)
	// Output:
	// 2 15000.00 USD
	// worst quadrant: 50.0%
	// reading events[0]: reasons[0].category: unknown field
}

func ExampleLoadTaxonomy() {
	// A host's own taxonomy: the defaults, marshalled and edited, or written
	// from scratch as here.
	tax, err := churn.LoadTaxonomy(strings.NewReader(`[
		{"code": "price", "label": "Price", "controllable": true},
		{"code": "budget_cut", "label": "Budget cut", "controllable": true},
		{"code": "data_residency", "label": "Data residency", "controllable": false}
	]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range tax.Definitions() {
		fmt.Printf("%s (%s): controllable %t\n", d.Code, d.Label, d.Controllable)
	}

	_, err = churn.LoadTaxonomy(strings.NewReader(`[{"code": "price", "label": "Price"}]`))
	fmt.Println(err)
	// Output:
	// budget_cut (Budget cut): controllable true
	// data_residency (Data residency): controllable false
	// price (Price): controllable true
	// [0].controllable: is required: say whether the cause is within our control
}

func ExampleTaxonomy_Define() {
	// This team owns value proof, so a budget cut counts as within its
	// control; and it adds a reason of its own.
	tax := churn.DefaultTaxonomy()
	_ = tax.Define(churn.ReasonDefinition{Code: churn.ReasonBudgetCut, Label: "Budget cut", Controllable: true})
	_ = tax.Define(churn.ReasonDefinition{Code: "data_residency", Label: "Data residency", Controllable: false})

	c, _ := churn.NewClassifier(nil, churn.ClassifyOptions{Taxonomy: tax})
	for _, code := range []churn.ReasonCode{churn.ReasonBudgetCut, "data_residency"} {
		cl, err := c.Classify(context.Background(), churn.Event{
			Account: "acme", Date: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
			Kind: churn.FullChurn, Initiator: churn.Voluntary, LostMRR: success.MustMoney("900", "EUR"),
			Reasons: []churn.Reason{{Code: code}}, Fit: success.GoodFit,
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(code, cl.Quadrant)
	}
	// Output:
	// budget_cut avoidable_unexpected
	// data_residency unavoidable_unexpected
}
