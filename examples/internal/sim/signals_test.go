package sim_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
)

// signalCounts is how churn's usage signals (DropOff or Decline, default
// rules) as of a day fared against the logo churn in the days after it.
type signalCounts struct{ churned, caught, stayed, falseAlarms int }

func (n signalCounts) recall() float64    { return float64(n.caught) / float64(n.churned) }
func (n signalCounts) falseRate() float64 { return float64(n.falseAlarms) / float64(n.stayed) }
func (n signalCounts) precision() float64 {
	return float64(n.caught) / float64(n.caught+n.falseAlarms)
}

// usageSignal reports whether sig holds a DropOff or Decline.
func usageSignal(sig []churn.Signal) bool {
	for _, s := range sig {
		if s.Kind == churn.DropOff || s.Kind == churn.Decline {
			return true
		}
	}
	return false
}

// countSignals runs churn.DetectSignals with the default rules on every
// customer paying on each of the days, and counts who churned within
// horizon after the day and who was flagged.
func countSignals(t *testing.T, b *sim.Base, days []time.Time, horizon time.Duration) signalCounts {
	t.Helper()
	var n signalCounts
	for _, day := range days {
		for c := range b.CustomersAt(day) {
			sig, err := churn.DetectSignals(c.UsageAsOf(day), day, churn.SignalOptions{})
			require.NoError(t, err)
			flagged := usageSignal(sig)
			churned := false
			for _, e := range c.Churns {
				churned = churned || e.Kind == churn.FullChurn && e.Date.After(day) && !e.Date.After(day.Add(horizon))
			}
			switch {
			case churned:
				n.churned++
				if flagged {
					n.caught++
				}
			default:
				n.stayed++
				if flagged {
					n.falseAlarms++
				}
			}
		}
	}
	return n
}

// The default early-warning signals catch a realistic share of the accounts
// that churn in the next 60 to 90 days, and rarely flag one that stays. Every
// churn counts, involuntary and sudden ones included, which no usage signal
// can see. Four as-of days a quarter apart, on a seed never used to tune the
// simulator.
func TestSignalsForetellChurn(t *testing.T) {
	b := generate(t, 24, 3000)
	var days []time.Time
	for q := 1; q <= 4; q++ {
		days = append(days, b.Options.AsOf.AddDate(0, 0, -90*q))
	}
	for _, horizon := range []int{60, 90} {
		n := countSignals(t, b, days, time.Duration(horizon)*24*time.Hour)
		t.Logf("%d days: %d churned, %d caught (recall %.2f); %d stayed, %d flagged (%.3f); precision %.2f",
			horizon, n.churned, n.caught, n.recall(), n.stayed, n.falseAlarms, n.falseRate(), n.precision())
		require.Greater(t, n.churned, 200, "%d days", horizon)
		require.GreaterOrEqual(t, n.recall(), 0.35, "%d days: recall", horizon)
		require.LessOrEqual(t, n.recall(), 0.55, "%d days: recall", horizon)
		require.Less(t, n.falseRate(), 0.015, "%d days: false alarms among accounts that stay", horizon)
	}
}

// On the base's last day the churns to come (drawn, not recorded) show in
// usage as past ones do: about as many customers are flagged then as on the
// days before, where the churn that followed is known.
func TestSignalsFireToday(t *testing.T) {
	b := generate(t, 24, 3000)
	share := func(day time.Time) float64 {
		var n, flagged int
		for c := range b.CustomersAt(day) {
			sig, err := churn.DetectSignals(c.UsageAsOf(day), day, churn.SignalOptions{})
			require.NoError(t, err)
			n++
			if usageSignal(sig) {
				flagged++
			}
		}
		return float64(flagged) / float64(n)
	}
	today, before := share(b.Options.AsOf), share(b.Options.AsOf.AddDate(0, 0, -180))
	t.Logf("flagged today %.3f, 180 days before %.3f", today, before)
	require.InEpsilon(t, before, today, 0.5)
}

// A team of two or three that never took to the product still logs in now
// and then: daily active users are a count over seats, not a share rounded
// to nothing, so usage signals can see small accounts too.
func TestTinyAccountsShowUsage(t *testing.T) {
	b := generate(t, 1, 2000)
	tiny := 0
	for i := range b.Customers {
		c := &b.Customers[i]
		seats := c.Entitlements(c.Account.StartDate)
		if c.Onboarded || len(seats) == 0 || seats[0].Purchased > 3 || len(c.Usage) < 180 {
			continue
		}
		tiny++
		active := 0
		for _, u := range c.Usage {
			if u > 0 {
				active++
			}
		}
		require.Positive(t, active, "%s (%v seats) is never active", c.Account.ID, seats[0].Purchased)
	}
	require.Greater(t, tiny, 10)
}
