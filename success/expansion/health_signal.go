package expansion

import (
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Health is an account's health score as plain values (health.Score's Value,
// Band and Confidence, read by the host).
type Health struct {
	Score float64 `json:"score"` // 0..100
	// Band is the score's band; empty when the host has no band to map. A
	// red band blocks.
	Band Band `json:"band,omitempty"`
	// Confident is whether the score rests on enough known inputs to be
	// trusted; a score that is not counts with half its weight
	// (Options.UnconfidentHealthShare).
	Confident bool `json:"confident"`
}

func (h *Health) validate(ps *success.FieldErrors) {
	if !(h.Score >= 0 && h.Score <= 100) {
		fielderr.Addf(ps, ErrInvalid, "health.score", "must be within 0..100, got %v", h.Score)
	}
	if h.Band != "" && h.Band != Green && h.Band != Yellow && h.Band != Red { // no call on the fast path
		if err := h.Band.Validate(); err != nil {
			fielderr.AddErr(ps, ErrInvalid, "health.band", err)
		}
	}
}
