package churn

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// Quadrant is a cell of the churn classification matrix: avoidable or
// unavoidable crossed with expected or unexpected.
type Quadrant string

const (
	// AvoidableUnexpected is the worst quadrant: a customer who could have
	// succeeded left for a reason we control, and nobody saw it coming.
	AvoidableUnexpected Quadrant = "avoidable_unexpected"
	// AvoidableExpected: we saw it coming and could have acted; the save
	// plays did not work or did not run.
	AvoidableExpected Quadrant = "avoidable_expected"
	// UnavoidableUnexpected: outside our control (or an acquisition failure)
	// and not flagged; worth checking whether the risk signals could have seen it.
	UnavoidableUnexpected Quadrant = "unavoidable_unexpected"
	// UnavoidableExpected: outside our control, and seen coming.
	UnavoidableExpected Quadrant = "unavoidable_expected"
)

// Quadrants lists the quadrants, worst first.
func Quadrants() []Quadrant {
	return []Quadrant{AvoidableUnexpected, AvoidableExpected, UnavoidableUnexpected, UnavoidableExpected}
}

func quadrantOf(avoidable, expected bool) Quadrant {
	switch {
	case avoidable && !expected:
		return AvoidableUnexpected
	case avoidable:
		return AvoidableExpected
	case !expected:
		return UnavoidableUnexpected
	}
	return UnavoidableExpected
}

// ReasonRule says which of an event's reasons decide controllability. Under
// either rule an Upstream reason (bad_fit) anywhere in the list makes the
// churn an unavoidable acquisition failure: a customer found to lack Success
// Potential was not saveable downstream, whatever else went wrong.
type ReasonRule string

const (
	// ReasonPrimary (the default): the first reason decides, so
	// [budget_cut, price] is unavoidable and [price, budget_cut] avoidable.
	ReasonPrimary ReasonRule = "primary"
	// ReasonAny: any controllable reason makes the churn controllable, on the
	// view that a budget cut would have spared a customer we had onboarded
	// well; [budget_cut, price] is then avoidable, decided by price.
	ReasonAny ReasonRule = "any"
)

// Validate reports whether r is ReasonPrimary or ReasonAny.
func (r ReasonRule) Validate() error {
	return enum.OneOf(r, "reason rule", ErrInvalid, ReasonPrimary, ReasonAny)
}

