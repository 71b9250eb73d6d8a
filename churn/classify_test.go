package churn_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	jan1 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	feb1 = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	mar1 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	apr1 = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
)

func event(account string, fit success.Verdict, reasons ...churn.ReasonCode) churn.Event {
	e := churn.Event{
		Account:   success.AccountID(account),
		Date:      apr1,
		Kind:      churn.FullChurn,
		Initiator: churn.Voluntary,
		LostMRR:   success.MustMoney("1000", "USD"),
		Fit:       fit,
	}
	for _, r := range reasons {
		e.Reasons = append(e.Reasons, churn.Reason{Code: r})
	}
	return e
}

func riskLog(t *testing.T, obs ...churn.RiskObservation) *churn.RiskLog {
	t.Helper()
	l, err := churn.NewRiskLog(obs)
	require.NoError(t, err)
	return l
}

func TestClassify(t *testing.T) {
	ctx := context.Background()
	log := riskLog(t,
		churn.RiskObservation{Account: "flagged", At: feb1, Flagged: true},
		churn.RiskObservation{Account: "red", At: mar1, BandRank: 1, Band: "red"},
		churn.RiskObservation{Account: "green", At: mar1, BandRank: 3, Band: "green"},
		churn.RiskObservation{Account: "old", At: jan1.AddDate(0, 0, -1), Flagged: true}, // 91 days before apr1
		churn.RiskObservation{Account: "after", At: apr1, Flagged: true},                 // on the churn date: too late
	)
	tests := []struct {
		name       string
		event      churn.Event
		opts       churn.ClassifyOptions
		want       churn.Quadrant
		acqFailure bool
		assumed    bool
		deciding   churn.ReasonCode
	}{
		{"good fit, controllable, never flagged", event("quiet", success.GoodFit, churn.ReasonPoorOnboarding), churn.ClassifyOptions{}, churn.AvoidableUnexpected, false, false, churn.ReasonPoorOnboarding},
		{"flagged within lookback", event("flagged", success.GoodFit, churn.ReasonPrice), churn.ClassifyOptions{}, churn.AvoidableExpected, false, false, churn.ReasonPrice},
		{"red band counts at rank 2", event("red", success.GoodFit, churn.ReasonPrice), churn.ClassifyOptions{AtRiskBandRank: 2}, churn.AvoidableExpected, false, false, churn.ReasonPrice},
		{"red band ignored without a band rule", event("red", success.GoodFit, churn.ReasonPrice), churn.ClassifyOptions{}, churn.AvoidableUnexpected, false, false, churn.ReasonPrice},
		{"green band is not at risk", event("green", success.GoodFit, churn.ReasonPrice), churn.ClassifyOptions{AtRiskBandRank: 2}, churn.AvoidableUnexpected, false, false, churn.ReasonPrice},
		{"flag 91 days before is outside 90-day lookback", event("old", success.GoodFit, churn.ReasonPrice), churn.ClassifyOptions{}, churn.AvoidableUnexpected, false, false, churn.ReasonPrice},
		{"flag 91 days before counts with 120-day lookback", event("old", success.GoodFit, churn.ReasonPrice), churn.ClassifyOptions{Lookback: 120 * 24 * time.Hour}, churn.AvoidableExpected, false, false, churn.ReasonPrice},
		{"flag on churn date is too late", event("after", success.GoodFit, churn.ReasonPrice), churn.ClassifyOptions{}, churn.AvoidableUnexpected, false, false, churn.ReasonPrice},
		{"out of business is unavoidable", event("quiet", success.GoodFit, churn.ReasonOutOfBusiness), churn.ClassifyOptions{}, churn.UnavoidableUnexpected, false, false, churn.ReasonOutOfBusiness},
		{"bad fit verdict is an acquisition failure", event("flagged", success.BadFit, churn.ReasonPoorOnboarding), churn.ClassifyOptions{}, churn.UnavoidableExpected, true, false, churn.ReasonPoorOnboarding},
		{"bad fit reason is an acquisition failure", event("quiet", success.GoodFit, churn.ReasonPrice, churn.ReasonBadFit), churn.ClassifyOptions{}, churn.UnavoidableUnexpected, true, false, churn.ReasonPrice},
		{"unknown fit assumed good", event("quiet", "", churn.ReasonCompetitor), churn.ClassifyOptions{}, churn.AvoidableUnexpected, false, true, churn.ReasonCompetitor},
		{"unknown fit assumed bad", event("quiet", "", churn.ReasonCompetitor), churn.ClassifyOptions{AssumeFit: success.BadFit}, churn.UnavoidableUnexpected, true, true, churn.ReasonCompetitor},
		{"primary rule: budget cut first", event("quiet", success.GoodFit, churn.ReasonBudgetCut, churn.ReasonPoorOnboarding), churn.ClassifyOptions{}, churn.UnavoidableUnexpected, false, false, churn.ReasonBudgetCut},
		{"any rule: onboarding second", event("quiet", success.GoodFit, churn.ReasonBudgetCut, churn.ReasonPoorOnboarding), churn.ClassifyOptions{ReasonRule: churn.ReasonAny}, churn.AvoidableUnexpected, false, false, churn.ReasonPoorOnboarding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := churn.NewClassifier(log, tt.opts)
			require.NoError(t, err)
			got, err := c.Classify(ctx, tt.event)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Quadrant, "evidence: %v", got.Evidence)
			assert.Equal(t, tt.acqFailure, got.AcquisitionFailure)
			assert.Equal(t, tt.assumed, got.FitAssumed)
			assert.Equal(t, tt.deciding, got.DecidingReason)
			assert.Equal(t, got.Expected, got.FirstRiskSignal != nil)
			axes := map[string]bool{}
			for _, f := range got.Evidence {
				axes[f.Axis] = true
			}
			for _, axis := range []string{"fit", "reason", "avoidability", "expectation"} {
				assert.True(t, axes[axis], "no evidence on axis %s: %v", axis, got.Evidence)
			}
		})
	}
}

