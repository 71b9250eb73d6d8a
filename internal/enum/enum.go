// Package enum decodes the SDK's typed-string enumerations. Every package
// validates its enumerations when they are decoded (STYLE: "validated when
// built or decoded"); this is the one implementation they share.
package enum

// Enum is a typed string that knows its valid values.
type Enum interface {
	~string
	Validate() error
}

// Decode sets *dst to the text in b when it is a valid value, and otherwise
// returns Validate's error and leaves *dst unchanged. UnmarshalText methods
// are one line with it.
func Decode[E Enum](dst *E, b []byte) error {
	v := E(b)
	if err := v.Validate(); err != nil {
		return err
	}
	*dst = v
	return nil
}
