package playbook

import (
	"fmt"
	"strings"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// KeyKind says which runs count as the same for deduplication.
type KeyKind string

const (
	// KeyAccountPlay (the default, also for the empty value): one run per
	// account and play, whatever the play's version.
	KeyAccountPlay KeyKind = "account_play"
	// KeyContact: one run per account, play and contact (Facts.Contact).
	KeyContact KeyKind = "contact"
	// KeyCustom: one run per account, play and the value of the host fact
	// Facts.Custom[Suppression.CustomKey].
	KeyCustom KeyKind = "custom"
)

// Validate reports whether k is a defined key kind or empty.
func (k KeyKind) Validate() error {
	return enum.OneOf(k, "key kind", ErrInvalid, "", KeyAccountPlay, KeyContact, KeyCustom)
}

// MarshalText implements encoding.TextMarshaler.
func (k KeyKind) MarshalText() ([]byte, error) { return enum.Encode(k) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the kind.
func (k *KeyKind) UnmarshalText(b []byte) error { return enum.Decode(k, b) }

// OpenPolicy says what happens when a play triggers for a key whose run is
// still open.
type OpenPolicy string

const (
	// Keep (the default, also for the empty value): keep the open run as
	// it is and record the suppression.
	Keep OpenPolicy = "keep"
	// Refresh: keep the open run and refresh the facts it records, so its
	// owner sees the latest reason.
	Refresh OpenPolicy = "refresh"
)

// Validate reports whether p is a defined policy or empty.
func (p OpenPolicy) Validate() error {
	return enum.OneOf(p, "open policy", ErrInvalid, "", Keep, Refresh)
}

// MarshalText implements encoding.TextMarshaler.
func (p OpenPolicy) MarshalText() ([]byte, error) { return enum.Encode(p) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the policy.
func (p *OpenPolicy) UnmarshalText(b []byte) error { return enum.Decode(p, b) }

// ReEntry says when a play may open again for a key after its run ended.
type ReEntry string

const (
	// AfterCooldown (the default, also for the empty value): once
	// Suppression.CooldownDays have passed since the run ended (0: at once).
	AfterCooldown ReEntry = "after_cooldown"
	// Never: one run per key, ever.
	Never ReEntry = "never"
	// OnlyIfUnsuccessful: again, after the cooldown, only if the last run
	// ended unsuccessfully (the engine's cancelled state); a run that ended
	// done (its required steps completed, or its exit condition met) ends
	// the play for that key.
	OnlyIfUnsuccessful ReEntry = "only_if_unsuccessful"
)

// Validate reports whether r is a defined re-entry rule or empty.
func (r ReEntry) Validate() error {
	return enum.OneOf(r, "re-entry rule", ErrInvalid, "", AfterCooldown, Never, OnlyIfUnsuccessful)
}

// MarshalText implements encoding.TextMarshaler.
func (r ReEntry) MarshalText() ([]byte, error) { return enum.Encode(r) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the rule.
func (r *ReEntry) UnmarshalText(b []byte) error { return enum.Decode(r, b) }

// Limits cap the open runs of a play; 0 means unlimited. Reaching one is a
// recorded suppression, never a silent stop.
type Limits struct {
	MaxOpenPerPlay    int `json:"max_open_per_play,omitempty"`    // open runs of this play, all accounts
	MaxOpenPerOwner   int `json:"max_open_per_owner,omitempty"`   // open runs of this play per owner role
	MaxOpenPerAccount int `json:"max_open_per_account,omitempty"` // open runs of any play per account
}

// Suppression is a play's explicit deduplication policy: which runs count
// as the same (Key), what happens while one is open (WhenOpen), when the
// play may open again after one ended (ReEntry), and caps (Limits). The
// zero value is one run per account and play, kept while open, re-entered
// as soon as it ended, unlimited.
type Suppression struct {
	Key KeyKind `json:"key,omitempty"`
	// CustomKey names the Facts.Custom field of a KeyCustom key.
	CustomKey    string     `json:"custom_key,omitempty"`
	WhenOpen     OpenPolicy `json:"when_open,omitempty"`
	ReEntry      ReEntry    `json:"re_entry,omitempty"`
	CooldownDays int        `json:"cooldown_days,omitempty"`
	Limits       Limits     `json:"limits,omitzero"`
}

// Effective returns s with its defaults filled in: the values the engine
// acts on and a trace records.
func (s Suppression) Effective() Suppression {
	if s.Key == "" {
		s.Key = KeyAccountPlay
	}
	if s.WhenOpen == "" {
		s.WhenOpen = Keep
	}
	if s.ReEntry == "" {
		s.ReEntry = AfterCooldown
	}
	return s
}

// Validate checks the policy and returns every problem found.
func (s Suppression) Validate() error { return s.problems("").Err() }

func (s Suppression) problems(path string) success.FieldErrors {
	var p success.FieldErrors
	at := func(f string) string { return join(path, f) }
	for _, e := range []struct {
		field string
		err   error
	}{{"key", s.Key.Validate()}, {"when_open", s.WhenOpen.Validate()}, {"re_entry", s.ReEntry.Validate()}} {
		if e.err != nil {
			fielderr.AddErr(&p, ErrInvalid, at(e.field), e.err)
		}
	}
	switch {
	case s.Key == KeyCustom && !isName(s.CustomKey):
		fielderr.Addf(&p, ErrInvalid, at("custom_key"), "must name a custom fact for a custom key")
	case s.Key != KeyCustom && s.CustomKey != "":
		fielderr.Addf(&p, ErrInvalid, at("custom_key"), "is only used by a custom key")
	}
	if s.CooldownDays < 0 || s.CooldownDays > MaxDays {
		fielderr.Addf(&p, ErrInvalid, at("cooldown_days"), "must be within 0..%d", MaxDays)
	}
	if s.CooldownDays != 0 && s.ReEntry == Never {
		fielderr.Addf(&p, ErrInvalid, at("cooldown_days"), "is not used when re-entry is never")
	}
	for _, l := range []struct {
		field string
		n     int
	}{{"max_open_per_play", s.Limits.MaxOpenPerPlay}, {"max_open_per_owner", s.Limits.MaxOpenPerOwner}, {"max_open_per_account", s.Limits.MaxOpenPerAccount}} {
		if l.n < 0 {
			fielderr.Addf(&p, ErrInvalid, at("limits."+l.field), "must be >= 0 (0: unlimited)")
		}
	}
	return p
}

// DedupKey returns the deduplication key of a run of p for f: stores keep
// at most one open or cooling run per key. It is
//
//	account=<id>|play=<play id>[|contact=<contact>][|custom=<name>:<value>][|checkpoint=<checkpoint>]
//
// with '%', '|', '=' and ':' in each part percent-encoded, so distinct parts
// never give the same key. The play's version is not part of it: a new
// version of a play does not reopen what the old one opened. checkpoint is
// Match.Checkpoint (a renewal checkpoint), empty for none. A contact key
// without Facts.Contact and a custom key whose fact is missing are errors
// wrapping ErrInvalid.
func (s Suppression) DedupKey(p *Play, f *Facts, checkpoint string) (string, error) {
	if p == nil || f == nil {
		return "", fmt.Errorf("%w: dedup key of a nil play or nil facts", ErrInvalid)
	}
	if f.Account.ID == "" {
		return "", fmt.Errorf("%w: dedup key: facts have no account ID", ErrInvalid)
	}
	var b strings.Builder
	b.WriteString("account=")
	escape(&b, string(f.Account.ID))
	b.WriteString("|play=")
	escape(&b, p.ID)
	switch s.Key {
	case "", KeyAccountPlay:
	case KeyContact:
		if f.Contact == "" {
			return "", fmt.Errorf("%w: play %s: dedup key per contact: facts of account %s have no contact", ErrInvalid, quoteKey(p.ID), quoteKey(string(f.Account.ID)))
		}
		b.WriteString("|contact=")
		escape(&b, f.Contact)
	case KeyCustom:
		v, ok := f.Custom[s.CustomKey]
		if !ok || v.Kind() == success.KindNone {
			return "", fmt.Errorf("%w: play %s: dedup key: no custom fact %s", ErrInvalid, quoteKey(p.ID), quoteKey(s.CustomKey))
		}
		b.WriteString("|custom=")
		escape(&b, s.CustomKey)
		b.WriteByte(':')
		escape(&b, v.String())
	default:
		return "", fmt.Errorf("%w: play %s: suppression.key: %w", ErrInvalid, quoteKey(p.ID), s.Key.Validate())
	}
	if checkpoint != "" {
		b.WriteString("|checkpoint=")
		escape(&b, checkpoint)
	}
	return b.String(), nil
}

func escape(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := range len(s) {
		c := s[i]
		switch c {
		case '%', '|', '=', ':':
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
}

// join returns the path of field inside path.
func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}
