package expansion

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/success"
)

// The weights of the score's signals; they add up to 100.
const (
	weightOutcome     = 25
	weightUtilisation = 25
	weightHealth      = 20
	weightNPS         = 10
	weightAdvocacy    = 10
	weightSecond      = 10
)

// onTrackValue is the Desired Outcome signal's value when every required
// outcome is achieved or on track but the outcome as a whole is not achieved.
const onTrackValue = 0.6

// Assess judges how ready the account of in is to buy more as of asOf.
//
// # Score
//
// Six signals, each with a weight and a value in [0, 1]:
//
//	signal            weight  value
//	Desired Outcome   25      1 achieved; 0.6 every required outcome achieved or on track; 0 otherwise
//	utilisation       25      min(u / StrongUtilisation, 1), u the highest utilisation of an entitlement
//	health            20      score / 100; a score that is not confident counts with
//	                          UnconfidentHealthShare (0.5) of its weight
//	NPS               10      1 promoter (>= PromoterNPS, 9), 0.5 passive (>= PassiveNPS, 7), 0 detractor
//	advocacy          10      0.5 for a reference given + 0.5 for a case study
//	second purchase   10      the repeat-purchase model's probability
//
// A signal that is not known (no entitlement, no health score, no NPS
// response, no model) leaves the score: Score = 100 × Σ weight × value /
// Σ weight, over the known signals only, so a host that does not run NPS is
// not penalised for it. The Desired Outcome and advocacy are always known:
// a Desired Outcome not recorded counts as 0, since not knowing whether the
// customer had value is no better than knowing they did not (and leaving it
// out would let a missing record score above an off-track one).
// Within EarlyWindow (90 days) of the first sale, when readiness counts
// more, the score is multiplied by EarlyBoost (1.25) and capped at 100. Each
// signal's part is a Reason whose Points add up to the Score.
//
// # Level
//
// Ready when Score >= ReadyScore (70), Nurture when Score >= NurtureScore
// (40), NotReady below; then no higher than any blocker allows: a bad-fit
// verdict, a red band, an open risk play or a churn signal cap it at
// NotReady; a Desired Outcome that is neither achieved nor has every
// required outcome on track (or none recorded) caps it at Nurture. So a
// green, fully used account whose outcome was missed is nurtured, not asked.
//
// # Flags
//
// Overage for each entitlement used beyond Overage (100%) of what was
// bought, and SecondPurchaseNudge when NudgeAfter (30 days) has passed since
// the first sale without a later purchase.
//
// A bad input is an error naming the account and every bad field
// (success.FieldErrors wrapping ErrInvalid); bad options are ErrInvalid.
func Assess(in Input, asOf time.Time, opts Options) (Assessment, error) {
	var a Assessment
	if err := AssessInto(&a, &in, asOf, opts); err != nil {
		return Assessment{}, err
	}
	return a, nil
}

// AssessInto is Assess writing into dst, whose slices it reuses: assessing
// a portfolio into one Assessment allocates nothing once they have grown.
// dst is overwritten; on error it holds no assessment (an empty one, its
// slices kept for reuse).
func AssessInto(dst *Assessment, in *Input, asOf time.Time, opts Options) error {
	// Empty, not nil, slices: JSON [] rather than null, without allocating.
	*dst = Assessment{Reasons: emptied(dst.Reasons), Blockers: emptied(dst.Blockers), Flags: emptied(dst.Flags)}
	var buf settings
	o, err := opts.resolved(&buf)
	if err != nil {
		return err
	}
	if err := in.Validate(asOf); err != nil {
		return fmt.Errorf("account %q: %w", in.Account.ID, err)
	}
	dst.Account, dst.AsOf = in.Account.ID, asOf
	s := scorer{a: dst, opts: o, offTrack: -1}
	s.outcome(in.DesiredOutcome)
	s.utilisation(in.Entitlements)
	s.health(in.Health)
	s.nps(in.Advocacy.NPS)
	s.advocacy(in.Advocacy)
	s.secondPurchase(in.SecondPurchase)
	first := in.firstSale()
	s.finish(first)
	s.block(in)
	s.flag(in, first)
	return nil
}

// scorer builds one assessment: the signals first with their raw weighted
// values, then finish turns them into points.
type scorer struct {
	a     *Assessment
	opts  *settings
	known float64 // Σ weight of known signals
	sum   float64 // Σ weight × value
	// onTrack counts the required outcomes achieved or on track, and
	// offTrack is the first that is not (-1 for none): outcome finds them
	// for block.
	onTrack, offTrack int
}

func (s *scorer) add(r Reason, value float64) {
	s.known += r.Weight
	s.sum += r.Weight * value
	r.Points = r.Weight * value // scaled to the known weight in finish
	s.a.Reasons = append(s.a.Reasons, r)
}

func (s *scorer) outcome(o *success.DesiredOutcomeAssessment) {
	if o == nil {
		s.add(Reason{Code: NoOutcome, Weight: weightOutcome}, 0)
		return
	}
	onTrack := 0
	for i := range o.Outcomes {
		if st := o.Outcomes[i].Status; st == success.Achieved || st == success.OnTrack {
			onTrack++
		} else if s.offTrack < 0 {
			s.offTrack = i
		}
	}
	s.onTrack = onTrack
	r := Reason{Weight: weightOutcome, Value: float64(onTrack), Threshold: float64(len(o.Outcomes))}
	switch {
	case o.Achieved:
		r.Code = OutcomeAchieved
		s.add(r, 1)
	case onTrack == len(o.Outcomes):
		r.Code = OutcomeOnTrack
		s.add(r, onTrackValue)
	default:
		r.Code = OutcomeOffTrack
		s.add(r, 0)
	}
}

