package sim_test

import (
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success"
)

// Whatever the seed, size and span, every record of the base is valid input
// for the SDK and the as-of accessors agree with the records.
func TestGeneratedRecordsAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		asOf := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rapid.IntRange(0, 3000).Draw(t, "asof"))
		opts := sim.Options{Seed: rapid.Uint64().Draw(t, "seed"), Accounts: rapid.IntRange(1, 25).Draw(t, "accounts"),
			AsOf: asOf, Start: asOf.AddDate(0, 0, -rapid.IntRange(1, 1500).Draw(t, "days"))}
		b, err := sim.Generate(opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Customers) != opts.Accounts {
			t.Fatalf("%d customers, want %d", len(b.Customers), opts.Accounts)
		}
		for i := range b.Customers {
			c := &b.Customers[i]
			check(t, c.Account.Validate())
			check(t, c.Outcome.Validate())
			check(t, success.ValidateMilestones(c.Milestones))
			for _, s := range c.Subscriptions {
				check(t, s.Validate())
			}
			for _, e := range c.Churns {
				check(t, e.Validate(churn.DefaultTaxonomy()))
			}
			for _, tp := range c.Touchpoints {
				check(t, tp.Validate())
			}
			for d, u := range c.Usage {
				day := c.Account.StartDate.AddDate(0, 0, d)
				if u < 0 || int(u) > c.Seats(day) {
					t.Fatalf("%s day %d: %v active users of %d seats", c.Account.ID, d, u, c.Seats(day))
				}
			}
			if c.Active(b.Options.AsOf) {
				f, err := b.Facts(c, b.Options.AsOf)
				check(t, err)
				check(t, f.Validate())
			}
		}
		for _, err := range b.Ledger() {
			check(t, err)
		}
	})
}

func check(t *rapid.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
