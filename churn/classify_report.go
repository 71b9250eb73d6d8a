package churn

import (
	"context"
	"fmt"
	"iter"
	"maps"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Totals counts churn events and the ARR they took with them.
type Totals struct {
	Count   int           `json:"count"`
	LostARR success.Money `json:"lost_arr"`
}

func (t *Totals) add(o Totals) error {
	sum, err := t.LostARR.Add(o.LostARR)
	if err != nil {
		return err
	}
	t.Count += o.Count
	t.LostARR = sum
	return nil
}

// ClassificationReport summarises many classified churn events: how many and
// how much ARR landed in each quadrant and under each primary reason, and what
// share landed in the worst quadrant (avoidable and unexpected). Acquisition
// failures (bad-fit customers) are also totalled on their own, because
// bad-fit acquisition is the largest source of churn and is fixed upstream,
// in sales and marketing, not by customer success.
//
// The zero report is empty and ready for Add. A report is an accumulator:
// reports over disjoint sets of events Merge into the report over all of them.
// All lost ARR must be in one currency: the events' own, or the
// classifier's report currency (ClassifyOptions.Currency and Rates).
type ClassificationReport struct {
	Total      Totals              `json:"total"`
	ByQuadrant map[Quadrant]Totals `json:"by_quadrant"`
	// ByReason is keyed by each event's primary (first) reason, so its totals
	// add up to Total.
	ByReason map[ReasonCode]Totals `json:"by_reason"`
	// ByQuadrantReason splits each quadrant by primary reason too. Under
	// ReasonAny a quadrant may hold an event whose primary reason is outside
	// our control ([budget_cut, price] is avoidable, filed under
	// budget_cut); Classification.DecidingReason names the reason that
	// decided it.
	ByQuadrantReason map[Quadrant]map[ReasonCode]Totals `json:"by_quadrant_reason"`
	// AcquisitionFailures totals the bad-fit churn (see
	// Classification.AcquisitionFailure), also counted in its quadrant.
	AcquisitionFailures Totals `json:"acquisition_failures"`
	// ByInitiator splits voluntary churn from involuntary (failed payments).
	ByInitiator map[Initiator]Totals `json:"by_initiator"`
	// ByKind splits lost logos (FullChurn) from downgrades.
	ByKind map[EventKind]Totals `json:"by_kind"`
}

// Add counts one classification.
func (r *ClassificationReport) Add(c Classification) error {
	if len(c.Event.Reasons) == 0 {
		return fmt.Errorf("%w: classification of account %q has no reason", ErrInvalid, string(c.Event.Account))
	}
	lost := c.LostARR
	if lost.Currency() == "" { // a Classification built by hand
		lost = c.Event.ARR()
	}
	one := Totals{Count: 1, LostARR: lost}
	var part ClassificationReport
	part.Total = one
	part.ByQuadrant = map[Quadrant]Totals{c.Quadrant: one}
	part.ByReason = map[ReasonCode]Totals{c.Event.Reasons[0].Code: one}
	part.ByQuadrantReason = map[Quadrant]map[ReasonCode]Totals{c.Quadrant: {c.Event.Reasons[0].Code: one}}
	part.ByInitiator = map[Initiator]Totals{c.Event.Initiator: one}
	part.ByKind = map[EventKind]Totals{c.Event.Kind: one}
	if c.AcquisitionFailure {
		part.AcquisitionFailures = one
	}
	return r.Merge(&part)
}

// Merge adds the counts of o, a report over other events, into r. As for
// every accumulator (see Movements.Merge), a nil o and r itself are
// ErrInvalid: merging a report into itself would count every event twice. On
// error (also a currency mismatch) r is unchanged.
func (r *ClassificationReport) Merge(o *ClassificationReport) error {
	if o == nil {
		return fmt.Errorf("%w: merging a nil classification report", ErrInvalid)
	}
	if o == r {
		return fmt.Errorf("%w: merging a classification report into itself would count its events twice", ErrInvalid)
	}
	next := r.clone()
	if err := next.Total.add(o.Total); err != nil {
		return fmt.Errorf("%w: %v", ErrCurrencyMismatch, err)
	}
	_ = next.AcquisitionFailures.add(o.AcquisitionFailures) // same currency as Total
	mergeTotals(next.ByQuadrant, o.ByQuadrant)
	mergeTotals(next.ByReason, o.ByReason)
	mergeTotals(next.ByInitiator, o.ByInitiator)
	mergeTotals(next.ByKind, o.ByKind)
	for q, m := range o.ByQuadrantReason {
		if next.ByQuadrantReason[q] == nil {
			next.ByQuadrantReason[q] = make(map[ReasonCode]Totals)
		}
		mergeTotals(next.ByQuadrantReason[q], m)
	}
	next.fillQuadrants()
	*r = next
	return nil
}

// fillQuadrants lists every quadrant, empty ones included, with amounts in the
// report's currency, so a reader never meets a currency-less zero.
func (r *ClassificationReport) fillQuadrants() {
	cur := r.Total.LostARR.Currency()
	if cur == "" {
		return
	}
	for _, q := range Quadrants() {
		t := r.ByQuadrant[q]
		if t.LostARR.Currency() == "" {
			t.LostARR = success.ZeroMoney(cur)
		}
		r.ByQuadrant[q] = t
	}
	if r.AcquisitionFailures.LostARR.Currency() == "" {
		r.AcquisitionFailures.LostARR = success.ZeroMoney(cur)
	}
}

// mergeTotals adds src into dst key by key. Currencies were checked on the
// report totals, so adding cannot fail here.
func mergeTotals[K comparable](dst, src map[K]Totals) {
	for k, t := range src {
		cur := dst[k]
		_ = cur.add(t)
		dst[k] = cur
	}
}

func (r *ClassificationReport) clone() ClassificationReport {
	out := ClassificationReport{
		Total:               r.Total,
		AcquisitionFailures: r.AcquisitionFailures,
		ByQuadrant:          maps.Clone(r.ByQuadrant),
		ByReason:            maps.Clone(r.ByReason),
		ByInitiator:         maps.Clone(r.ByInitiator),
		ByKind:              maps.Clone(r.ByKind),
		ByQuadrantReason:    make(map[Quadrant]map[ReasonCode]Totals, len(r.ByQuadrantReason)),
	}
	if out.ByQuadrant == nil {
		out.ByQuadrant = make(map[Quadrant]Totals)
	}
	if out.ByReason == nil {
		out.ByReason = make(map[ReasonCode]Totals)
	}
	if out.ByInitiator == nil {
		out.ByInitiator = make(map[Initiator]Totals)
	}
	if out.ByKind == nil {
		out.ByKind = make(map[EventKind]Totals)
	}
	for q, m := range r.ByQuadrantReason {
		out.ByQuadrantReason[q] = maps.Clone(m)
	}
	return out
}

// WorstShare is the share of churn events in the worst quadrant (avoidable
// and unexpected): their count over all events. Undefined with no events.
func (r *ClassificationReport) WorstShare() Ratio {
	return ratioInts(int64(r.ByQuadrant[AvoidableUnexpected].Count), int64(r.Total.Count))
}

// WorstARRShare is the share of lost ARR in the worst quadrant: its lost ARR
// over all lost ARR. Undefined when no ARR was lost.
func (r *ClassificationReport) WorstARRShare() Ratio {
	return Ratio{
		Numerator:   r.ByQuadrant[AvoidableUnexpected].LostARR.Amount(),
		Denominator: r.Total.LostARR.Amount(),
	}
}

// Report classifies every event and summarises them. It is all or nothing:
// every invalid event (and every event repeating an earlier event's ID, which
// would be counted twice) is reported at once, each path prefixed with the event's
// index, ID and account ("events[3] (id \"ev-9\", account \"acme\").reasons[0].code"),
// and no report is returned. The classifications come back in input order.
// A RiskHistory error stops the report and is returned wrapped, naming the
// event.
func (c *Classifier) Report(ctx context.Context, events iter.Seq[Event]) (*ClassificationReport, []Classification, error) {
	return c.ReportFrom(ctx, accum.Values(events))
}

// ReportFrom is Report over a sequence that can fail, such as events decoded
// from a file: the first read error stops it, nothing after it is read, and
// the error is returned wrapped with the position of the event it replaced
// ("reading events[41]: unexpected EOF"), so no report is built on part of
// the input.
func (c *Classifier) ReportFrom(ctx context.Context, events iter.Seq2[Event, error]) (*ClassificationReport, []Classification, error) {
	if events == nil {
		return nil, nil, accum.NilSequence("events", ErrInvalid)
	}
	var (
		problems success.FieldErrors
		out      []Classification
		report   = (&ClassificationReport{}).clone() // empty maps, not nil, even with no events
	)
	firstID := make(map[string]int) // event ID → its first position
	i := 0
	for e, err := range events {
		if err != nil {
			return nil, nil, accum.ReadError("events", i, err)
		}
		label := e.label(i)
		if j, dup := firstID[e.ID]; dup && e.ID != "" {
			fielderr.Addf(&problems, ErrInvalid, label+".id", "duplicate: events[%d] has the same ID", j)
			i++
			continue
		}
		firstID[e.ID] = i
		i++
		cl, err := c.Classify(ctx, e)
		if err != nil {
			if fe := success.AsFieldErrors(err); fe != nil {
				problems = append(problems, fielderr.Prefix(fe, label)...)
				continue
			}
			return nil, nil, fmt.Errorf("%s: %w", label, err)
		}
		if len(problems) > 0 {
			continue // keep validating; the report is rejected anyway
		}
		if err := report.Add(cl); err != nil {
			// Only without a report currency: with one, Classify converted
			// or rejected the event.
			fielderr.Addf(&problems, ErrCurrencyMismatch, label+"."+e.lossField(), "%v (a report needs one currency or Rates)", err)
			continue
		}
		out = append(out, cl)
	}
	if err := problems.Err(); err != nil {
		return nil, nil, err
	}
	return &report, out, nil
}
