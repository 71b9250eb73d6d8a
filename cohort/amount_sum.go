package cohort

import (
	"github.com/secondsale/secondsale/internal/ledger"
	"github.com/shopspring/decimal"
)

// amountSum adds non-negative decimal amounts exactly, with the ledger
// core's fixed-point sum (shared with cohort tables and churn.Movements).
type amountSum struct{ s ledger.Sum }

func (s *amountSum) add(d decimal.Decimal) { s.s.Add(d) }

// float returns the sum as a float64, to within a rounding or two.
func (s *amountSum) float() float64 { return s.s.Float() }

// decimal returns the sum exactly.
func (s *amountSum) decimal() decimal.Decimal { return s.s.Decimal() }
