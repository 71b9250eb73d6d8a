package sim

import (
	"fmt"
	"slices"
	"sync"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// RepeatPurchaseDays is the horizon of the repeat-purchase probability Facts
// gives readiness: the chance of buying training credits again within this
// many days, about one purchase interval of a typical buyer.
const RepeatPurchaseDays = 90

// ReadinessInput is what expansion readiness reads, as Facts assesses it:
// the customer's Customer.ReadinessInput plus SecondPurchase, the chance
// (from RepeatPurchaseModel) that it buys training credits again within
// RepeatPurchaseDays of f.AsOf. SecondPurchase stays nil for an account
// with no credit purchase by then: BG/NBD speaks only of customers who have
// bought once, and nil leaves the signal out of the score rather than
// counting it against the account. It stays nil too when the base is too
// small or too young to fit the model (RepeatPurchaseModel says why), as for
// a host without one.
func (b *Base) ReadinessInput(c *Customer, f playbook.Facts) (expansion.Input, error) {
	in := c.ReadinessInput(f)
	n := 0 // credits bought by f.AsOf
	for n < len(c.Credits) && !c.Credits[n].At.After(f.AsOf) {
		n++
	}
	if n == 0 {
		return in, nil
	}
	m, err := b.RepeatPurchaseModel()
	if err != nil {
		return in, nil // no model
	}
	sums, err := cohort.Summarize(slices.Values(c.Credits[:n]), f.AsOf, success.Daily, cohort.SummaryOptions{})
	if err != nil || len(sums) != 1 {
		return in, fmt.Errorf("sim: account %s: credits: %d summaries of one account: %w", c.Account.ID, len(sums), err)
	}
	none, err := m.PurchaseCountProbability(sums[0], 0, RepeatPurchaseDays)
	if err != nil {
		return in, fmt.Errorf("sim: account %s: repeat purchase: %w", c.Account.ID, err)
	}
	p := min(1, max(0, 1-none))
	in.SecondPurchase = &p
	return in, nil
}

// RepeatPurchaseModel returns the BG/NBD model of training-credit purchases
// (Base.Credits summarised in days), fitted once per base, on first use, as
// of the base's AsOf.
//
// Facts uses this one model for every day. For a day before AsOf it looks
// ahead at the population level: the four parameters have seen the
// purchases made after that day, though each account's own history is cut
// at the day. A fit per day would be exact but costs a full fit (about 9 ms
// for the default base, BenchmarkRepeatPurchaseModel, about a hundred
// accounts' Facts) for every distinct day asked about, and a lock-guarded
// cache of models per day; the parameters describe a population that
// changes slowly, so the look-ahead moves the probabilities little. A host that needs a
// clean backtest fits cohort.FitBGNBD on cohort.Summarize(Base.Credits(),
// day, ...) itself.
func (b *Base) RepeatPurchaseModel() (cohort.BGNBD, error) {
	b.repeat.once.Do(func() {
		sums, err := cohort.Summarize(b.Credits(), b.Options.AsOf, success.Daily, cohort.SummaryOptions{})
		if err == nil {
			sums, err = cohort.CompressSummaries(sums)
		}
		if err == nil {
			b.repeat.model, err = cohort.FitBGNBD(sums, cohort.FitOptions{})
		}
		if err != nil {
			b.repeat.err = fmt.Errorf("sim: repeat-purchase model: %w", err)
		}
	})
	return b.repeat.model, b.repeat.err
}

// repeatModel is the lazily fitted RepeatPurchaseModel.
type repeatModel struct {
	once  sync.Once
	model cohort.BGNBD
	err   error
}
