package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// Base is a simulated customer base: every account that signed up from Start
// to AsOf and what it did. Generate builds it; it is read-only afterwards and
// safe for concurrent readers.
type Base struct {
	// Options are the settings the base was generated with, defaults filled
	// in.
	Options Options
	// Profile is the ideal-customer profile the accounts were judged
	// against (Profile()).
	Profile success.Profile
	// Customers are the accounts in sign-up order; their IDs are
	// "acct-00001", "acct-00002", ....
	Customers []Customer

	index  map[success.AccountID]int
	plan   *health.Plan // Scorecard, compiled
	repeat repeatModel  // RepeatPurchaseModel, fitted on first use
}

// Generate simulates a customer base. The same Options give the same base,
// byte for byte, on every machine: all randomness comes from PCG generators
// seeded from Options.Seed (one stream per account), nothing reads the clock
// or iterates a map, and every stored number is rounded (whole users, cents,
// two decimals) so that a last-bit difference in floating point between
// architectures cannot show.
func Generate(opts Options) (*Base, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	b := &Base{Options: o, Profile: Profile(), Customers: make([]Customer, o.Accounts),
		index: make(map[success.AccountID]int, o.Accounts)}

	if b.plan, err = health.Compile(Scorecard()); err != nil {
		return nil, fmt.Errorf("sim: scorecard: %w", err)
	}
	// Sign-up days grow linearly over the span (density proportional to
	// time), the way a growing business signs up more customers each month.
	days := int(o.AsOf.Sub(o.Start) / (24 * time.Hour))
	master := rand.New(rand.NewPCG(o.Seed, 0x5eed))
	signups := make([]int, o.Accounts)
	for i := range signups {
		signups[i] = min(days-1, int(float64(days)*math.Sqrt(master.Float64())))
	}
	slices.Sort(signups)

	var sc scratch
	for i := range b.Customers {
		id := success.AccountID(fmt.Sprintf("acct-%05d", i+1))
		rng := rand.New(rand.NewPCG(o.Seed, uint64(i)+1))
		s := simulator{rng: rng, profile: &b.Profile, asOf: o.AsOf, scratch: &sc}
		if err := s.run(&b.Customers[i], id, o.Start.AddDate(0, 0, signups[i])); err != nil {
			return nil, fmt.Errorf("sim: account %s: %w", id, err)
		}
		b.index[id] = i
	}
	return b, nil
}

// Customer returns the customer with the given ID.
func (b *Base) Customer(id success.AccountID) (*Customer, bool) {
	i, ok := b.index[id]
	if !ok {
		return nil, false
	}
	return &b.Customers[i], true
}
