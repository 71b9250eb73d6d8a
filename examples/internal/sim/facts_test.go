package sim_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
	"github.com/secondsale/secondsale/success/expansion"
	"github.com/secondsale/secondsale/success/voice"
)

// Facts are valid playbook input for every account on every day it is a
// customer, and refuse a day before the start.
func TestFactsAreValid(t *testing.T) {
	b := generate(t, 9, 300)
	days := []time.Time{b.Options.AsOf, b.Options.AsOf.AddDate(0, -6, 0), b.Options.AsOf.AddDate(-1, 0, 0)}
	n := 0
	for i := range b.Customers {
		c := &b.Customers[i]
		for _, d := range days {
			if d.Before(c.Account.StartDate) {
				_, err := b.Facts(c, d)
				require.Error(t, err)
				continue
			}
			f, err := b.Facts(c, d)
			require.NoError(t, err)
			require.NoError(t, f.Validate(), c.Account.ID)
			require.NotNil(t, f.Health)
			require.NotNil(t, f.Readiness)
			require.Equal(t, c.Active(d), f.Account.Stage != success.StageChurned, c.Account.ID)
			n++
		}
	}
	require.Greater(t, n, 300)
	_, err := b.Facts(&b.Customers[0], b.Options.AsOf.AddDate(0, 0, 1))
	require.Error(t, err)
}

// The as-of accessors answer for any day, before the start and long after
// AsOf included, without panicking.
func TestAccessorsAnyDay(t *testing.T) {
	b := generate(t, 2, 100)
	for i := range b.Customers {
		c := &b.Customers[i]
		for _, d := range []time.Time{c.Account.StartDate.AddDate(0, 0, -1), c.Account.StartDate, b.Options.AsOf, b.Options.AsOf.AddDate(1, 0, 0)} {
			_ = c.Entitlements(d)
			_ = c.Products(d)
			_ = c.LastActive(d)
			_ = c.UsageAsOf(d)
			_ = c.AccountAsOf(d)
			_, err := c.HealthInputs(d)
			require.NoError(t, err)
		}
	}
}

// The SDK's normalisation of the billing lines gives, at each month end, the
// MRR the simulator tracked for the account: the lines and the as-of
// accessors tell one story.
func TestLedgerMatchesCustomerMRR(t *testing.T) {
	b := generate(t, 4, 300)
	for r, err := range b.Ledger() {
		require.NoError(t, err)
		c, ok := b.Customer(r.Account)
		require.True(t, ok)
		// Sum the account's lines on this date.
		sum := success.ZeroMoney(sim.Currency)
		for _, s := range c.Subscriptions {
			if !s.Start.After(r.Date) && (s.End.IsZero() || s.End.After(r.Date)) {
				m, err := s.MRR()
				require.NoError(t, err)
				sum, err = sum.Add(m)
				require.NoError(t, err)
			}
		}
		require.True(t, sum.Amount().Equal(c.MRR(r.Date).Amount()), "%s on %s", r.Account, r.Date.Format(time.DateOnly))
	}
}

// The other inputs pass through their SDK readers.
func TestRecordsFeedTheSDK(t *testing.T) {
	b := generate(t, 6, 1000)
	_, err := voice.NPS(b.NPS(), success.Quarterly, nil)
	require.NoError(t, err)
	_, err = voice.CSAT(b.CSAT(), voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}, success.Quarterly, nil)
	require.NoError(t, err)
	asOf := b.Options.AsOf
	_, err = burden.Compare(success.Monthly, asOf.AddDate(-1, -1, 0), asOf.AddDate(0, -1, 0), b.Tickets(), b.BurdenUsage(),
		burden.Options{Weights: sim.TicketWeights(), Directory: b.Directory()})
	require.NoError(t, err)
	inc, err := cohort.CumulativeIncidenceByStratum(b.CompetingObservations(30), cohort.IncidenceOptions{})
	require.NoError(t, err)
	require.NotNil(t, inc)
	rep, err := playbook.ReportGoals(slices.Collect(b.Touchpoints()), slices.Collect(b.GoalsSeen()), asOf, nil)
	require.NoError(t, err)
	require.NotNil(t, rep)
	sums, err := cohort.Summarize(b.Credits(), asOf, success.Weekly, cohort.SummaryOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, sums)
}

// A base serves many goroutines at once, as the PostgreSQL host's workers
// read it (run with -race).
func TestFactsConcurrently(t *testing.T) {
	b := generate(t, 3, 200)
	asOf := b.Options.AsOf
	want := make(map[success.AccountID]float64)
	for c := range b.CustomersAt(asOf) {
		f, err := b.Facts(c, asOf)
		require.NoError(t, err)
		want[c.Account.ID] = f.Health.Value
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for c := range b.CustomersAt(asOf) {
				f, err := b.Facts(c, asOf)
				if err != nil {
					errs <- err
					return
				}
				if f.Health.Value != want[c.Account.ID] {
					errs <- fmt.Errorf("%s: health %v, alone %v", c.Account.ID, f.Health.Value, want[c.Account.ID])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Readiness turns into opportunities priced with the account's price list,
// and the signals of the whole base come from one call.
func TestOpportunitiesAndSignals(t *testing.T) {
	b := generate(t, 8, 400)
	asOf := b.Options.AsOf
	n := 0
	for c := range b.CustomersAt(asOf) {
		f, err := b.Facts(c, asOf)
		require.NoError(t, err)
		pl := sim.PriceList(c.Account.Plan, c.Account.Segment)
		ops, err := pl.Opportunities(c.ReadinessInput(f), *f.Readiness, expansion.Options{})
		require.NoError(t, err)
		n += len(ops)
	}
	require.Positive(t, n)
	signals, err := churn.DetectAll(b.UsageAt(asOf), asOf, churn.SignalOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, signals)
}
