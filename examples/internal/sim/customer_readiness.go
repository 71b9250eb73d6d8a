package sim

import (
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success/expansion"
)

// ReadinessInput is what expansion readiness reads of the customer alone
// (pass it with *f.Readiness to a PriceList's Opportunities): the Desired
// Outcome, fit and NPS of f, health as plain values, seat utilisation (the
// most daily active users on a day of the 30 before, over the seats), the
// products owned, the purchases up to the day and churn signals as risk.
// SecondPurchase is left nil: it needs the base's repeat-purchase model,
// which Base.ReadinessInput (the input Facts assesses) adds.
func (c *Customer) ReadinessInput(f playbook.Facts) expansion.Input {
	t := f.AsOf
	in := expansion.Input{Account: f.Account, DesiredOutcome: f.DesiredOutcome, Fit: f.Fit,
		Advocacy: expansion.Advocacy{NPS: f.NPS}, Purchases: expansion.Purchases{FirstSale: c.Account.StartDate}}
	if h := f.Health; h != nil && h.Available {
		in.Health = &expansion.Health{Score: h.Value, Band: expansion.Band(h.Band), Confident: h.Confident}
	}
	in.Entitlements, in.Products = c.Entitlements(t), c.Products(t)
	for _, p := range c.Expansions {
		if p.At.After(t) {
			break
		}
		in.Purchases.Later = append(in.Purchases.Later, p)
	}
	if len(f.Signals) > 0 {
		in.Risk = expansion.Risk{ChurnSignal: true, SignalReason: string(f.Signals[0].Kind)}
	}
	return in
}
