package sim_test

import (
	"fmt"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success"
)

// Generate a base, then hand its records to the SDK: here the survival of
// good against bad fit.
func ExampleGenerate() {
	base, err := sim.Generate(sim.Options{Seed: 1, Accounts: 1000})
	if err != nil {
		panic(err)
	}
	active, bad := 0, 0
	for i := range base.Customers {
		c := &base.Customers[i]
		if c.Active(base.Options.AsOf) {
			active++
		}
		if !c.GoodFit() {
			bad++
		}
	}
	fmt.Printf("%d accounts from %s to %s: %d bad fit, %d customers now\n", len(base.Customers),
		base.Options.Start.Format("2006-01-02"), base.Options.AsOf.Format("2006-01-02"), bad, active)

	obs, err := cohort.ObserveSpells(base.Spells(), base.Options.AsOf, success.Monthly)
	if err != nil {
		panic(err)
	}
	km, err := cohort.KaplanMeierByStratum(func(yield func(cohort.Observation) bool) {
		for _, o := range obs {
			if !yield(o) {
				return
			}
		}
	}, cohort.SurvivalOptions{})
	if err != nil {
		panic(err)
	}
	for _, c := range km.Curves {
		fmt.Printf("%s: %.0f%% still customers after 12 months\n", c.Stratum, 100*c.SurvivalAt(12))
	}
	// Output:
	// 1000 accounts from 2023-12-01 to 2026-12-01: 365 bad fit, 781 customers now
	// bad fit: 40% still customers after 12 months
	// good fit: 83% still customers after 12 months
}

// Facts are what a host would hand the playbook engine for one account on
// one day.
func ExampleBase_Facts() {
	base, err := sim.Generate(sim.Options{Seed: 1, Accounts: 200})
	if err != nil {
		panic(err)
	}
	c := &base.Customers[0]
	f, err := base.Facts(c, base.Options.AsOf)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s (%s, %s): health %.0f %s, readiness %s, %d signals\n", f.Account.ID, f.Account.Segment, f.Fit,
		f.Health.Value, f.Health.Band, f.Readiness.Level, len(f.Signals))
	// Output:
	// acct-00001 (enterprise, bad_fit): health 54 yellow, readiness not_ready, 1 signals
}
