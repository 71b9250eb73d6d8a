package burden

import (
	"time"

	"github.com/shopspring/decimal"
)

// handling is an exact sum of handling times that cannot overflow: whole
// hours apart from the remainder, where a time.Duration sum would wrap after
// 292 years (a few hundred tickets at the largest Duration).
type handling struct {
	hours int64
	rest  time.Duration // in [0, 1h)
}

func (h *handling) add(d time.Duration) {
	h.hours += int64(d / time.Hour)
	h.rest += d % time.Hour
	if h.rest >= time.Hour {
		h.rest -= time.Hour
		h.hours++
	}
}

func (h *handling) merge(o handling) {
	h.hours += o.hours
	h.add(o.rest)
}

func (h handling) decimal() decimal.Decimal {
	return decimal.NewFromInt(h.hours).Add(decimal.NewFromInt(int64(h.rest)).Div(decimal.NewFromInt(int64(time.Hour))))
}

func (h handling) float() float64 { return float64(h.hours) + h.rest.Hours() }
