package health

import (
	"log/slog"
	"slices"
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/secondsale/secondsale/success"
)

// Override is a CSM's manual correction of an account's overall score: either
// a value or a band, with who set it, why, and until when. It applies to
// scores as of Set <= asOf < Expires; the score keeps its computed value beside
// the override so nobody loses sight of what the data says.
type Override struct {
	Value   *float64  `json:"value,omitempty"` // 0..100; nil when the override is a band
	Band    string    `json:"band,omitempty"`  // a band name; empty when the override is a value
	Author  string    `json:"author"`
	Reason  string    `json:"reason"`
	Set     time.Time `json:"set,omitzero"` // when it was set; zero means it applies from the start of time
	Expires time.Time `json:"expires"`      // required: an override always ends, after Set
}

// LogValue implements slog.LogValuer: an override logs its kind (value or
// band), the value or band, and when it was set and expires, but never its
// author or reason, which name and quote people.
func (o Override) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 4)
	switch {
	case o.Value != nil:
		attrs = append(attrs, slog.String("kind", "value"), slog.Float64("value", *o.Value))
	case o.Band != "":
		attrs = append(attrs, slog.String("kind", "band"), slog.Int("band_len", len(o.Band)))
	default:
		attrs = append(attrs, slog.String("kind", "none"))
	}
	if !o.Set.IsZero() {
		attrs = append(attrs, slog.Time("set", o.Set))
	}
	return slog.GroupValue(append(attrs, slog.Time("expires", o.Expires))...)
}

// Active reports whether the override applies as of asOf.
func (o Override) Active(asOf time.Time) bool {
	return !asOf.Before(o.Set) && asOf.Before(o.Expires)
}

func (o Override) validate(bands []Band) success.FieldErrors {
	var ps success.FieldErrors
	switch {
	case o.Value == nil && o.Band == "":
		fielderr.Addf(&ps, ErrInvalid, "value", "set either a value or a band")
	case o.Value != nil && o.Band != "":
		fielderr.Addf(&ps, ErrInvalid, "band", "set either a value or a band, not both")
	case o.Value != nil && !validPoints(*o.Value):
		fielderr.Addf(&ps, ErrInvalid, "value", "must be within 0..100, got %v", *o.Value)
	case o.Band != "" && !slices.ContainsFunc(bands, func(b Band) bool { return b.Name == o.Band }):
		// The band is not quoted: a CSM types it, and it may be any text.
		fielderr.Addf(&ps, ErrInvalid, "band", "is not one of the scorecard's bands (got a string of %d bytes)", len(o.Band))
	}
	if o.Author == "" {
		fielderr.Addf(&ps, ErrInvalid, "author", "must not be empty")
	}
	if o.Reason == "" {
		fielderr.Addf(&ps, ErrInvalid, "reason", "must not be empty")
	}
	if o.Expires.IsZero() {
		fielderr.Addf(&ps, ErrInvalid, "expires", "must be set: overrides always expire")
	} else if !o.Expires.After(o.Set) {
		fielderr.Addf(&ps, ErrInvalid, "expires", "must be after set (%s)", o.Set.Format(time.RFC3339))
	}
	return ps
}

// UnmarshalJSON reads an override strictly: unknown fields, repeated keys
// and wrong types are errors with their paths.
func (o *Override) UnmarshalJSON(data []byte) error { return decodeRecord(data, o) }