func TestTaxonomyOverride(t *testing.T) {
	ctx := context.Background()
	tax := churn.DefaultTaxonomy()
	// A host that owns value proof treats budget cuts as controllable, and adds
	// its own reason code.
	require.NoError(t, tax.Define(churn.ReasonDefinition{Code: churn.ReasonBudgetCut, Label: "Budget cut", Controllable: true}))
	require.NoError(t, tax.Define(churn.ReasonDefinition{Code: "data_residency", Label: "Data residency"}))
	require.ErrorIs(t, tax.Define(churn.ReasonDefinition{Code: "Data Residency"}), churn.ErrInvalid)

	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{Taxonomy: tax})
	require.NoError(t, err)
	got, err := c.Classify(ctx, event("a", success.GoodFit, churn.ReasonBudgetCut))
	require.NoError(t, err)
	assert.Equal(t, churn.AvoidableUnexpected, got.Quadrant)
	got, err = c.Classify(ctx, event("a", success.GoodFit, "data_residency"))
	require.NoError(t, err)
	assert.Equal(t, churn.UnavoidableUnexpected, got.Quadrant)

	// The default taxonomy does not know the host's reason code.
	d, err := churn.NewClassifier(nil, churn.ClassifyOptions{})
	require.NoError(t, err)
	_, err = d.Classify(ctx, event("a", success.GoodFit, "data_residency"))
	require.ErrorIs(t, err, churn.ErrUnknownReason)
	require.ErrorIs(t, err, churn.ErrInvalid)
}

