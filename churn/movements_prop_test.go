package churn_test

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomLedger is a dense ledger: mrr[a][p] is account a's MRR in period p,
// present[a][p] whether it has a row there (no row means 0).
type randomLedger struct {
	periods int
	mrr     [][]decimal.Decimal
	present [][]bool
	rows    []success.LedgerRow // each account's rows in period order, accounts interleaved at random
}

func drawLedger(t *rapid.T) randomLedger {
	nAcc := rapid.IntRange(1, 8).Draw(t, "accounts")
	nPer := rapid.IntRange(1, 16).Draw(t, "periods")
	l := randomLedger{periods: nPer}
	queues := make([][]success.LedgerRow, nAcc)
	for a := range nAcc {
		l.mrr = append(l.mrr, make([]decimal.Decimal, nPer))
		l.present = append(l.present, make([]bool, nPer))
		for p := range nPer {
			if !rapid.Bool().Draw(t, "present") {
				continue
			}
			v := decimal.Zero
			if rapid.IntRange(0, 3).Draw(t, "zero") > 0 {
				// 0 to 3 decimal places exercise the exact rescaling.
				v = decimal.New(rapid.Int64Range(0, 100000).Draw(t, "units"), -int32(rapid.IntRange(0, 3).Draw(t, "places")))
			}
			l.mrr[a][p], l.present[a][p] = v, true
			money, err := success.NewMoney(v, "USD")
			require.NoError(t, err)
			queues[a] = append(queues[a], success.LedgerRow{
				Account: success.AccountID(fmt.Sprintf("acct-%d", a)),
				Date:    time.Date(2024, time.Month(p+1), 3, 0, 0, 0, 0, time.UTC),
				MRR:     money,
			})
		}
	}
	for {
		var open []int
		for a, q := range queues {
			if len(q) > 0 {
				open = append(open, a)
			}
		}
		if len(open) == 0 {
			return l
		}
		a := rapid.SampledFrom(open).Draw(t, "next")
		l.rows = append(l.rows, queues[a][0])
		queues[a] = queues[a][1:]
	}
}

// reference computes the movements of period p the slow, obvious way, from
// the dense ledger.
type refPeriod struct {
	end, new, expansion, contraction, churn, reactivation, cohort, capped decimal.Decimal
	customers, cohortLogos                                                int64
}

func (l randomLedger) reference(window int) []refPeriod {
	out := make([]refPeriod, l.periods)
	for p := range l.periods {
		r := &out[p]
		for a := range l.mrr {
			cur := l.mrr[a][p]
			prev, paidBefore := decimal.Zero, false
			if p > 0 {
				prev = l.mrr[a][p-1]
			}
			for q := 0; q < p; q++ {
				paidBefore = paidBefore || l.mrr[a][q].IsPositive()
			}
			switch {
			case cur.IsPositive() && !prev.IsPositive() && paidBefore:
				r.reactivation = r.reactivation.Add(cur)
			case cur.IsPositive() && !prev.IsPositive():
				r.new = r.new.Add(cur)
			case !cur.IsPositive() && prev.IsPositive():
				r.churn = r.churn.Add(prev)
			case cur.GreaterThan(prev):
				r.expansion = r.expansion.Add(cur.Sub(prev))
			case cur.LessThan(prev):
				r.contraction = r.contraction.Add(prev.Sub(cur))
			}
			r.end = r.end.Add(cur)
			if cur.IsPositive() {
				r.customers++
			}
			if p >= window && l.mrr[a][p-window].IsPositive() {
				r.cohort = r.cohort.Add(cur)
				r.capped = r.capped.Add(decimal.Min(cur, l.mrr[a][p-window]))
				if cur.IsPositive() {
					r.cohortLogos++
				}
			}
		}
	}
	return out
}

