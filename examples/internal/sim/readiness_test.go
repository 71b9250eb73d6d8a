package sim_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success/expansion"
)

// Readiness carries the repeat-purchase probability for every account that
// has bought training credits by the day, and none for the others; the
// probability predicts who buys again within RepeatPurchaseDays.
func TestReadinessHasRepeatPurchaseProbability(t *testing.T) {
	b := generate(t, 12, 2000)
	m, err := b.RepeatPurchaseModel()
	require.NoError(t, err)
	again, err := b.RepeatPurchaseModel()
	require.NoError(t, err)
	require.Equal(t, m, again, "fitted once")

	asOf := b.Options.AsOf.AddDate(0, 0, -180)
	horizon := asOf.AddDate(0, 0, sim.RepeatPurchaseDays)
	var sumBuy, sumNot float64
	var nBuy, nNot int
	for c := range b.CustomersAt(asOf) {
		f, err := b.Facts(c, asOf)
		require.NoError(t, err)
		in, err := b.ReadinessInput(c, f)
		require.NoError(t, err)
		bought, later := 0, false
		for _, tx := range c.Credits {
			switch {
			case !tx.At.After(asOf):
				bought++
			case !tx.At.After(horizon):
				later = true
			}
		}
		if bought == 0 {
			require.Nil(t, in.SecondPurchase, c.Account.ID)
			continue
		}
		require.NotNil(t, in.SecondPurchase, c.Account.ID)
		p := *in.SecondPurchase
		require.True(t, p >= 0 && p <= 1, "%s: %v", c.Account.ID, p)
		require.True(t, hasReason(f.Readiness.Reasons, expansion.SecondPurchaseLikely), c.Account.ID)
		if later {
			sumBuy, nBuy = sumBuy+p, nBuy+1
		} else {
			sumNot, nNot = sumNot+p, nNot+1
		}
	}
	require.Greater(t, nBuy, 30)
	require.Greater(t, nNot, 30)
	t.Logf("mean probability: %.2f for the %d who bought again, %.2f for the %d who did not", sumBuy/float64(nBuy), nBuy, sumNot/float64(nNot), nNot)
	require.Greater(t, sumBuy/float64(nBuy), sumNot/float64(nNot)+0.1)
}

// An account's probability on a day reads only its purchases up to that
// day: the same as for the account with its later purchases removed.
func TestRepeatPurchaseProbabilityIgnoresLaterPurchases(t *testing.T) {
	b := generate(t, 12, 2000)
	n := 0
	for i := range b.Customers {
		c := &b.Customers[i]
		if len(c.Credits) < 2 || !c.Active(c.Credits[1].At) {
			continue
		}
		day := c.Credits[1].At.Add(-time.Hour)
		if !c.Credits[0].At.Before(day) {
			continue // both on one day: nothing bought by the day
		}
		f, err := b.Facts(c, day)
		require.NoError(t, err)
		want, err := b.ReadinessInput(c, f)
		require.NoError(t, err)
		cut := *c
		cut.Credits = c.Credits[:1]
		got, err := b.ReadinessInput(&cut, f)
		require.NoError(t, err)
		require.NotNil(t, want.SecondPurchase)
		require.Equal(t, *want.SecondPurchase, *got.SecondPurchase, c.Account.ID)
		if n++; n == 20 {
			break
		}
	}
	require.Equal(t, 20, n)
}

// A base too small to fit the model still gives facts, without the
// probability, and RepeatPurchaseModel says why.
func TestReadinessWithoutRepeatPurchaseModel(t *testing.T) {
	b := generate(t, 1, 3)
	_, err := b.RepeatPurchaseModel()
	require.Error(t, err)
	for i := range b.Customers {
		c := &b.Customers[i]
		f, err := b.Facts(c, b.Options.AsOf)
		require.NoError(t, err)
		in, err := b.ReadinessInput(c, f)
		require.NoError(t, err)
		require.Nil(t, in.SecondPurchase)
		require.False(t, hasReason(f.Readiness.Reasons, expansion.SecondPurchaseLikely))
	}
}

func hasReason(rs []expansion.Reason, code expansion.ReasonCode) bool {
	for _, r := range rs {
		if r.Code == code {
			return true
		}
	}
	return false
}