func TestClassifyBadInput(t *testing.T) {
	ctx := context.Background()
	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{})
	require.NoError(t, err)
	bad := churn.Event{
		ID:           "ev-9",
		Account:      "acme",
		AccountStart: feb1,
		Date:         jan1, // before the account started
		Kind:         "cancelled",
		Initiator:    churn.Involuntary,
		LostMRR:      success.MustMoney("-5", "USD"),
		Products:     []string{"crm", "", "crm"},
		Reasons:      []churn.Reason{{Code: churn.ReasonPrice}, {Code: "pricing"}},
		Fit:          "maybe",
	}
	_, err = c.Classify(ctx, bad)
	require.ErrorIs(t, err, churn.ErrInvalid)
	require.ErrorIs(t, err, churn.ErrUnknownReason)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	assert.Equal(t, []string{"date", "kind", "lost_mrr", "products[1]", "products[2]", "reasons[1].code", "fit"}, paths)
	assert.Contains(t, err.Error(), `products[2]: repeats products[0]`)
	assert.Contains(t, err.Error(), "date: 2026-01-01 is before account_start 2026-02-01")

	// In a batch, every bad event is named by index, ID and account, and no
	// report is produced.
	good := event("ok", success.GoodFit, churn.ReasonPrice)
	_, _, err = c.Report(ctx, slices.Values([]churn.Event{good, bad, {}}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `events[1] (id "ev-9", account "acme").reasons[1].code: unknown reason code "pricing"`)
	assert.Contains(t, err.Error(), `events[2] (account "").account: must not be empty`)

	// Mixed currencies in one report are rejected, naming the event.
	eur := event("eu", success.GoodFit, churn.ReasonPrice)
	eur.LostMRR = success.MustMoney("10", "EUR")
	_, _, err = c.Report(ctx, slices.Values([]churn.Event{good, eur}))
	require.ErrorIs(t, err, churn.ErrCurrencyMismatch)
	require.ErrorIs(t, err, success.ErrCurrencyMismatch)
	assert.Contains(t, err.Error(), `events[1] (account "eu").lost_mrr`)

	_, err = churn.NewClassifier(nil, churn.ClassifyOptions{Lookback: -time.Hour, ReasonRule: "most", AtRiskBandRank: -1, AssumeFit: "meh"})
	require.Error(t, err)
	assert.Len(t, success.AsFieldErrors(err), 4)

	_, err = churn.NewRiskLog([]churn.RiskObservation{{Account: "", At: jan1}, {Account: "a"}, {Account: "b", At: jan1, BandRank: -1}})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Len(t, success.AsFieldErrors(err), 3)
}

func TestClassificationReport(t *testing.T) {
	ctx := context.Background()
	log := riskLog(t, churn.RiskObservation{Account: "b", At: mar1, Flagged: true})
	c, err := churn.NewClassifier(log, churn.ClassifyOptions{})
	require.NoError(t, err)
	events := []churn.Event{
		event("a", success.GoodFit, churn.ReasonPoorOnboarding),    // avoidable unexpected, 12,000 ARR
		event("b", success.GoodFit, churn.ReasonPrice),             // avoidable expected
		event("c", success.BadFit, churn.ReasonProductGap),         // unavoidable unexpected, acquisition failure
		event("d", success.GoodFit, churn.ReasonOutOfBusiness),     // unavoidable unexpected
		event("e", success.GoodFit, churn.ReasonSupportExperience), // avoidable unexpected
	}
	events[4].LostMRR = success.MustMoney("500", "USD") // 6,000 ARR
	events[1].Initiator = churn.Involuntary
	events[4].Kind = churn.Downgrade
	report, cls, err := c.Report(ctx, slices.Values(events))
	require.NoError(t, err)
	require.Len(t, cls, 5)

	// Hand-computed: total ARR = 4 × 12,000 + 6,000 = 54,000; worst quadrant
	// holds a (12,000) and e (6,000) = 18,000, so 18/54 = 0.3333 of ARR and
	// 2/5 = 0.4 of events.
	assert.Equal(t, 5, report.Total.Count)
	assert.True(t, report.Total.LostARR.Equal(success.MustMoney("54000", "USD")), report.Total.LostARR.String())
	worst := report.ByQuadrant[churn.AvoidableUnexpected]
	assert.Equal(t, 2, worst.Count)
	assert.True(t, worst.LostARR.Equal(success.MustMoney("18000", "USD")))
	assert.Equal(t, 1, report.ByQuadrant[churn.AvoidableExpected].Count)
	assert.Equal(t, 2, report.ByQuadrant[churn.UnavoidableUnexpected].Count)
	assert.Equal(t, 0, report.ByQuadrant[churn.UnavoidableExpected].Count)
	assert.Equal(t, 1, report.AcquisitionFailures.Count)
	assert.Equal(t, 1, report.ByReason[churn.ReasonProductGap].Count)
	assert.Equal(t, 1, report.ByQuadrantReason[churn.AvoidableUnexpected][churn.ReasonSupportExperience].Count)
	assert.Equal(t, 4, report.ByInitiator[churn.Voluntary].Count)
	assert.Equal(t, 1, report.ByInitiator[churn.Involuntary].Count)
	assert.Equal(t, 4, report.ByKind[churn.FullChurn].Count)
	assert.True(t, report.ByKind[churn.Downgrade].LostARR.Equal(success.MustMoney("6000", "USD")))
	assert.Equal(t, "0.4000", report.WorstShare().String())
	assert.Equal(t, "0.3333", report.WorstARRShare().String())

	// An event ID seen twice would count the same loss twice.
	dup := []churn.Event{events[0], events[1], events[0]}
	dup[0].ID, dup[1].ID, dup[2].ID = "ev-1", "ev-2", "ev-1"
	_, _, err = c.Report(ctx, slices.Values(dup))
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, `events[2] (id "ev-1", account "a").id: duplicate: events[0] has the same ID`, err.Error())

	var empty churn.ClassificationReport
	assert.False(t, empty.WorstShare().Defined())
	assert.Equal(t, "undefined", empty.WorstARRShare().String())
}