// padded returns the ledger with extra periods without rows at the end.
func (l randomLedger) padded(extra int) randomLedger {
	out := l
	out.periods += extra
	out.mrr, out.present = nil, nil
	for a := range l.mrr {
		out.mrr = append(out.mrr, append(append([]decimal.Decimal(nil), l.mrr[a]...), make([]decimal.Decimal, extra)...))
		out.present = append(out.present, append(append([]bool(nil), l.present[a]...), make([]bool, extra)...))
	}
	return out
}

func (l randomLedger) firstPeriod() int {
	for p := range l.periods {
		for a := range l.present {
			if l.present[a][p] {
				return p
			}
		}
	}
	return l.periods
}

func TestMovementsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := drawLedger(t)
		window := rapid.IntRange(1, 4).Draw(t, "window")
		opts := churn.MovementOptions{TrailingPeriods: window}
		m := movements(t, opts, l.rows...)
		// A report through periods past the last row: every paying account
		// churns in the period after its last row.
		l = l.padded(rapid.IntRange(0, 3).Draw(t, "periods past the rows"))
		rep, err := m.Report(time.Date(2024, time.Month(l.periods), 1, 0, 0, 0, 0, time.UTC))
		require.NoError(t, err)
		first := l.firstPeriod()
		ref := l.reference(window)
		require.Len(t, rep.Periods, l.periods-first)
		for i, pr := range rep.Periods {
			p := first + i
			r := ref[p]
			// Same movements as the dense reference.
			for _, c := range []struct {
				name string
				want decimal.Decimal
				got  success.Money
			}{{"end", r.end, pr.EndMRR}, {"new", r.new, pr.New.MRR}, {"expansion", r.expansion, pr.Expansion.MRR},
				{"contraction", r.contraction, pr.Contraction.MRR}, {"churn", r.churn, pr.Churn.MRR},
				{"reactivation", r.reactivation, pr.Reactivation.MRR}} {
				require.True(t, c.want.Equal(c.got.Amount()), "%s %s: want %s, got %s", pr.Label, c.name, c.want, c.got)
			}
			require.Equal(t, r.customers, pr.EndCustomers, "%s customers", pr.Label)

			// Conservation, exactly.
			sum := pr.StartMRR.Amount().Add(pr.New.MRR.Amount()).Add(pr.Expansion.MRR.Amount()).
				Add(pr.Reactivation.MRR.Amount()).Sub(pr.Contraction.MRR.Amount()).Sub(pr.Churn.MRR.Amount())
			require.True(t, sum.Equal(pr.EndMRR.Amount()), "%s: conservation %s != %s", pr.Label, sum, pr.EndMRR)
			require.Equal(t, pr.EndCustomers, pr.StartCustomers+pr.New.Count+pr.Reactivation.Count-pr.Churn.Count, pr.Label)
			if i > 0 {
				require.True(t, pr.StartMRR.Equal(rep.Periods[i-1].EndMRR))
			}

			// Over one period the cohort and movement families agree, as
			// Metrics documents: GRR = 1 - gross churn, NRR = 1 - net churn -
			// reactivation/start, exactly.
			if start := pr.StartMRR.Amount(); start.IsPositive() {
				mt := pr.Metrics
				require.True(t, mt.GRR.Numerator.Equal(start.Sub(mt.GrossMRRChurn.Numerator)), "%s GRR != 1 - gross churn", pr.Label)
				require.True(t, mt.NRR.Numerator.Equal(start.Sub(mt.NetMRRChurn.Numerator).Sub(pr.Reactivation.MRR.Amount())),
					"%s NRR != 1 - net churn - reactivation", pr.Label)
				require.True(t, mt.LogoChurn.Numerator.Equal(decimal.NewFromInt(pr.Churn.Count)))
			}

			// GRR never above 1 nor above NRR; trailing NRR/GRR match the reference.
			for _, mt := range []churn.Metrics{pr.Metrics, pr.Trailing} {
				grr, okG := mt.GRR.Float64()
				nrr, okN := mt.NRR.Float64()
				require.Equal(t, okG, okN)
				if okG {
					require.True(t, grr <= 1 && grr >= 0, "%s GRR %v", pr.Label, grr)
					require.True(t, grr <= nrr, "%s GRR %v > NRR %v", pr.Label, grr, nrr)
					require.True(t, mt.GRR.Numerator.LessThanOrEqual(mt.NRR.Numerator))
				}
			}
			if i >= window {
				// The trailing movement sums and the cohort's lost logos.
				var lost, net, added decimal.Decimal
				for _, q := range ref[p-window+1 : p+1] {
					lost = lost.Add(q.churn).Add(q.contraction)
					net = net.Add(q.churn).Add(q.contraction).Sub(q.expansion).Sub(q.reactivation)
					added = added.Add(q.new).Add(q.expansion)
				}
				tr := pr.Trailing
				require.True(t, tr.GrossMRRChurn.Numerator.Equal(lost), "%s trailing gross churn numerator", pr.Label)
				require.True(t, tr.NetMRRChurn.Numerator.Equal(net), "%s trailing net churn numerator", pr.Label)
				require.True(t, tr.QuickRatio.Numerator.Equal(added) && tr.QuickRatio.Denominator.Equal(lost), "%s trailing quick ratio", pr.Label)
				require.True(t, tr.LogoChurn.Numerator.Equal(decimal.NewFromInt(ref[p-window].customers-r.cohortLogos)), "%s trailing lost logos", pr.Label)
				require.True(t, tr.LogoChurn.Denominator.Equal(decimal.NewFromInt(ref[p-window].customers)), "%s trailing logos at start", pr.Label)
				require.True(t, pr.Trailing.NRR.Numerator.Equal(r.cohort), "%s trailing NRR numerator", pr.Label)
				require.True(t, pr.Trailing.GRR.Numerator.Equal(r.capped), "%s trailing GRR numerator", pr.Label)
				require.True(t, pr.Trailing.NRR.Denominator.Equal(ref[p-window].end))
			} else {
				require.False(t, pr.Trailing.NRR.Defined(), "%s: trailing metrics before a full window", pr.Label)
			}
		}

		// Shards of disjoint accounts, encoded, decoded and merged in any
		// order, give exactly the one-pass result.
		k := rapid.IntRange(1, 4).Draw(t, "shards")
		owner := map[success.AccountID]int{}
		shardOf := make([]int, len(l.rows))
		for i, r := range l.rows {
			if _, ok := owner[r.Account]; !ok {
				owner[r.Account] = rapid.IntRange(0, k-1).Draw(t, "owner")
			}
			shardOf[i] = owner[r.Account]
		}
		order := rapid.Permutation(accumtest.ShardNumbers(k)).Draw(t, "merge order")
		merged, err := accumtest.MergeShards(func() *churn.Movements { return movements(t, opts) }, l.rows, shardOf, order)
		require.NoError(t, err)
		require.Equal(t, m.Accounts(), merged.Accounts())
		require.Equal(t, reportJSON(t, m), reportJSON(t, merged))
	})
}

// Movements has the SDK's accumulator shape and rejects corrupted states.
func TestMovementsAccumulatorContract(t *testing.T) {
	m := movements(t, churn.MovementOptions{TrailingPeriods: 2},
		row("a", month(1), "10"), row("b", month(1), "5.5"), row("a", month(2), "12"), row("b", month(3), "0"), row("c", month(3), "1"))
	require.NoError(t, accumtest.CheckContract(m, churn.ErrInvalid))
}

func TestMergeOverlapAndMismatch(t *testing.T) {
	// Shards may share accounts: the merge is the one-pass ledger.
	a := movements(t, churn.MovementOptions{}, row("x", month(1), "10"))
	b := movements(t, churn.MovementOptions{}, row("x", month(2), "10"))
	require.NoError(t, a.Merge(b))
	assert.Equal(t, reportJSON(t, movements(t, churn.MovementOptions{}, row("x", month(1), "10"), row("x", month(2), "10"))), reportJSON(t, a))

	q := movements(t, churn.MovementOptions{Grain: success.Quarterly}, row("y", month(1), "10"))
	require.ErrorIs(t, a.Merge(q), churn.ErrInvalid)
	e := movements(t, churn.MovementOptions{}, success.LedgerRow{Account: "z", Date: month(1), MRR: success.MustMoney("1", "EUR")})
	require.ErrorIs(t, a.Merge(e), churn.ErrCurrencyMismatch)
}

// The encoded state round-trips: a decoded accumulator reports the same, and
// keeps accepting rows and merging as the original would.
func TestMovementsStateRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := drawLedger(t)
		cut := rapid.IntRange(0, len(l.rows)).Draw(t, "cut")
		whole := movements(t, churn.MovementOptions{}, l.rows...)
		part := movements(t, churn.MovementOptions{}, l.rows[:cut]...)
		data, err := part.MarshalBinary()
		require.NoError(t, err)
		decoded, err := churn.NewMovements(churn.MovementOptions{})
		require.NoError(t, err)
		require.NoError(t, decoded.UnmarshalBinary(data))
		require.Equal(t, reportJSON(t, part), reportJSON(t, decoded))
		for _, r := range l.rows[cut:] {
			require.NoError(t, decoded.Add(r))
		}
		require.Equal(t, reportJSON(t, whole), reportJSON(t, decoded))
	})
	var m churn.Movements
	require.ErrorIs(t, m.UnmarshalBinary([]byte("not gob")), churn.ErrInvalid)
	// The zero Movements is a monthly accumulator with defaults.
	var zero, other churn.Movements
	require.NoError(t, zero.Merge(&other))
	require.NoError(t, zero.Add(row("a", month(1), "5")))
	require.NoError(t, other.Merge(&zero))
	rep, err := other.Report(time.Time{})
	require.NoError(t, err)
	assert.Equal(t, 12, rep.TrailingPeriods)
	checkMoney(t, "5", rep.Periods[0].EndMRR, "end")
}

// Merging the same shards in the same order gives byte-identical state, so a
// distributed run is reproducible; merging a zero accumulator is a no-op.
func TestMergeDeterministic(t *testing.T) {
	shard := func() *churn.Movements {
		var rows []success.LedgerRow
		for i := range 50 {
			rows = append(rows, row(fmt.Sprintf("acct-%02d", i), month(1), "10"), row(fmt.Sprintf("acct-%02d", i), month(2), "12"))
		}
		return movements(t, churn.MovementOptions{}, rows...)
	}
	merged := func() []byte {
		m := movements(t, churn.MovementOptions{}, row("base", month(1), "1"))
		require.NoError(t, m.Merge(shard()))
		require.ErrorIs(t, m.Merge(nil), churn.ErrInvalid)
		require.NoError(t, m.Merge(&churn.Movements{}))
		data, err := m.MarshalBinary()
		require.NoError(t, err)
		return data
	}
	first := merged()
	for range 5 { // map iteration order would differ between runs
		require.Equal(t, first, merged())
	}

	// A zero accumulator adopts the options of what it merges.
	quarterly := movements(t, churn.MovementOptions{Grain: success.Quarterly, TrailingPeriods: 2}, row("q", month(1), "5"), row("q", month(4), "7"))
	var zero churn.Movements
	require.NoError(t, zero.Merge(quarterly))
	assert.Equal(t, reportJSON(t, quarterly), reportJSON(t, &zero))

	var report churn.ClassificationReport
	require.ErrorIs(t, report.Merge(nil), churn.ErrInvalid)
	require.ErrorIs(t, report.Merge(&report), churn.ErrInvalid, "merging a report into itself would double it")
	assert.Equal(t, 0, report.Total.Count)
	var nilTaxonomy *churn.Taxonomy
	require.ErrorIs(t, nilTaxonomy.Define(churn.ReasonDefinition{Code: "x"}), churn.ErrInvalid)
}
