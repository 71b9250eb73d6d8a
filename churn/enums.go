package churn

// The enumerations validate when decoded, so a JSON document with an unknown
// value fails at the field that holds it.

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *EventKind) UnmarshalText(b []byte) error { return decodeEnum(k, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the initiator.
func (i *Initiator) UnmarshalText(b []byte) error { return decodeEnum(i, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the grain.
func (g *Grain) UnmarshalText(b []byte) error { return decodeEnum(g, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the interval.
func (i *Interval) UnmarshalText(b []byte) error { return decodeEnum(i, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *MovementKind) UnmarshalText(b []byte) error { return decodeEnum(k, b) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the rule.
func (r *ReasonRule) UnmarshalText(b []byte) error { return decodeEnum(r, b) }

type enum interface {
	~string
	Validate() error
}

func decodeEnum[E enum](dst *E, b []byte) error {
	v := E(b)
	if err := v.Validate(); err != nil {
		return err
	}
	*dst = v
	return nil
}