// utilisation adds the utilisation signal and, in the same pass over the
// entitlements, their overage flags.
func (s *scorer) utilisation(es []Entitlement) {
	if len(es) == 0 {
		return
	}
	best, bestU := 0, -1.0
	for i := range es {
		u := es[i].Utilisation()
		if u > bestU {
			best, bestU = i, u
		}
		if u > s.opts.Overage {
			s.a.Flags = append(s.a.Flags, Flag{Code: Overage, Subject: es[i].ID, Value: u, Threshold: s.opts.Overage})
		}
	}
	s.add(Reason{Code: Utilisation, Subject: es[best].ID, Value: bestU, Threshold: s.opts.StrongUtilisation, Weight: weightUtilisation},
		min(bestU/s.opts.StrongUtilisation, 1))
}

func (s *scorer) health(h *Health) {
	if h == nil {
		return
	}
	share := 1.0
	if !h.Confident {
		share = s.opts.UnconfidentHealthShare
	}
	s.add(Reason{Code: HealthScore, Value: h.Score, Threshold: share, Weight: weightHealth * share}, h.Score/100)
}

func (s *scorer) nps(nps *int) {
	if nps == nil {
		return
	}
	r := Reason{Value: float64(*nps), Weight: weightNPS}
	switch {
	case *nps >= s.opts.PromoterNPS:
		r.Code, r.Threshold = Promoter, float64(s.opts.PromoterNPS)
		s.add(r, 1)
	case *nps >= s.opts.PassiveNPS:
		r.Code, r.Threshold = Passive, float64(s.opts.PassiveNPS)
		s.add(r, 0.5)
	default:
		r.Code = Detractor
		s.add(r, 0)
	}
}

func (s *scorer) advocacy(adv Advocacy) {
	v := 0.0
	if adv.Reference {
		v += 0.5
	}
	if adv.CaseStudy {
		v += 0.5
	}
	s.add(Reason{Code: AdvocacyGiven, Value: v, Weight: weightAdvocacy}, v)
}

func (s *scorer) secondPurchase(p *float64) {
	if p == nil {
		return
	}
	s.add(Reason{Code: SecondPurchaseLikely, Value: *p, Weight: weightSecond}, *p)
}

// finish scales the points to the known weight, applies the early-window
// boost and sets the score, known share and level before blockers.
func (s *scorer) finish(first time.Time) {
	a := s.a
	scale := 100 / s.known // the outcome and advocacy are always known, so known > 0
	for i := range a.Reasons {
		a.Reasons[i].Points *= scale
	}
	score := s.sum * scale
	a.KnownWeight = s.known / 100
	if s.opts.EarlyWindow > 0 && within(first, a.AsOf, s.opts.earlySecs) {
		boosted := min(score*s.opts.EarlyBoost, 100)
		a.Reasons = append(a.Reasons, Reason{Code: EarlyWindow, Value: days(first, a.AsOf),
			Threshold: s.opts.earlyDays, Weight: 0, Points: boosted - score})
		score = boosted
	}
	a.Score = min(max(score, 0), 100)
	switch {
	case a.Score >= s.opts.ReadyScore:
		a.Level = Ready
	case a.Score >= s.opts.NurtureScore:
		a.Level = Nurture
	default:
		a.Level = NotReady
	}
}

// block adds the blockers and caps the level.
func (s *scorer) block(in *Input) {
	a := s.a
	add := func(b Blocker) {
		a.Blockers = append(a.Blockers, b)
		a.Level = lower(a.Level, b.Caps)
	}
	if in.Fit == success.BadFit {
		add(Blocker{Code: BadFit, Caps: NotReady})
	}
	if h := in.Health; h != nil && h.Band == Red {
		add(Blocker{Code: RedBand, Value: h.Score, Caps: NotReady})
	}
	if in.Risk.OpenPlay {
		add(Blocker{Code: OpenRiskPlay, Caps: NotReady, Note: in.Risk.PlayReason})
	}
	if in.Risk.ChurnSignal {
		add(Blocker{Code: ChurnSignal, Caps: NotReady, Note: in.Risk.SignalReason})
	}
	o := in.DesiredOutcome
	if o == nil {
		add(Blocker{Code: OutcomeUnknown, Caps: Nurture})
		return
	}
	if o.Achieved {
		return
	}
	if s.offTrack >= 0 {
		first := o.Outcomes[s.offTrack].ID
		if first == "" {
			first = "(unnamed)"
		}
		add(Blocker{Code: OutcomeNotOnTrack, Subject: first, Value: float64(s.onTrack), Threshold: float64(len(o.Outcomes)), Caps: Nurture})
	}
}

// flag adds the second-purchase nudge (utilisation added the overage flags).
func (s *scorer) flag(in *Input, first time.Time) {
	a := s.a
	if s.opts.NudgeAfter <= 0 || within(first, a.AsOf, s.opts.nudgeSecs) {
		return
	}
	for _, p := range in.Purchases.Later {
		if !p.At.After(a.AsOf) {
			return // a second purchase as of the date
		}
	}
	a.Flags = append(a.Flags, Flag{Code: SecondPurchaseNudge, Value: days(first, a.AsOf), Threshold: s.opts.nudgeDays})
}

// emptied returns s with length 0, keeping its array; an empty, non-nil
// slice (which allocates nothing) when s is nil.
func emptied[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s[:0]
}
