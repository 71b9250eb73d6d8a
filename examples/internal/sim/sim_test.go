package sim_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success"
)

// generate builds a base for a test, failing it on error.
func generate(t testing.TB, seed uint64, accounts int) *sim.Base {
	t.Helper()
	b, err := sim.Generate(sim.Options{Seed: seed, Accounts: accounts})
	require.NoError(t, err)
	return b
}

// digest hashes everything a base holds: every customer as JSON (usage
// apart, as raw float32 bits) and the ledger the SDK makes of it.
func digest(t *testing.T, b *sim.Base) string {
	t.Helper()
	h := sha256.New()
	for i := range b.Customers {
		c := b.Customers[i]
		usage := c.Usage
		c.Usage = nil
		js, err := json.Marshal(c)
		require.NoError(t, err)
		h.Write(js)
		for _, u := range usage {
			require.NoError(t, binary.Write(h, binary.LittleEndian, math.Float32bits(u)))
		}
	}
	for r, err := range b.Ledger() {
		require.NoError(t, err)
		js, err := json.Marshal(r)
		require.NoError(t, err)
		h.Write(js)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b, c := generate(t, 7, 400), generate(t, 7, 400), generate(t, 8, 400)
	da := digest(t, a)
	require.Equal(t, da, digest(t, b), "same seed, same data")
	require.NotEqual(t, da, digest(t, c), "another seed, other data")
}

// goldenDigest pins seed 1's first 200 accounts, so that a machine (an
// architecture that fuses multiply-adds, another Go release's math/rand/v2)
// that generates other data fails here. A deliberate change to the simulator,
// or to what the SDK writes into the records (fit reasons, the ledger),
// changes it too: update it in the same commit and say why.
const goldenDigest = "2b09bef1214d0ba11faf507dda59d561bb114fbd21747b9c285287e5b6c22d9b"

func TestGenerateMatchesGolden(t *testing.T) {
	require.Equal(t, goldenDigest, digest(t, generate(t, 1, 200)))
}

func TestGenerateRejectsBadOptions(t *testing.T) {
	for name, o := range map[string]sim.Options{
		"negative accounts":      {Accounts: -1},
		"too many accounts":      {Accounts: sim.MaxAccounts + 1},
		"start after asof":       {Start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		"span too long":          {Start: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)},
		"too many account-years": {Accounts: sim.MaxAccounts, Start: time.Date(2016, 12, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := sim.Generate(o)
			require.Error(t, err)
		})
	}
}

func TestDefaults(t *testing.T) {
	b := generate(t, 1, 50)
	require.Equal(t, sim.DefaultAsOf, b.Options.AsOf)
	require.Equal(t, time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC), b.Options.Start)
	for _, c := range b.Customers {
		require.False(t, c.Account.StartDate.Before(b.Options.Start))
		require.True(t, c.Account.StartDate.Before(b.Options.AsOf))
		require.NoError(t, c.Account.Validate())
		require.NoError(t, c.Outcome.Validate())
	}
}

// The ledger passes through churn's movements and cohort's table, and MRR is
// conserved the way the SDK defines it.
func TestLedgerFeedsMovementsAndCohorts(t *testing.T) {
	b := generate(t, 3, 1000)
	var rows []success.LedgerRow
	for r, err := range b.Ledger() {
		require.NoError(t, err)
		rows = append(rows, r)
	}
	require.NotEmpty(t, rows)
	m, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, m.Add(r))
	}
	through := b.Options.AsOf.AddDate(0, 0, -1)
	rep, err := m.Report(through)
	require.NoError(t, err)
	require.NotEmpty(t, rep.Periods)
	// Every kind of movement happens, and the last period's customers are
	// the accounts paying on the last day.
	var moved [5]int64
	for _, p := range rep.Periods {
		for i, mv := range []churn.Movement{p.New, p.Expansion, p.Contraction, p.Churn, p.Reactivation} {
			moved[i] += mv.Count
		}
	}
	for i, n := range moved {
		require.Positive(t, n, "movement kind %d", i)
	}
	paying := 0
	for range b.CustomersAt(through) {
		paying++
	}
	require.EqualValues(t, paying, rep.Periods[len(rep.Periods)-1].EndCustomers)

	tbl, err := cohort.BuildTable(func(yield func(success.LedgerRow) bool) {
		for _, r := range rows {
			if !yield(r) {
				return
			}
		}
	}, through, cohort.TableOptions{})
	require.NoError(t, err)
	require.NotNil(t, tbl)

	for e := range b.ChurnEvents() {
		require.NoError(t, e.Validate(churn.DefaultTaxonomy()), e.ID)
	}
}

// Good fit survives longer than bad fit, and the log-rank test says so.
func TestGoodFitSurvivesLonger(t *testing.T) {
	b := generate(t, 11, 2000)
	obs, err := cohort.ObserveSpells(b.Spells(), b.Options.AsOf, success.Monthly)
	require.NoError(t, err)
	seq := func(yield func(cohort.Observation) bool) {
		for _, o := range obs {
			if !yield(o) {
				return
			}
		}
	}
	lr, err := cohort.LogRank(seq)
	require.NoError(t, err)
	require.Less(t, lr.PValue, 0.001, "chi-square %.1f", lr.ChiSquare)
	km, err := cohort.KaplanMeierByStratum(seq, cohort.SurvivalOptions{Horizon: 24})
	require.NoError(t, err)
	require.Len(t, km.Curves, 2)
	bad, good := km.Curves[0], km.Curves[1] // sorted by name
	require.Equal(t, sim.StratumBadFit, bad.Stratum)
	for _, month := range []float64{6, 12, 24} {
		require.Greater(t, good.SurvivalAt(month), bad.SurvivalAt(month), "month %v", month)
	}
}

// Yearly contracts leave, and only when they are up for renewal: at an
// anniversary of the start, where AccountAsOf puts the renewal date.
func TestYearlyContractsChurnAtAnniversaries(t *testing.T) {
	b := generate(t, 1, 2000)
	yearly, churned := 0, 0
	for i := range b.Customers {
		c := &b.Customers[i]
		if !c.BilledYearly() {
			continue
		}
		yearly++
		start := c.Account.StartDate
		for _, e := range c.Churns {
			if e.Kind != churn.FullChurn {
				continue
			}
			churned++
			months := (e.Date.Year()-start.Year())*12 + int(e.Date.Month()) - int(start.Month())
			require.Zero(t, months%12, "%s left %d months after its start", c.Account.ID, months)
			require.Equal(t, e.Date, c.AccountAsOf(e.Date.AddDate(0, 0, -1)).RenewalDate, "%s left on its renewal date", c.Account.ID)
		}
	}
	require.Positive(t, yearly)
	require.Greater(t, float64(churned), 0.1*float64(yearly), "%d of %d yearly accounts churned", churned, yearly)
}

// BenchmarkRepeatPurchaseModel is the one fit of a default base's BG/NBD
// model, on its first use.
func BenchmarkRepeatPurchaseModel(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		base := generate(b, 1, 0)
		b.StartTimer()
		if _, err := base.RepeatPurchaseModel(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Generate(sim.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFacts is one account's facts as of a day, as a host assembles
// them for the playbook engine, averaged over the accounts active then. The
// repeat-purchase model is fitted before, once per base.
func BenchmarkFacts(b *testing.B) {
	base := generate(b, 1, 1000)
	if _, err := base.RepeatPurchaseModel(); err != nil {
		b.Fatal(err)
	}
	asOf := base.Options.AsOf
	var active []*sim.Customer
	for i := range base.Customers {
		if c := &base.Customers[i]; c.Active(asOf) {
			active = append(active, c)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := base.Facts(active[i%len(active)], asOf); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