// Every valid event lands in exactly one quadrant, consistent with its
// avoidable and expected flags, and a report's quadrant counts add up to the
// total; reports over shards merge into the report over all events.
func TestClassificationIsTotal(t *testing.T) {
	ctx := context.Background()
	cats := churn.DefaultTaxonomy().Definitions()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		var obs []churn.RiskObservation
		events := make([]churn.Event, n)
		for i := range events {
			acct := success.AccountID(rapid.StringMatching(`[a-e]`).Draw(t, "account"))
			fit := rapid.SampledFrom([]success.Verdict{"", success.GoodFit, success.BadFit}).Draw(t, "fit")
			k := rapid.IntRange(1, 3).Draw(t, "reasons")
			var reasons []churn.ReasonCode
			for range k {
				reasons = append(reasons, rapid.SampledFrom(cats).Draw(t, "reason").Code)
			}
			events[i] = event(string(acct), fit, reasons...)
			events[i].Date = jan1.AddDate(0, 0, rapid.IntRange(0, 200).Draw(t, "day"))
			events[i].LostMRR = success.MustMoney(rapid.StringMatching(`[0-9]{1,4}\.[0-9]{2}`).Draw(t, "mrr"), "USD")
			if rapid.Bool().Draw(t, "observed") {
				obs = append(obs, churn.RiskObservation{
					Account: acct, At: jan1.AddDate(0, 0, rapid.IntRange(-100, 200).Draw(t, "at")),
					BandRank: rapid.IntRange(0, 3).Draw(t, "rank"), Flagged: rapid.Bool().Draw(t, "flag"),
				})
			}
		}
		log, err := churn.NewRiskLog(obs)
		require.NoError(t, err)
		c, err := churn.NewClassifier(log, churn.ClassifyOptions{
			AtRiskBandRank: rapid.IntRange(0, 3).Draw(t, "atRisk"),
			ReasonRule:     rapid.SampledFrom([]churn.ReasonRule{"", churn.ReasonAny}).Draw(t, "rule"),
		})
		require.NoError(t, err)
		report, cls, err := c.Report(ctx, slices.Values(events))
		require.NoError(t, err)
		require.Len(t, cls, n)
		sum := 0
		for _, q := range churn.Quadrants() {
			sum += report.ByQuadrant[q].Count
		}
		require.Equal(t, n, sum)
		for _, cl := range cls {
			hits := 0
			for _, q := range churn.Quadrants() {
				if q == cl.Quadrant {
					hits++
				}
			}
			require.Equal(t, 1, hits)
			require.Equal(t, cl.Avoidable, cl.Quadrant == churn.AvoidableExpected || cl.Quadrant == churn.AvoidableUnexpected)
			require.Equal(t, cl.Expected, cl.Quadrant == churn.AvoidableExpected || cl.Quadrant == churn.UnavoidableExpected)
			if cl.AcquisitionFailure {
				require.False(t, cl.Avoidable)
			}
		}
		cut := rapid.IntRange(0, n).Draw(t, "cut")
		left, _, err := c.Report(ctx, slices.Values(events[:cut]))
		require.NoError(t, err)
		right, _, err := c.Report(ctx, slices.Values(events[cut:]))
		require.NoError(t, err)
		require.NoError(t, left.Merge(right))
		require.Equal(t, report.Total.Count, left.Total.Count)
		require.True(t, report.Total.LostARR.Amount().Equal(left.Total.LostARR.Amount()))
		// Every breakdown, not just the quadrants, merges into the one-pass report.
		whole, err := json.Marshal(report)
		require.NoError(t, err)
		merged, err := json.Marshal(left)
		require.NoError(t, err)
		require.Equal(t, string(whole), string(merged))
		require.Equal(t, report.WorstARRShare().String(), left.WorstARRShare().String())
	})
}

