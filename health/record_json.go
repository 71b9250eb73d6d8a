package health

import "github.com/secondsale/secondsale/internal/fielderr"

// This file reads the records a host decodes from JSON (Score snapshots,
// Outcome, PortfolioEntry, Override, Inputs) as strictly as LoadScorecard
// reads definitions: an unknown field, a repeated key, a wrong type or a
// null where no value may be missing is an error with its path, wrapping
// ErrInvalid, and every problem is reported at once. Field names match their
// tags exactly (encoding/json would also take "Account" for "account").
// Problems name the field and the JSON kind found, never the value, which
// may be personal.

// decodeRecord decodes data strictly into *dst, which changes only when no
// problem was found.
func decodeRecord[T any](data []byte, dst *T) error {
	return fielderr.DecodeRecord(data, dst, ErrInvalid)
}
