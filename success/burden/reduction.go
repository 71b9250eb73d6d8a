package burden

import (
	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/success"
)

// Reduction is the fall in burden from a baseline period to a current one.
type Reduction struct {
	Baseline Figure `json:"baseline"`
	Current  Figure `json:"current"`
	// Reduction is (baseline burden − current burden) / baseline burden:
	// 0.25 means a quarter less support per unit of usage. Undefined when
	// either burden is, or the baseline burden is 0.
	Reduction Quantity `json:"reduction"`
	// HoursSaved is current usage × baseline hours per unit of usage − current
	// hours: the support time the current use would have needed at the
	// baseline's rate, less the time spent. Undefined without baseline usage.
	HoursSaved Quantity `json:"hours_saved"`
	// CostSaved is HoursSaved × the hourly cost, rounded half-even to the
	// cost's currency's minor unit; nil (JSON null) when HoursSaved is
	// undefined or no hourly cost was given.
	CostSaved *success.Money `json:"cost_saved"`
}

func newReduction(base, cur Figure, hourly success.Money) Reduction {
	base.finish()
	cur.finish()
	r := Reduction{Baseline: base, Current: cur}
	if base.Burden.Defined && cur.Burden.Defined && base.Burden.Value > 0 {
		r.Reduction = defined((base.Burden.Value - cur.Burden.Value) / base.Burden.Value)
	}
	if base.Usage > 0 {
		// Hours from exact durations; only the usage ratio is inexact.
		bh, ch := base.handling.decimal(), cur.handling.decimal()
		saved := decimal.NewFromFloat(cur.Usage).Mul(bh).Div(decimal.NewFromFloat(base.Usage)).Sub(ch)
		h, _ := saved.Float64()
		r.HoursSaved = defined(h)
		if r.HoursSaved.Defined && hourly.Currency() != "" {
			c := hourly.Mul(saved)
			if m, err := c.Round(hourly.Currency().MinorUnits(), success.RoundHalfEven); err == nil {
				r.CostSaved = &m
			}
		}
	}
	return r
}