type failingHistory struct{ err error }

func (f failingHistory) RiskObservations(context.Context, success.AccountID, time.Time, time.Time) ([]churn.RiskObservation, error) {
	return nil, f.err
}

func TestRiskHistoryError(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("database down")
	c, err := churn.NewClassifier(failingHistory{boom}, churn.ClassifyOptions{})
	require.NoError(t, err)
	_, err = c.Classify(ctx, event("acme", success.GoodFit, churn.ReasonPrice))
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `risk history for account "acme"`)
	e := event("acme", success.GoodFit, churn.ReasonPrice)
	e.ID = "ev-1"
	_, _, err = c.Report(ctx, slices.Values([]churn.Event{e}))
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `events[0] (id "ev-1", account "acme")`)

	log := riskLog(t)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	c, err = churn.NewClassifier(log, churn.ClassifyOptions{})
	require.NoError(t, err)
	_, err = c.Classify(cancelled, event("acme", success.GoodFit, churn.ReasonPrice))
	require.ErrorIs(t, err, context.Canceled)
}

// riskFunc adapts a function to churn.RiskHistory, for hosts' quirks.
type riskFunc func(ctx context.Context, account success.AccountID, from, to time.Time) ([]churn.RiskObservation, error)

func (f riskFunc) RiskObservations(ctx context.Context, account success.AccountID, from, to time.Time) ([]churn.RiskObservation, error) {
	return f(ctx, account, from, to)
}

// FirstRiskSignal is the earliest at-risk observation even when a host's
// store returns them newest first, and observations outside the window a
// careless store returns do not count.
func TestClassifyEarliestRiskSignal(t *testing.T) {
	newestFirst := riskFunc(func(context.Context, success.AccountID, time.Time, time.Time) ([]churn.RiskObservation, error) {
		return []churn.RiskObservation{
			{Account: "a", At: apr1, Flagged: true},                  // on the churn date: too late
			{Account: "a", At: mar1, BandRank: 1, Band: "red"},       // at risk
			{Account: "a", At: feb1, BandRank: 3, Band: "green"},     // healthy
			{Account: "a", At: feb1.AddDate(0, 0, 5), Flagged: true}, // the earliest at-risk one
			{Account: "a", At: jan1.AddDate(0, 0, -30), Flagged: true},
		}, nil
	})
	c, err := churn.NewClassifier(newestFirst, churn.ClassifyOptions{AtRiskBandRank: 2})
	require.NoError(t, err)
	got, err := c.Classify(context.Background(), event("a", success.GoodFit, churn.ReasonPrice))
	require.NoError(t, err)
	require.True(t, got.Expected)
	assert.Equal(t, feb1.AddDate(0, 0, 5), got.FirstRiskSignal.At)
	assert.Equal(t, churn.Evidence{Axis: "expectation", Text: "expected: flagged at risk on 2026-02-06, 54 days before churn (lookback 90 days)"},
		got.Evidence[len(got.Evidence)-1])
}

// The evidence says what made a churn an acquisition failure: the fit verdict or
// an upstream reason.
func TestClassifyAcquisitionFailureFacts(t *testing.T) {
	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{})
	require.NoError(t, err)
	for _, tt := range []struct {
		event churn.Event
		want  string
	}{
		{event("a", success.BadFit, churn.ReasonPrice),
			"unavoidable downstream: acquisition (upstream) failure, fit verdict bad_fit says the customer lacked Success Potential"},
		{event("a", success.GoodFit, churn.ReasonPrice, churn.ReasonBadFit),
			"unavoidable downstream: acquisition (upstream) failure, reason bad_fit says the customer lacked Success Potential"},
	} {
		got, err := c.Classify(context.Background(), tt.event)
		require.NoError(t, err)
		assert.True(t, got.AcquisitionFailure)
		assert.Contains(t, got.Evidence, churn.Evidence{Axis: "avoidability", Text: tt.want})
	}
}

