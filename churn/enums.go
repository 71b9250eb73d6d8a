package churn

import "github.com/secondsale/secondsale/internal/enum"

// The enumerations validate when decoded, so a JSON document with an unknown
// value fails at the field that holds it.

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *EventKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the initiator.
func (i *Initiator) UnmarshalText(b []byte) error { return enum.Decode(i, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the grain.
func (g *Grain) UnmarshalText(b []byte) error { return enum.Decode(g, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *MovementKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the rule.
func (r *ReasonRule) UnmarshalText(b []byte) error { return enum.Decode(r, b) }
