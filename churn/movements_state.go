package churn

import (
	"fmt"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/ledger"
)

// movementsState is the accumulator's plain state, as encoded by
// MarshalBinary: what a distributed runner (an Apache Beam combine function,
// say) ships between workers.
type movementsState struct {
	ledger.Snapshot
	Window int32 `json:"window"`
}

const (
	movementsKind    = "churn.movements"
	movementsVersion = 2
)

// MarshalBinary encodes the accumulator's state in the SDK's versioned
// accumulator encoding. The Rates converter is not part of the state.
func (m *Movements) MarshalBinary() ([]byte, error) {
	m.init()
	return accum.Encode(movementsKind, movementsVersion, movementsState{m.book.Snapshot(m.grain, m.currency), m.window})
}

// UnmarshalBinary replaces m's state with the encoded one, after checking it
// is one Add and Merge could have built; on error m is unchanged. Grain,
// trailing window and currency come from the data. m keeps its Rates
// converter, which converts into m's currency only: with Rates, a state in
// another currency is an error wrapping ErrCurrencyMismatch, and a state
// with no currency yet keeps m's.
func (m *Movements) UnmarshalBinary(data []byte) error {
	var s movementsState
	if _, err := accum.Decode(data, movementsKind, movementsVersion, &s, ErrInvalid); err != nil {
		return err
	}
	currency := s.Currency
	if m.rates != nil {
		switch {
		case s.Currency == "":
			currency = m.currency
		case s.Currency != m.currency:
			return fmt.Errorf("%w: decoding movements: the state is in %s, but the Rates convert into %s", ErrCurrencyMismatch, s.Currency, m.currency)
		}
	}
	d, err := NewMovements(MovementOptions{Grain: s.Grain, TrailingPeriods: int(s.Window), Currency: currency, Rates: m.rates})
	if err != nil {
		return fmt.Errorf("%w: decoding movements: %v", ErrInvalid, err)
	}
	if s.Window == 0 {
		return fmt.Errorf("%w: decoding movements: window: must be > 0", ErrInvalid)
	}
	book, err := s.Book(d.cal, "movements", ErrInvalid)
	if err != nil {
		return err
	}
	d.book = book
	*m = *d
	return nil
}