// An unexpected churn's evidence says what the risk history held, so a host sees
// when its bands were ignored for want of AtRiskBandRank.
func TestClassifyUnexpectedFacts(t *testing.T) {
	log := riskLog(t,
		churn.RiskObservation{Account: "red", At: mar1, BandRank: 1, Band: "red"},
		churn.RiskObservation{Account: "red", At: mar1.AddDate(0, 0, 7), BandRank: 2, Band: "yellow"},
		churn.RiskObservation{Account: "green", At: mar1, BandRank: 3, Band: "green"},
	)
	tests := []struct {
		account string
		rank    int
		want    string
	}{
		{"quiet", 2, "unexpected: no risk observations in the 90 days before 2026-04-01"},
		{"red", 0, "unexpected: none of the 2 risk observations in the 90 days before 2026-04-01 was flagged; 2 had a health band, ignored because AtRiskBandRank is 0"},
		{"green", 2, "unexpected: none of the 1 risk observations in the 90 days before 2026-04-01 was flagged or in a band of rank <= 2"},
	}
	for _, tt := range tests {
		c, err := churn.NewClassifier(log, churn.ClassifyOptions{AtRiskBandRank: tt.rank})
		require.NoError(t, err)
		got, err := c.Classify(context.Background(), event(tt.account, success.GoodFit, churn.ReasonPrice))
		require.NoError(t, err)
		require.False(t, got.Expected)
		assert.Equal(t, churn.Evidence{Axis: "expectation", Text: tt.want}, got.Evidence[len(got.Evidence)-1], tt.account)
	}
}

// With a notice date, a flag raised after the customer gave notice records
// the loss; it did not see it coming.
func TestClassifyNoticeDate(t *testing.T) {
	log := riskLog(t,
		churn.RiskObservation{Account: "late", At: mar1.AddDate(0, 0, 10), Flagged: true, Source: "csm, after the cancellation call"},
		churn.RiskObservation{Account: "early", At: feb1, Flagged: true},
	)
	c, err := churn.NewClassifier(log, churn.ClassifyOptions{})
	require.NoError(t, err)
	tests := []struct {
		account  string
		notice   time.Time
		expected bool
		fact     string
	}{
		{"late", time.Time{}, true, "expected: flagged at risk on 2026-03-11, 21 days before churn (lookback 90 days)"},
		{"late", mar1, false, "unexpected: no risk observations in the 90 days before 2026-03-01 (the notice)"},
		{"early", mar1, true, "expected: flagged at risk on 2026-02-01, 28 days before notice (lookback 90 days)"},
	}
	for _, tt := range tests {
		e := event(tt.account, success.GoodFit, churn.ReasonPrice)
		e.NoticeDate = tt.notice
		got, err := c.Classify(context.Background(), e)
		require.NoError(t, err)
		assert.Equal(t, tt.expected, got.Expected, tt.account)
		assert.Equal(t, churn.Evidence{Axis: "expectation", Text: tt.fact}, got.Evidence[len(got.Evidence)-1])
	}

	e := event("late", success.GoodFit, churn.ReasonPrice)
	e.NoticeDate = apr1.AddDate(0, 0, 1)
	_, err = c.Classify(context.Background(), e)
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, "notice_date: 2026-04-02 is after the effective date 2026-04-01", err.Error())
}

// A host that books annual contracts records the lost ARR itself: 1,000 a
// year has no exact monthly amount (83.33 × 12 = 999.96), so the report must
// total the ARR as given.
func TestEventLostARR(t *testing.T) {
	ctx := context.Background()
	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{})
	require.NoError(t, err)

	annual := event("annual", success.GoodFit, churn.ReasonPrice)
	annual.LostMRR, annual.LostARR = success.Money{}, success.MustMoney("1000", "USD")
	both := event("both", success.GoodFit, churn.ReasonPrice)
	both.LostMRR, both.LostARR = success.MustMoney("83.33", "USD"), success.MustMoney("1000", "USD")
	monthly := event("monthly", success.GoodFit, churn.ReasonPrice) // 1,000 MRR: 12,000 ARR
	report, _, err := c.Report(ctx, slices.Values([]churn.Event{annual, both, monthly}))
	require.NoError(t, err)
	assert.Equal(t, "14000.00 USD", report.Total.LostARR.String()) // 1,000 + 1,000 + 12,000
	assert.Equal(t, "1000.00 USD", both.ARR().String())

	// The ARR survives a JSON round trip; the unset MRR is null.
	data, err := json.Marshal(annual)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"lost_mrr":null,"lost_arr":{"amount":"1000.00","currency":"USD"}`)
	var back churn.Event
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, "1000.00 USD", back.ARR().String())
	require.NoError(t, back.Validate(nil))

	for _, tt := range []struct {
		name     string
		mrr, arr success.Money
		sentinel error
		want     string
	}{
		{"neither", success.Money{}, success.Money{}, churn.ErrInvalid,
			"lost_mrr: must be set (or lost_arr): a loss needs an amount and a currency"},
		{"negative ARR", success.Money{}, success.MustMoney("-1", "USD"), churn.ErrInvalid,
			"lost_arr: must be >= 0, got -1.00 USD"},
		{"two currencies", success.MustMoney("10", "EUR"), success.MustMoney("120", "USD"), churn.ErrCurrencyMismatch,
			"lost_arr: currency USD differs from lost_mrr's EUR"},
	} {
		e := event("bad", success.GoodFit, churn.ReasonPrice)
		e.LostMRR, e.LostARR = tt.mrr, tt.arr
		err := e.Validate(nil)
		require.ErrorIs(t, err, tt.sentinel, tt.name)
		assert.Equal(t, tt.want, err.Error(), tt.name)
	}
}

// With a report currency and rates, events booked in several currencies
// total into one report; without a rate the event is named, never summed
// unconverted.
func TestClassificationReportConvertsCurrencies(t *testing.T) {
	ctx := context.Background()
	rates, err := churn.NewRateTable(success.Monthly)
	require.NoError(t, err)
	require.NoError(t, rates.Set("EUR", mar1, decimal.RequireFromString("1.0853")))
	c, err := churn.NewClassifier(nil, churn.ClassifyOptions{Currency: "USD", Rates: rates})
	require.NoError(t, err)

	us := event("us", success.GoodFit, churn.ReasonPrice) // 12,000 USD ARR
	eu := event("eu", success.GoodFit, churn.ReasonOutOfBusiness)
	eu.Date = mar1.AddDate(0, 0, 17)                                             // March: the March rate applies
	eu.LostMRR, eu.LostARR = success.Money{}, success.MustMoney("999.99", "EUR") // 999.99 × 1.0853 = 1085.289147 → 1085.29
	report, cls, err := c.Report(ctx, slices.Values([]churn.Event{us, eu}))
	require.NoError(t, err)
	assert.Equal(t, "1085.29 USD", cls[1].LostARR.String())
	assert.Equal(t, "999.99 EUR", cls[1].Event.ARR().String(), "the event keeps its own amount")
	assert.Equal(t, "13085.29 USD", report.Total.LostARR.String())
	assert.Equal(t, "1085.29 USD", report.ByQuadrant[churn.UnavoidableUnexpected].LostARR.String())

	eu.Date = apr1 // no April rate
	eu.ID = "ev-eu"
	_, _, err = c.Report(ctx, slices.Values([]churn.Event{us, eu}))
	require.ErrorIs(t, err, churn.ErrCurrencyMismatch)
	assert.Equal(t, `events[1] (id "ev-eu", account "eu").lost_arr: no rate from EUR to USD for 2026-04`, err.Error())

	noRates, err := churn.NewClassifier(nil, churn.ClassifyOptions{Currency: "USD"})
	require.NoError(t, err)
	_, err = noRates.Classify(ctx, eu)
	require.ErrorIs(t, err, churn.ErrCurrencyMismatch)
	assert.Equal(t, "lost_arr: currency EUR differs from the report currency USD and no Rates were given", err.Error())

	_, err = churn.NewClassifier(nil, churn.ClassifyOptions{Rates: rates})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, "currency: must be set when rates are given: it is the currency the rates convert into", err.Error())
}