// MarshalText implements encoding.TextMarshaler: the rule's name (nothing
// for the empty rule, which means ReasonPrimary), or Validate's error.
func (r ReasonRule) MarshalText() ([]byte, error) { return enum.Encode(r) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the rule.
func (r *ReasonRule) UnmarshalText(b []byte) error { return enum.Decode(r, b) }

// DefaultLookback is how long before a churn date an at-risk flag still counts
// as having seen it coming.
const DefaultLookback = 90 * 24 * time.Hour

// ClassifyOptions configures a Classifier. The zero value means defaults.
type ClassifyOptions struct {
	// Taxonomy defines the reason codes; nil means DefaultTaxonomy().
	Taxonomy *Taxonomy
	// Lookback is the window before the churn date in which an at-risk
	// observation makes the churn expected; 0 means DefaultLookback (90 days).
	Lookback time.Duration
	// AtRiskBandRank: a health band whose rank is at or below it counts as at
	// risk (with red=1, yellow=2, green=3, set 2 to count yellow and red).
	// 0 means only explicit Flagged observations count.
	AtRiskBandRank int
	// ReasonRule chooses which reasons decide controllability; empty means
	// ReasonPrimary.
	ReasonRule ReasonRule
	// AssumeFit is the verdict used when an event carries none; empty means
	// success.GoodFit, so unknown fit never excuses a loss.
	AssumeFit success.Verdict
	// Currency is the currency classifications report lost ARR in. Empty
	// means each event's own; a report then needs all events in one
	// currency. It must be set when Rates is.
	Currency success.Currency
	// Rates converts lost ARR in other currencies into Currency, at the rate
	// for the first day of the event's month (Converter.Rate), rounded half
	// to even to Currency's minor unit. Without it (nil) an event in another
	// currency than Currency is an error wrapping ErrCurrencyMismatch.
	Rates Converter
}

// Classifier classifies churn events. It is safe for concurrent use if its
// RiskHistory is.
type Classifier struct {
	risk RiskHistory
	opts ClassifyOptions
}

// NewClassifier returns a Classifier reading the at-risk history from risk
// (nil means no account was ever flagged, so every churn is unexpected).
func NewClassifier(risk RiskHistory, opts ClassifyOptions) (*Classifier, error) {
	var problems success.FieldErrors
	if opts.Taxonomy == nil {
		opts.Taxonomy = DefaultTaxonomy()
	}
	if opts.Lookback == 0 {
		opts.Lookback = DefaultLookback
	} else if opts.Lookback < 0 {
		fielderr.Addf(&problems, ErrInvalid, "lookback", "must be >= 0, got %s", opts.Lookback)
	}
	if opts.AtRiskBandRank < 0 {
		fielderr.Addf(&problems, ErrInvalid, "at_risk_band_rank", "must be >= 0, got %d", opts.AtRiskBandRank)
	}
	if opts.ReasonRule == "" {
		opts.ReasonRule = ReasonPrimary
	} else if err := opts.ReasonRule.Validate(); err != nil {
		fielderr.AddErr(&problems, ErrInvalid, "reason_rule", err)
	}
	if opts.AssumeFit == "" {
		opts.AssumeFit = success.GoodFit
	} else if err := opts.AssumeFit.Validate(); err != nil {
		fielderr.AddErr(&problems, ErrInvalid, "assume_fit", err)
	}
	checkReportCurrency(opts.Currency, opts.Rates, &problems)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return &Classifier{risk: risk, opts: opts}, nil
}

// Evidence is one piece of evidence behind a classification, on one axis.
type Evidence struct {
	Axis string `json:"axis"` // "fit", "reason", "avoidability" or "expectation"
	Text string `json:"text"`
}

// Classification is where one churn event lands in the matrix and why.
type Classification struct {
	Event     Event    `json:"event"`
	Quadrant  Quadrant `json:"quadrant"`
	Avoidable bool     `json:"avoidable"`
	Expected  bool     `json:"expected"`
	// AcquisitionFailure marks churn of a customer who lacked Success
	// Potential (a bad-fit verdict or an Upstream reason): unavoidable
	// downstream, reported separately as an upstream failure.
	AcquisitionFailure bool `json:"acquisition_failure"`
	// Fit is the verdict used; FitAssumed says it came from AssumeFit.
	Fit        success.Verdict `json:"fit"`
	FitAssumed bool            `json:"fit_assumed,omitempty"`
	// DecidingReason is the reason code that settled controllability.
	DecidingReason ReasonCode `json:"deciding_reason"`
	// FirstRiskSignal is the earliest at-risk observation in the lookback
	// window, when the churn was expected.
	FirstRiskSignal *RiskObservation `json:"first_risk_signal,omitempty"`
	// Evidence lists the evidence in the order it was weighed.
	Evidence []Evidence `json:"evidence"`
	// LostARR is the event's lost ARR (Event.ARR) in the classifier's
	// report currency, converted when ClassifyOptions.Rates is set: the
	// amount a ClassificationReport totals.
	LostARR success.Money `json:"lost_arr"`
}

// Classify validates e and places it in exactly one quadrant. The rules:
//
//   - Avoidable: the customer had Success Potential (fit good_fit, given or
//     assumed), no reason is Upstream, and the deciding reason is
//     Controllable (the first reason under ReasonPrimary; any reason under
//     ReasonAny).
//   - Acquisition failure: fit bad_fit, or an Upstream reason (bad_fit). Such
//     churn is unavoidable and flagged for separate reporting.
//   - Expected: some observation in [cutoff-Lookback, cutoff) has Flagged set
//     or a band with 0 < BandRank <= AtRiskBandRank, where the cutoff is the
//     event's NoticeDate when set and its Date otherwise: a flag raised after
//     the customer gave notice records the loss, it did not foresee it.
//
// ctx reaches the RiskHistory; its errors are returned wrapped.
func (c *Classifier) Classify(ctx context.Context, e Event) (Classification, error) {
	if err := e.Validate(c.opts.Taxonomy); err != nil {
		return Classification{}, err
	}
	lost, err := c.reportARR(e)
	if err != nil {
		return Classification{}, err
	}
	cl := Classification{Event: e, Fit: e.Fit, LostARR: lost}
	if cl.Fit == "" {
		cl.Fit, cl.FitAssumed = c.opts.AssumeFit, true
		cl.cite("fit", "no fit verdict recorded; assumed %s", cl.Fit)
	} else {
		cl.cite("fit", "fit verdict %s", cl.Fit)
	}

	upstream, controllable := c.judgeReasons(&cl)
	cl.AcquisitionFailure = cl.Fit == success.BadFit || upstream != ""
	switch {
	case cl.Fit == success.BadFit:
		cl.cite("avoidability", "unavoidable downstream: acquisition (upstream) failure, fit verdict %s says the customer lacked Success Potential", cl.Fit)
	case upstream != "":
		cl.cite("avoidability", "unavoidable downstream: acquisition (upstream) failure, reason %s says the customer lacked Success Potential", upstream)
	case !controllable:
		cl.cite("avoidability", "unavoidable: reason %s is outside our control", cl.DecidingReason)
	default:
		cl.Avoidable = true
		cl.cite("avoidability", "avoidable: good fit and reason %s is within our control", cl.DecidingReason)
	}

	if err := c.judgeExpected(ctx, &cl); err != nil {
		return Classification{}, err
	}
	cl.Quadrant = quadrantOf(cl.Avoidable, cl.Expected)
	return cl, nil
}

// reportARR returns the event's lost ARR in the report currency.
func (c *Classifier) reportARR(e Event) (success.Money, error) {
	arr, field := e.ARR(), e.lossField()
	to := c.opts.Currency
	if to == "" || arr.Currency() == to {
		return arr, nil
	}
	var problems success.FieldErrors
	if c.opts.Rates == nil {
		fielderr.Addf(&problems, ErrCurrencyMismatch, field, "currency %s differs from the report currency %s and no Rates were given", arr.Currency(), to)
		return success.Money{}, problems.Err()
	}
	y, m, _ := e.Date.Date()
	month := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	rate, bad := lookupRate(c.opts.Rates, arr.Currency(), to, month, month.Format("2006-01"))
	if bad != nil {
		fielderr.Addf(&problems, bad.sentinel, field, "%s", bad.text)
		return success.Money{}, problems.Err()
	}
	amount, ok := convert(arr.Amount(), rate, to)
	if !ok {
		fielderr.Addf(&problems, ErrInvalid, field, "is beyond the exact range a conversion takes (18 significant digits, exponent -36 to 18)")
		return success.Money{}, problems.Err()
	}
	converted, err := success.NewMoney(amount, to)
	if err != nil { // the converted amount is past Money's bounds
		fielderr.AddErr(&problems, ErrInvalid, field, err)
		return success.Money{}, problems.Err()
	}
	return converted, nil
}

// judgeReasons records each reason's definition and returns the first Upstream
// one (empty when none is) and whether the rule finds the churn controllable.
func (c *Classifier) judgeReasons(cl *Classification) (upstream ReasonCode, controllable bool) {
	for i, r := range cl.Event.Reasons {
		def, _ := c.opts.Taxonomy.Lookup(r.Code) // validated
		if def.Upstream && upstream == "" {
			upstream = def.Code
		}
		decides := i == 0 || (c.opts.ReasonRule == ReasonAny && def.Controllable && !controllable)
		if decides {
			cl.DecidingReason = def.Code
			controllable = def.Controllable
		}
		control := "outside our control"
		if def.Controllable {
			control = "within our control"
		}
		upstreamNote := ""
		if def.Upstream {
			upstreamNote = ", upstream"
		}
		cl.cite("reason", "reasons[%d] %s (%s%s)", i, def.Code, control, upstreamNote)
	}
	return upstream, controllable
}

// judgeExpected looks for the first at-risk observation in the lookback window.
func (c *Classifier) judgeExpected(ctx context.Context, cl *Classification) error {
	e := cl.Event
	cutoff, what := e.Date, "churn"
	if !e.NoticeDate.IsZero() {
		cutoff, what = e.NoticeDate, "notice"
	}
	from := cutoff.Add(-c.opts.Lookback)
	days := int(c.opts.Lookback / (24 * time.Hour))
	if c.risk == nil {
		cl.cite("expectation", "unexpected: no risk history supplied")
		return nil
	}
	obs, err := c.risk.RiskObservations(ctx, e.Account, from, cutoff)
	if err != nil {
		return fmt.Errorf("churn: risk history for account %q: %w", string(e.Account), err)
	}
	// The earliest at-risk observation, whatever order the host returned them
	// in; observations outside the window (a host returning more than asked)
	// do not count.
	first, seen, banded := -1, 0, 0
	for i, o := range obs {
		if o.At.Before(from) || !o.At.Before(cutoff) {
			continue
		}
		seen++
		if o.BandRank > 0 {
			banded++
		}
		if c.atRiskBecause(o) == "" {
			continue
		}
		if first < 0 || o.At.Before(obs[first].At) {
			first = i
		}
	}
	if first < 0 {
		c.citeUnexpected(cl, seen, banded, days, what, cutoff)
		return nil
	}
	o := obs[first]
	cl.Expected, cl.FirstRiskSignal = true, &o
	lead := int(cutoff.Sub(o.At) / (24 * time.Hour))
	cl.cite("expectation", "expected: %s on %s, %d days before %s (lookback %d days)",
		c.atRiskBecause(o), o.At.Format(time.DateOnly), lead, what, days)
	return nil
}

// citeUnexpected says why no observation made the churn expected, so that a
// risk history that was never read the way the host meant (bands recorded
// but AtRiskBandRank left at 0, say) shows in the evidence.
func (c *Classifier) citeUnexpected(cl *Classification, seen, banded, days int, what string, cutoff time.Time) {
	window := fmt.Sprintf("in the %d days before %s", days, cutoff.Format(time.DateOnly))
	if what == "notice" {
		window += " (the notice)"
	}
	switch {
	case seen == 0:
		cl.cite("expectation", "unexpected: no risk observations %s", window)
	case banded > 0 && c.opts.AtRiskBandRank == 0:
		cl.cite("expectation", "unexpected: none of the %d risk observations %s was flagged; "+
			"%d had a health band, ignored because AtRiskBandRank is 0", seen, window, banded)
	case c.opts.AtRiskBandRank == 0:
		cl.cite("expectation", "unexpected: none of the %d risk observations %s was flagged", seen, window)
	default:
		cl.cite("expectation", "unexpected: none of the %d risk observations %s was flagged or in a band of rank <= %d",
			seen, window, c.opts.AtRiskBandRank)
	}
}

// atRiskBecause says why o marks the account at risk, or "" when it does not.
func (c *Classifier) atRiskBecause(o RiskObservation) string {
	switch {
	case o.Flagged:
		return "flagged at risk"
	case o.BandRank > 0 && o.BandRank <= c.opts.AtRiskBandRank:
		return fmt.Sprintf("health band %s (rank %d <= %d)", strictjson.QuoteName(o.Band), o.BandRank, c.opts.AtRiskBandRank)
	}
	return ""
}

// cite adds a piece of evidence on axis.
func (cl *Classification) cite(axis, format string, args ...any) {
	cl.Evidence = append(cl.Evidence, Evidence{Axis: axis, Text: fmt.Sprintf(format, args...)})
}

// Validate reports whether q is one of the defined values.
func (q Quadrant) Validate() error {
	return enum.OneOf(q, "quadrant", ErrInvalid, AvoidableUnexpected, AvoidableExpected, UnavoidableUnexpected, UnavoidableExpected)
}

// MarshalText implements encoding.TextMarshaler: the quadrant's name
// (nothing for the empty one), or Validate's error.
func (q Quadrant) MarshalText() ([]byte, error) { return enum.Encode(q) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (q *Quadrant) UnmarshalText(b []byte) error { return enum.Decode(q, b) }

// LogValue implements slog.LogValuer: the quadrant and the facts that
// decided it, and the event as Event.LogValue logs it (IDs and non-personal
// fields, never the note or reason details). The evidence texts are left
// out: Classification.Evidence is for reading, not for every log line.
func (c Classification) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.Any("event", c.Event),
		slog.String("quadrant", logEnum(c.Quadrant)),
		slog.Bool("avoidable", c.Avoidable),
		slog.Bool("expected", c.Expected),
		slog.Bool("acquisition_failure", c.AcquisitionFailure),
		slog.String("fit", logEnum(c.Fit)),
		slog.String("deciding_reason", logCode(c.DecidingReason)),
		slog.String("lost_arr", c.LostARR.String()),
	}
	if c.FitAssumed {
		attrs = append(attrs, slog.Bool("fit_assumed", true))
	}
	if c.FirstRiskSignal != nil {
		attrs = append(attrs, slog.String("first_risk_signal", c.FirstRiskSignal.At.Format(time.DateOnly)))
	}
	return slog.GroupValue(attrs...)
}
