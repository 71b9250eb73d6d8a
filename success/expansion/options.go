package expansion

import (
	"fmt"
	"math"
	"time"
)

// The defaults of Options, from the customer-success literature: configurable,
// never constants buried in the rules.
const (
	DefaultReadyScore        = 70
	DefaultNurtureScore      = 40
	DefaultStrongUtilisation = 0.8 // 80% of an entitlement used is a strong signal
	DefaultOverage           = 1.0 // above 100% is overage
	DefaultPromoterNPS       = 9   // 9-10: promoters
	DefaultPassiveNPS        = 7   // 7-8: passives; below: detractors
	// DefaultEarlyWindow: most cross-sell opportunities occur in the first
	// 90 days after the first sale.
	DefaultEarlyWindow = 90 * 24 * time.Hour
	// DefaultEarlyBoost multiplies the score within the early window.
	DefaultEarlyBoost = 1.25
	// DefaultNudgeAfter: a second purchase within 30 days of the first makes
	// a third far more likely; without one, the account is flagged for a nudge.
	DefaultNudgeAfter             = 30 * 24 * time.Hour
	DefaultUnconfidentHealthShare = 0.5
)

// Options tune the readiness rules. The zero value means the defaults; a
// field left zero takes its default (so a threshold cannot be set to zero:
// use a tiny positive value), and a negative duration disables its rule.
type Options struct {
	// ReadyScore and NurtureScore are the score thresholds of Ready and
	// Nurture (defaults 70 and 40); 0 < NurtureScore <= ReadyScore <= 100.
	ReadyScore   float64
	NurtureScore float64
	// StrongUtilisation is the share of an entitlement used at which its
	// utilisation signal is full and an opportunity to sell more of it
	// opens (default 0.8).
	StrongUtilisation float64
	// Overage is the utilisation above which an entitlement is flagged as
	// overage (default 1.0: more used than bought). At least StrongUtilisation.
	Overage float64
	// PromoterNPS and PassiveNPS are the lowest responses that count as a
	// promoter (default 9) and as a passive (default 7).
	PromoterNPS int
	PassiveNPS  int
	// EarlyWindow is the time after the first sale in which readiness counts
	// more (default 90 days): the score is multiplied by EarlyBoost
	// (default 1.25, at least 1), capped at 100. Negative disables it.
	EarlyWindow time.Duration
	EarlyBoost  float64
	// NudgeAfter is the time after the first sale by which a second purchase
	// is due (default 30 days); an account without one as of a later date is
	// flagged for a nudge. Negative disables the flag.
	NudgeAfter time.Duration
	// UnconfidentHealthShare is the share of its weight a health score
	// counts with when it is not confident (default 0.5), in (0, 1].
	UnconfidentHealthShare float64
}

// settings are Options resolved, with the windows in seconds and days for
// the hot path.
type settings struct {
	Options
	earlySecs, nudgeSecs, earlyDays, nudgeDays float64
}

// resolved returns the settings of opts: the package's resolved defaults
// for the zero Options (shared, read only: no copy on the hot path), or
// opts resolved into *buf.
func (opts Options) resolved(buf *settings) (*settings, error) {
	if opts == (Options{}) {
		return &defaults, nil
	}
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	*buf = o
	return buf, nil
}

// defaults are the zero Options resolved.
var defaults, _ = Options{}.resolve()

// resolve returns opts with every zero field replaced by its default, or
// an error wrapping ErrInvalid naming the first bad field.
func (opts Options) resolve() (settings, error) {
	o := settings{Options: opts}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.ReadyScore, DefaultReadyScore)
	def(&o.NurtureScore, DefaultNurtureScore)
	def(&o.StrongUtilisation, DefaultStrongUtilisation)
	def(&o.Overage, DefaultOverage)
	def(&o.EarlyBoost, DefaultEarlyBoost)
	def(&o.UnconfidentHealthShare, DefaultUnconfidentHealthShare)
	if o.PromoterNPS == 0 {
		o.PromoterNPS = DefaultPromoterNPS
	}
	if o.PassiveNPS == 0 {
		o.PassiveNPS = DefaultPassiveNPS
	}
	if o.EarlyWindow == 0 {
		o.EarlyWindow = DefaultEarlyWindow
	}
	if o.NudgeAfter == 0 {
		o.NudgeAfter = DefaultNudgeAfter
	}
	o.earlySecs, o.nudgeSecs = o.EarlyWindow.Seconds(), o.NudgeAfter.Seconds()
	o.earlyDays, o.nudgeDays = o.earlySecs/86400, o.nudgeSecs/86400
	bad := func(field string, v any, want string) (settings, error) {
		return settings{}, fmt.Errorf("%w: options: %s must be %s, got %v", ErrInvalid, field, want, v)
	}
	switch {
	case !(o.NurtureScore > 0 && o.NurtureScore <= 100):
		return bad("NurtureScore", o.NurtureScore, "within (0, 100]")
	case !(o.ReadyScore >= o.NurtureScore && o.ReadyScore <= 100):
		return bad("ReadyScore", o.ReadyScore, "within [NurtureScore, 100]")
	case !(o.StrongUtilisation > 0 && o.StrongUtilisation <= 10):
		return bad("StrongUtilisation", o.StrongUtilisation, "within (0, 10]")
	case !(o.Overage >= o.StrongUtilisation && o.Overage <= 10):
		return bad("Overage", o.Overage, "within [StrongUtilisation, 10]")
	case o.PromoterNPS < 1 || o.PromoterNPS > 10:
		return bad("PromoterNPS", o.PromoterNPS, "within 1..10")
	case o.PassiveNPS < 1 || o.PassiveNPS > o.PromoterNPS:
		return bad("PassiveNPS", o.PassiveNPS, "within 1..PromoterNPS")
	case !(o.EarlyBoost >= 1 && o.EarlyBoost <= 10) || math.IsNaN(o.EarlyBoost):
		return bad("EarlyBoost", o.EarlyBoost, "within [1, 10]")
	case !(o.UnconfidentHealthShare > 0 && o.UnconfidentHealthShare <= 1):
		return bad("UnconfidentHealthShare", o.UnconfidentHealthShare, "within (0, 1]")
	}
	return o, nil
}
