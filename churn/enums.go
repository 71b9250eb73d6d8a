package churn

import "github.com/secondsale/secondsale/internal/enum"

// Every enumeration of the package validates when decoded, so a JSON
// document with an unknown value fails at the field that holds it, and when
// encoded, so that what is written can be read back; both methods sit beside
// each type's Validate. These are the ledger's.

// MarshalText implements encoding.TextMarshaler: the kind's name, or an
// error for an invalid kind.
func (k MovementKind) MarshalText() ([]byte, error) { return enum.Encode(k) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *MovementKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }
