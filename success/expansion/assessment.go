package expansion

import (
	"log/slog"
	"strings"
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Assessment is how ready one account is to buy more as of a date, and why.
type Assessment struct {
	Account success.AccountID `json:"account"`
	AsOf    time.Time         `json:"as_of"`
	Level   Level             `json:"level"`
	// Score is 0..100 (see Assess for the formula); the Points of Reasons
	// add up to it, up to rounding.
	Score float64 `json:"score"`
	// KnownWeight is the share (0..1) of the signals' weight that was known;
	// unknown signals leave the score, and a low share makes it fragile.
	KnownWeight float64 `json:"known_weight"`
	// Reasons are the signals behind the score, in a fixed order.
	Reasons []Reason `json:"reasons"`
	// Blockers are what must change before the account is asked, each
	// with the level it caps; empty when nothing blocks.
	Blockers []Blocker `json:"blockers"`
	// Flags are to act on whatever the level: overage, a second purchase due.
	Flags []Flag `json:"flags"`
}

// UnmarshalJSON decodes an assessment strictly (to read backtest outcomes
// a host stored): unknown fields, repeated keys and wrongly typed values
// are errors with their path, wrapping ErrInvalid.
func (a *Assessment) UnmarshalJSON(b []byte) error { return fielderr.DecodeRecord(b, a, ErrInvalid) }

// Blocked reports whether any blocker stands.
func (a *Assessment) Blocked() bool { return len(a.Blockers) > 0 }

// HasFlag reports whether the assessment carries a flag with code c.
func (a *Assessment) HasFlag(c FlagCode) bool {
	for _, f := range a.Flags {
		if f.Code == c {
			return true
		}
	}
	return false
}

// LogValue implements slog.LogValuer: the account ID, date, level, score,
// each reason's code and points, the blockers' and flags' codes and
// subjects. The hosts' notes on blockers are never logged.
func (a Assessment) LogValue() slog.Value {
	codes := func(n int, code func(i int) string) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(code(i))
		}
		return b.String()
	}
	attrs := []slog.Attr{
		slog.String("account", string(a.Account)),
		slog.String("as_of", a.AsOf.Format(time.DateOnly)),
		slog.String("level", string(a.Level)),
		slog.Float64("score", a.Score),
		slog.Float64("known_weight", a.KnownWeight),
	}
	if len(a.Reasons) > 0 {
		points := make([]slog.Attr, len(a.Reasons))
		for i, r := range a.Reasons {
			points[i] = slog.Float64(string(r.Code), r.Points)
		}
		attrs = append(attrs, slog.Attr{Key: "reasons", Value: slog.GroupValue(points...)})
	}
	withSubject := func(code, subject string) string {
		if subject == "" {
			return code
		}
		return code + ":" + subject
	}
	if len(a.Blockers) > 0 {
		attrs = append(attrs, slog.String("blockers", codes(len(a.Blockers), func(i int) string {
			return withSubject(string(a.Blockers[i].Code), a.Blockers[i].Subject)
		})))
	}
	if len(a.Flags) > 0 {
		attrs = append(attrs, slog.String("flags", codes(len(a.Flags), func(i int) string {
			return withSubject(string(a.Flags[i].Code), a.Flags[i].Subject)
		})))
	}
	return slog.GroupValue(attrs...)
}

// days returns the days from a to b as a float, through Unix seconds so
// that no span saturates time.Duration.
func days(a, b time.Time) float64 {
	return float64(b.Unix()-a.Unix()) / 86400
}

// within reports whether b is at least 0 and less than secs seconds after
// a, counted in Unix seconds so that no span saturates a Duration.
func within(a, b time.Time, secs float64) bool {
	d := b.Unix() - a.Unix()
	return d >= 0 && float64(d) < secs
}
