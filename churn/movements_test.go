package churn_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func month(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }

// row is a ledger line in USD, or in the currency given.
func row(account string, date time.Time, mrr string, currency ...string) success.LedgerRow {
	c := "USD"
	if len(currency) > 0 {
		c = currency[0]
	}
	return success.LedgerRow{Account: success.AccountID(account), Date: date, MRR: success.MustMoney(mrr, c)}
}

func movements(t tb, opts churn.MovementOptions, rows ...success.LedgerRow) *churn.Movements {
	t.Helper()
	m, err := churn.NewMovements(opts)
	require.NoError(t, err)
	require.NoError(t, m.AddAll(slices.Values(rows)))
	return m
}

func usd(s string) success.Money { return success.MustMoney(s, "USD") }

func checkMoney(t tb, want string, got success.Money, what string) {
	t.Helper()
	assert.True(t, got.Equal(usd(want)), "%s: want %s USD, got %s", what, want, got)
}

func checkRatio(t tb, want string, got churn.Ratio, what string) {
	t.Helper()
	assert.Equal(t, want, got.String(), "%s (%s / %s)", what, got.Numerator, got.Denominator)
}

// The hand-computed ledger covers every movement kind:
//
//	     Jan   Feb   Mar   Apr
//	A    100   150   120   120   expansion in Feb, contraction in Mar
//	B    200     0     -   250   downgrade to zero = churn (Feb), reactivation (Apr)
//	C      -    80    80     -   new in Feb (started at 50, upgraded to 80 in Feb: new 80), churn in Apr (no row)
//	D     50     -    70    70   churn in Feb, reactivation in Mar: both in Q1
//	E      -     -     0    30   a zero row is not a customer; new in Apr
var ledger = []success.LedgerRow{
	row("A", month(1), "100"), row("B", month(1), "200.00"), row("D", month(1), "50"),
	row("A", month(2), "150"), row("B", month(2), "0"), row("C", month(2), "80"),
	row("A", month(3), "120"), row("C", month(3), "80"), row("D", month(3), "70"), row("E", month(3), "0"),
	row("A", month(4), "120"), row("B", month(4), "250"), row("D", month(4), "70"), row("E", month(4), "30"),
}

func TestMovementsHandComputed(t *testing.T) {
	m := movements(t, churn.MovementOptions{TrailingPeriods: 2}, ledger...)
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	require.Len(t, rep.Periods, 4)
	type mv struct {
		mrr   string
		count int64
	}
	want := []struct {
		label                                         string
		start, end                                    string
		startCust, endCust                            int64
		new, expansion, contraction, churned, reactiv mv
		logo, gross, net, nrr, grr, quick             string
		tLogo, tGross, tNet, tNRR, tGRR, tQuick       string
	}{
		{"2026-01", "0", "350", 0, 3, mv{"350", 3}, mv{"0", 0}, mv{"0", 0}, mv{"0", 0}, mv{"0", 0},
			"undefined", "undefined", "undefined", "undefined", "undefined", "undefined",
			"undefined", "undefined", "undefined", "undefined", "undefined", "undefined"},
		// Feb: start 350; churn B 200 + D 50 = 250; expansion A 50; new C 80.
		// Logo 2/3; gross 250/350; net (250-50)/350; NRR (350+50-250)/350;
		// GRR (350-250)/350; quick (80+50)/250.
		{"2026-02", "350", "230", 3, 2, mv{"80", 1}, mv{"50", 1}, mv{"0", 0}, mv{"250", 2}, mv{"0", 0},
			"0.6667", "0.7143", "0.5714", "0.4286", "0.2857", "0.5200",
			"undefined", "undefined", "undefined", "undefined", "undefined", "undefined"},
		// Mar: start 230; contraction A 30; reactivation D 70. Trailing 2
		// (Feb+Mar) against Jan (350, 3 logos): cohort A 120 (capped 100),
		// B 0, D 70 (capped 50): NRR 190/350, GRR 150/350, logo (3-2)/3;
		// gross (250+30)/350, net (280-50-70)/350, quick (80+50)/280.
		{"2026-03", "230", "270", 2, 3, mv{"0", 0}, mv{"0", 0}, mv{"30", 1}, mv{"0", 0}, mv{"70", 1},
			"0.0000", "0.1304", "-0.1739", "0.8696", "0.8696", "0.0000",
			"0.3333", "0.8000", "0.4571", "0.5429", "0.4286", "0.4643"},
		// Apr: start 270; churn C 80 (no row); reactivation B 250; new E 30.
		// Trailing (Mar+Apr) against Feb (230: A 150, C 80): cohort A 120,
		// C 0: NRR = GRR = 120/230, logo 1/2; gross (80+30)/230,
		// net (110-0-320)/230, quick 30/110.
		{"2026-04", "270", "470", 3, 4, mv{"30", 1}, mv{"0", 0}, mv{"0", 0}, mv{"80", 1}, mv{"250", 1},
			"0.3333", "0.2963", "-0.6296", "0.7037", "0.7037", "0.3750",
			"0.5000", "0.4783", "-0.9130", "0.5217", "0.5217", "0.2727"},
	}
	for i, w := range want {
		p := rep.Periods[i]
		assert.Equal(t, w.label, p.Label)
		assert.Equal(t, month(time.Month(i+1)), p.Period)
		checkMoney(t, w.start, p.StartMRR, w.label+" start")
		checkMoney(t, w.end, p.EndMRR, w.label+" end")
		assert.Equal(t, w.startCust, p.StartCustomers, w.label+" start customers")
		assert.Equal(t, w.endCust, p.EndCustomers, w.label+" end customers")
		for _, c := range []struct {
			name string
			want mv
			got  churn.Movement
		}{{"new", w.new, p.New}, {"expansion", w.expansion, p.Expansion}, {"contraction", w.contraction, p.Contraction},
			{"churn", w.churned, p.Churn}, {"reactivation", w.reactiv, p.Reactivation}} {
			checkMoney(t, c.want.mrr, c.got.MRR, w.label+" "+c.name)
			assert.Equal(t, c.want.count, c.got.Count, w.label+" "+c.name+" count")
		}
		for _, r := range []struct {
			name, want string
			got        churn.Ratio
		}{
			{"logo churn", w.logo, p.Metrics.LogoChurn}, {"gross", w.gross, p.Metrics.GrossMRRChurn},
			{"net", w.net, p.Metrics.NetMRRChurn}, {"NRR", w.nrr, p.Metrics.NRR}, {"GRR", w.grr, p.Metrics.GRR},
			{"quick", w.quick, p.Metrics.QuickRatio},
			{"trailing logo churn", w.tLogo, p.Trailing.LogoChurn}, {"trailing gross", w.tGross, p.Trailing.GrossMRRChurn},
			{"trailing net", w.tNet, p.Trailing.NetMRRChurn}, {"trailing NRR", w.tNRR, p.Trailing.NRR},
			{"trailing GRR", w.tGRR, p.Trailing.GRR}, {"trailing quick", w.tQuick, p.Trailing.QuickRatio},
		} {
			checkRatio(t, r.want, r.got, w.label+" "+r.name)
		}
	}

	// Reporting through June: every account paying in April churns in May.
	rep, err = m.Report(month(6))
	require.NoError(t, err)
	require.Len(t, rep.Periods, 6)
	checkMoney(t, "470", rep.Periods[4].Churn.MRR, "May churn")
	assert.Equal(t, int64(4), rep.Periods[4].Churn.Count)
	checkMoney(t, "0", rep.Periods[5].StartMRR, "June start")
	checkRatio(t, "undefined", rep.Periods[5].Metrics.GrossMRRChurn, "June gross churn with no starting MRR")
	// Reporting through March reads the ledger as it stood then: the April
	// rows are not read, so the accounts paying in March have not churned.
	rep, err = m.Report(month(3))
	require.NoError(t, err)
	require.Len(t, rep.Periods, 3)
	upToMarch := slices.DeleteFunc(slices.Clone(ledger), func(r success.LedgerRow) bool { return r.Date.After(month(3)) })
	assert.Equal(t, reportJSON(t, movements(t, churn.MovementOptions{TrailingPeriods: 2}, upToMarch...)), asJSON(t, rep))
	rep, err = m.Report(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Empty(t, rep.Periods, "through before the first row")
}

// The same account at quarterly grain: D churned in February and came back in
// March, so the quarters see 50 then 70, an expansion of 20, and no churn.
func TestMovementsQuarterly(t *testing.T) {
	q4 := time.Date(2025, 11, 15, 0, 0, 0, 0, time.UTC) // any date inside the quarter
	m := movements(t, churn.MovementOptions{Grain: success.Quarterly},
		row("D", q4, "50"), row("D", month(3), "70"), row("X", month(2), "10"))
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	require.Len(t, rep.Periods, 2)
	assert.Equal(t, "2025-Q4", rep.Periods[0].Label)
	assert.Equal(t, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), rep.Periods[0].Period)
	assert.Equal(t, "2026-Q1", rep.Periods[1].Label)
	checkMoney(t, "20", rep.Periods[1].Expansion.MRR, "Q1 expansion")
	checkMoney(t, "10", rep.Periods[1].New.MRR, "Q1 new")
	checkMoney(t, "0", rep.Periods[1].Churn.MRR, "Q1 churn")
	checkMoney(t, "0", rep.Periods[1].Reactivation.MRR, "Q1 reactivation")
}

func TestMovementsBadInput(t *testing.T) {
	tests := []struct {
		name     string
		rows     []success.LedgerRow
		sentinel error
		want     string
	}{
		{"empty account", []success.LedgerRow{row("", month(1), "10")},
			churn.ErrInvalid, `rows[0]: (account "", period 2026-01).account: must not be empty`},
		{"mixed currency", []success.LedgerRow{row("a", month(1), "10"), {Account: "b", Date: month(1), MRR: success.MustMoney("9", "EUR")}},
			churn.ErrCurrencyMismatch, `rows[1]: (account "b", period 2026-01).mrr: currency EUR differs from the report currency USD and no Rates were given`},
		{"zero period", []success.LedgerRow{{Account: "a", MRR: usd("1")}},
			churn.ErrInvalid, `rows[0]: (account "a", period unset).date: must be set`},
		{"minor units without a currency", []success.LedgerRow{{Account: "a", Date: month(1), Minor: 100}},
			churn.ErrInvalid, `rows[0]: (account "a", period 2026-01).currency: is required with minor`},
		{"both amount forms", []success.LedgerRow{{Account: "a", Date: month(1), MRR: usd("1"), Minor: 100, Currency: "USD"}},
			churn.ErrInvalid, `rows[0]: (account "a", period 2026-01).mrr: set either mrr or minor and currency, not both`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := churn.NewMovements(churn.MovementOptions{})
			require.NoError(t, err)
			err = m.AddAll(slices.Values(tt.rows))
			require.ErrorIs(t, err, tt.sentinel)
			assert.Equal(t, tt.want, err.Error())
			// Rows before the bad one stay; the bad one changed nothing.
			rep, err := m.Report(time.Time{})
			require.NoError(t, err)
			for _, p := range rep.Periods {
				assert.False(t, p.EndMRR.IsNegative())
			}
		})
	}

	// A bad row leaves the accumulator as it was: the report equals the one
	// without it.
	good := movements(t, churn.MovementOptions{}, ledger...)
	bad := movements(t, churn.MovementOptions{}, ledger...)
	assert.Error(t, bad.Add(row("A", month(2), "999", "EUR")))
	assert.Error(t, bad.Add(success.LedgerRow{Account: "Z", Date: month(2), Minor: 1}))
	assert.Equal(t, reportJSON(t, good), reportJSON(t, bad))

	_, err := churn.NewMovements(churn.MovementOptions{Grain: "fortnight", Currency: "usd", TrailingPeriods: -1})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Len(t, success.AsFieldErrors(err), 3)
}

func TestMovementsCurrencyConversion(t *testing.T) {
	rates, err := churn.NewRateTable(success.Monthly)
	require.NoError(t, err)
	require.NoError(t, rates.Set("EUR", month(1), decimal.RequireFromString("1.0853")))
	require.NoError(t, rates.Set("EUR", month(2), decimal.RequireFromString("1.1")))
	require.ErrorIs(t, rates.Set("EUR", month(3), decimal.Zero), churn.ErrInvalid)

	m, err := churn.NewMovements(churn.MovementOptions{Currency: "USD", Rates: rates})
	require.NoError(t, err)
	require.NoError(t, m.AddAll(slices.Values([]success.LedgerRow{
		row("us", month(1), "100"),
		{Account: "eu", Date: month(1), MRR: success.MustMoney("99.99", "EUR")}, // 108.519147 → 108.52
		{Account: "eu", Date: month(2), MRR: success.MustMoney("99.99", "EUR")}, // 109.989 → 109.99
	})))
	err = m.Add(success.LedgerRow{Account: "eu", Date: month(3), MRR: success.MustMoney("1", "EUR")})
	require.ErrorIs(t, err, churn.ErrCurrencyMismatch)
	assert.Contains(t, err.Error(), "no rate from EUR to USD for 2026-03")
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	checkMoney(t, "208.52", rep.Periods[0].EndMRR, "Jan end")
	// A rate change moves converted MRR: 1.47 of expansion, by convention.
	checkMoney(t, "1.47", rep.Periods[1].Expansion.MRR, "Feb expansion")
	checkMoney(t, "100", rep.Periods[1].Churn.MRR, "Feb churn") // "us" has no row in Feb: churned
	assert.Equal(t, int64(1), rep.Periods[1].Churn.Count)
}

func asJSON(t tb, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func reportJSON(t tb, m *churn.Movements) string {
	t.Helper()
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	return string(b)
}

// Rates are quoted into one currency, so the report currency must be named
// with them: letting the first row pick it would convert a USD row "into" EUR
// at a USD rate of 1 when the first row happened to be in euros.
func TestMovementsRatesNeedCurrency(t *testing.T) {
	rates, err := churn.NewRateTable(success.Monthly)
	require.NoError(t, err)
	require.NoError(t, rates.Set("USD", month(1), decimal.NewFromInt(1)))
	_, err = churn.NewMovements(churn.MovementOptions{Rates: rates})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, "currency: must be set when rates are given: it is the currency the rates convert into", err.Error())
}

// Options and periods that would overflow the accumulator's int32 period
// indexes or its per-account window are rejected, never truncated.
func TestMovementsBounds(t *testing.T) {
	tests := []struct {
		name string
		opts churn.MovementOptions
		want string
	}{
		{"trailing window beyond ten years", churn.MovementOptions{TrailingPeriods: 121},
			"trailing_periods: must be <= 120 (10 years of months), got 121"},
		{"trailing window that int32 would truncate to 12", churn.MovementOptions{Grain: success.Weekly, TrailingPeriods: 1<<32 + 12},
			"trailing_periods: must be <= 520 (10 years of weeks), got 4294967308"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := churn.NewMovements(tt.opts)
			require.ErrorIs(t, err, churn.ErrInvalid)
			assert.Equal(t, tt.want, err.Error())
		})
	}

	m, err := churn.NewMovements(churn.MovementOptions{TrailingPeriods: 120})
	require.NoError(t, err)
	require.NoError(t, m.Add(row("a", month(1), "10")))

	// A mistyped year is an error naming the row, not a wrapped period index.
	far := time.Date(300_000_000, 1, 1, 0, 0, 0, 0, time.UTC)
	err = m.Add(row("a", far, "10"))
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, `(account "a", period out of range).date: 300000000-01-01T00:00:00Z is outside the years 1 to 9999`, err.Error())
	_, err = m.Report(far)
	require.ErrorIs(t, err, churn.ErrInvalid)

	var rates churn.RateTable // the zero table is usable
	require.ErrorIs(t, rates.Set("EUR", far, decimal.NewFromInt(1)), churn.ErrInvalid)
	require.ErrorIs(t, rates.Set("eur", month(1), decimal.NewFromInt(1)), churn.ErrInvalid)
	require.NoError(t, rates.Set("EUR", month(1), decimal.RequireFromString("1.1")))
	r, ok := rates.Rate("EUR", month(1).AddDate(0, 0, 20))
	require.True(t, ok)
	assert.Equal(t, "1.1", r.String())
}

// Each movement rule on its own, as the movements of one account. A ledger
// holds one MRR per account per period, the MRR at the end of the period, so
// whatever happened inside a period (a start at 50 and an upgrade to 80 in
// the same month) shows as one value.
func TestMovementKinds(t *testing.T) {
	q4 := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		grain success.Grain
		rows  []success.LedgerRow
		want  []string // period kind from -> to
	}{
		{"upgrade in the month it started is new, not expansion", success.Monthly,
			[]success.LedgerRow{row("a", month(1), "80"), row("a", month(2), "80")}, // signed at 50 on 10 Jan, 80 from 20 Jan
			[]string{"2026-01 new 0 -> 80"}},
		{"a trial at zero, then paying, is new", success.Monthly,
			[]success.LedgerRow{row("a", month(1), "0"), row("a", month(2), "30")},
			[]string{"2026-02 new 0 -> 30"}},
		{"downgrade to zero is churn, not contraction", success.Monthly,
			[]success.LedgerRow{row("a", month(1), "100"), row("a", month(2), "0")},
			[]string{"2026-01 new 0 -> 100", "2026-02 churn 100 -> 0"}},
		{"a missing row is churn in the period after the last", success.Monthly,
			[]success.LedgerRow{row("a", month(1), "100"), row("b", month(3), "5")},
			[]string{"2026-01 new 0 -> 100", "2026-02 churn 100 -> 0"}},
		{"churn and reactivation in the same quarter, monthly", success.Monthly,
			[]success.LedgerRow{row("a", month(1), "100"), row("a", month(3), "120")},
			[]string{"2026-01 new 0 -> 100", "2026-02 churn 100 -> 0", "2026-03 reactivation 0 -> 120"}},
		{"churn and reactivation in the same quarter, quarterly: the quarters see expansion", success.Quarterly,
			[]success.LedgerRow{row("a", q4, "100"), row("a", month(3), "120")},
			[]string{"2025-Q4 new 0 -> 100", "2026-Q1 expansion 100 -> 120"}},
		{"expansion then contraction", success.Monthly,
			[]success.LedgerRow{row("a", month(1), "100"), row("a", month(2), "150"), row("a", month(3), "120.50")},
			[]string{"2026-01 new 0 -> 100", "2026-02 expansion 100 -> 150", "2026-03 contraction 150 -> 120.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range collectLog(t, tt.rows, time.Time{}, churn.MovementOptions{Grain: tt.grain}) {
				if l.Account == "a" {
					got = append(got, l.Label+" "+l.Kind+" "+l.From+" -> "+l.To)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// Decoded state keeps the receiver's Rates, which convert into the
// receiver's currency only: a state in another currency is rejected rather
// than labelling rates into USD as GBP, and an empty state keeps the
// receiver's currency so its first row cannot pick another.
func TestUnmarshalKeepsRatesCurrency(t *testing.T) {
	rates, err := churn.NewRateTable(success.Monthly)
	require.NoError(t, err)
	require.NoError(t, rates.Set("EUR", month(2), decimal.RequireFromString("1.10")))
	withRates := func() *churn.Movements {
		m, err := churn.NewMovements(churn.MovementOptions{Currency: "USD", Rates: rates})
		require.NoError(t, err)
		return m
	}
	encode := func(m *churn.Movements) []byte {
		data, err := m.MarshalBinary()
		require.NoError(t, err)
		return data
	}

	gbp := movements(t, churn.MovementOptions{Currency: "GBP"}, success.LedgerRow{Account: "g", Date: month(1), MRR: success.MustMoney("100", "GBP")})
	m := withRates()
	err = m.UnmarshalBinary(encode(gbp))
	require.ErrorIs(t, err, churn.ErrCurrencyMismatch)
	assert.Contains(t, err.Error(), "GBP")
	require.NoError(t, m.Add(success.LedgerRow{Account: "e", Date: month(2), MRR: success.MustMoney("100", "EUR")}), "m is unchanged after the rejected state")
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "110.00 USD", rep.Periods[0].EndMRR.String())

	empty := movements(t, churn.MovementOptions{})
	m = withRates()
	require.NoError(t, m.UnmarshalBinary(encode(empty)))
	require.NoError(t, m.Add(success.LedgerRow{Account: "e", Date: month(2), MRR: success.MustMoney("100", "EUR")}))
	rep, err = m.Report(time.Time{})
	require.NoError(t, err)
	assert.Equal(t, success.Currency("USD"), rep.Currency)
	assert.Equal(t, "110.00 USD", rep.Periods[0].EndMRR.String())
}

// Amounts are exact integers of the finest decimal place seen so far. When a
// finer amount arrives after a very large one, the message blames the large
// amount already held, not the cent that cannot be "too fine".
func TestMovementsPrecisionLimits(t *testing.T) {
	m := movements(t, churn.MovementOptions{}, row("big", month(1), "461168601842738790"))
	err := m.Add(row("small", month(1), "0.01"))
	require.ErrorIs(t, err, churn.ErrOverflow)
	assert.Equal(t, `(account "small", period 2026-01).mrr: needs 2 decimal places, `+
		`and an amount already added is too large to keep exactly at that precision`, err.Error())

	tiny := row("tiny", month(1), "0.000000000001")
	tiny.MRR = tiny.MRR.Mul(decimal.New(1, -7)) // 1e-19: beyond what ParseMoney accepts, but a product may be
	err = m.Add(tiny)
	require.ErrorIs(t, err, churn.ErrOverflow)
	assert.Equal(t, `(account "tiny", period 2026-01).mrr: needs 19 decimal places, too fine for exact totals`, err.Error())
}

// Fifteen months with the default twelve-month window, every expected figure
// computed by hand from this table (USD; E pays 100 EUR converted at 1.10 in
// 2025 and 1.20 in 2026, so 110 then 120 USD):
//
//	     Jan25 … Mar25 Apr25 May25 Jun25 … Aug25 Sep25 … Nov25 Dec25 Jan26 … Mar26
//	A     100  …  100   100   100   150  …  150   120  …  120   120   120  …  120   expansion Jun, contraction Sep
//	B     200  …  200   200     -     -  …   50    50  …   50    50    50  …   50   churn May, reactivation Aug
//	C       -  …    -     -     -    80  …   80    80  …   80    80    80  …   80   new Jun (mid-window)
//	D      60  …   60    60    60    60  …   60    60  …    0     -     -  …    -   downgrade to zero = churn Nov
//	E     110  …  110   110   110   110  …  110   110  …  110   110   120  …  120   FX expansion Jan26
//	F      50  50    -     -     -     -  …    -     -  …    -     -    70  …   70   churn Mar25, reactivation Jan26
func TestTrailingTwelveMonthsHandComputed(t *testing.T) {
	mo := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	rates, err := churn.NewRateTable(success.Monthly)
	require.NoError(t, err)
	var rows []success.LedgerRow
	for i := range 15 {
		p := mo(2025, time.January).AddDate(0, i, 0)
		between := func(from, to time.Time) bool { return !p.Before(from) && !p.After(to) }
		add := func(account, mrr string) { rows = append(rows, row(account, p, mrr)) }
		switch {
		case between(mo(2025, 9), mo(2026, 3)):
			add("A", "120")
		case between(mo(2025, 6), mo(2025, 8)):
			add("A", "150")
		default:
			add("A", "100")
		}
		switch {
		case p.Before(mo(2025, 5)):
			add("B", "200")
		case !p.Before(mo(2025, 8)):
			add("B", "50")
		}
		if !p.Before(mo(2025, 6)) {
			add("C", "80")
		}
		switch {
		case p.Before(mo(2025, 11)):
			add("D", "60")
		case p.Equal(mo(2025, 11)):
			add("D", "0")
		}
		rows = append(rows, success.LedgerRow{Account: "E", Date: p, MRR: success.MustMoney("100", "EUR")})
		rate := "1.10"
		if p.Year() == 2026 {
			rate = "1.20"
		}
		require.NoError(t, rates.Set("EUR", p, decimal.RequireFromString(rate)))
		switch {
		case p.Before(mo(2025, 3)):
			add("F", "50")
		case !p.Before(mo(2026, 1)):
			add("F", "70")
		}
	}
	m, err := churn.NewMovements(churn.MovementOptions{Currency: "USD", Rates: rates})
	require.NoError(t, err)
	require.NoError(t, m.AddAll(slices.Values(rows)))
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	require.Len(t, rep.Periods, 15)

	ratio := func(r churn.Ratio) string { return r.Numerator.String() + "/" + r.Denominator.String() }
	for _, tt := range []struct {
		label                          string
		logo, gross, net, nrr, grr, qr string
	}{
		// Window Feb25..Jan26 against Jan25 (A 100, B 200, D 60, E 110, F 50
		// = 520, 5 logos). Cohort now A 120, B 50, D 0, E 120, F 70 = 360;
		// capped 100+50+0+110+50 = 310; D lost (F came back: retained).
		// Movements: churn F 50 + B 200 + D 60, contraction 30, expansion
		// 50 + 10, reactivation 50 + 70, new 80.
		{"2026-01", "1/5", "340/520", "160/520", "360/520", "310/520", "140/340"},
		// Window Apr25..Mar26 against Mar25 (A 100, B 200, D 60, E 110 =
		// 470, 4 logos; F had left). Cohort now 120+50+0+120 = 290; capped
		// 100+50+0+110 = 260. F's return is reactivation outside the cohort.
		{"2026-03", "1/4", "290/470", "110/470", "290/470", "260/470", "140/290"},
	} {
		i := slices.IndexFunc(rep.Periods, func(p churn.PeriodReport) bool { return p.Label == tt.label })
		require.GreaterOrEqual(t, i, 0, tt.label)
		tr := rep.Periods[i].Trailing
		assert.Equal(t, tt.logo, ratio(tr.LogoChurn), "%s logo churn", tt.label)
		assert.Equal(t, tt.gross, ratio(tr.GrossMRRChurn), "%s gross MRR churn", tt.label)
		assert.Equal(t, tt.net, ratio(tr.NetMRRChurn), "%s net MRR churn", tt.label)
		assert.Equal(t, tt.nrr, ratio(tr.NRR), "%s NRR", tt.label)
		assert.Equal(t, tt.grr, ratio(tr.GRR), "%s GRR", tt.label)
		assert.Equal(t, tt.qr, ratio(tr.QuickRatio), "%s quick ratio", tt.label)
	}
	assert.False(t, rep.Periods[11].Trailing.NRR.Defined(), "Dec25: the window needs Dec24, before the ledger")
	assert.Equal(t, "440.00 USD", rep.Periods[14].EndMRR.String())
}

// fixedRate is a host Converter quoting one rate for every currency and period.
type fixedRate decimal.Decimal

func (r fixedRate) Rate(success.Currency, time.Time) (decimal.Decimal, bool) {
	return decimal.Decimal(r), true
}

// A host Converter is not a RateTable, which refuses rates <= 0 when set: a
// zero rate would turn a paying account into churn and a negative one would
// be reported as a negative MRR the row never had, so both are rejected
// where they are used, naming the rate.
func TestConverterRateMustBePositive(t *testing.T) {
	eur := success.LedgerRow{Account: "eu", Date: month(2), MRR: success.MustMoney("100", "EUR")}
	for _, rate := range []string{"0", "-1.1"} {
		m, err := churn.NewMovements(churn.MovementOptions{Currency: "USD", Rates: fixedRate(decimal.RequireFromString(rate))})
		require.NoError(t, err)
		err = m.Add(eur)
		require.ErrorIs(t, err, churn.ErrInvalid)
		assert.Equal(t, `(account "eu", period 2026-02).mrr: the rate from EUR to USD for 2026-02 must be > 0, got `+rate, err.Error())

		c, err := churn.NewClassifier(nil, churn.ClassifyOptions{Currency: "USD", Rates: fixedRate(decimal.RequireFromString(rate))})
		require.NoError(t, err)
		_, err = c.Classify(context.Background(), churn.Event{Account: "eu", Date: month(2), Kind: churn.FullChurn, Initiator: churn.Voluntary,
			LostMRR: success.MustMoney("100", "EUR"), Reasons: []churn.Reason{{Code: churn.ReasonPrice}}})
		require.ErrorIs(t, err, churn.ErrInvalid)
		assert.Equal(t, `lost_mrr: the rate from EUR to USD for 2026-02 must be > 0, got `+rate, err.Error())
	}
}

// A nil *RateTable is an empty table, as the zero RateTable is: no rate for
// anything, and no panic when passed as Rates.
func TestNilRateTable(t *testing.T) {
	var rates *churn.RateTable
	_, ok := rates.Rate("EUR", month(1))
	assert.False(t, ok)
	require.ErrorIs(t, rates.Set("EUR", month(1), decimal.NewFromInt(1)), churn.ErrInvalid)
	m, err := churn.NewMovements(churn.MovementOptions{Currency: "USD", Rates: rates})
	require.NoError(t, err)
	err = m.Add(success.LedgerRow{Account: "eu", Date: month(1), MRR: success.MustMoney("1", "EUR")})
	require.ErrorIs(t, err, churn.ErrCurrencyMismatch)
	assert.Equal(t, `(account "eu", period 2026-01).mrr: no rate from EUR to USD for 2026-01`, err.Error())
}

// An account's MRR in a period is the sum of its lines on its last observed
// date in the period (success.LedgerRow), in any row order: several lines
// and a repeated row on one date add up, an earlier snapshot is superseded,
// the account counts once, and a discount line is a negative line.
func TestMovementsLedgerConvention(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	rows := []success.LedgerRow{
		row("a", day(1, 31), "100"),
		row("a", day(1, 31), "20"),  // a second line on the same date
		row("a", day(1, 15), "999"), // an earlier snapshot of January, given later: superseded
		row("b", day(2, 28), "50"),
		row("b", day(2, 28), "50"),  // a repeated row adds, as a line would
		row("b", day(2, 28), "-30"), // a discount line
		row("a", day(3, 31), "120"),
		row("a", day(2, 10), "80"), // out of order
	}
	m := movements(t, churn.MovementOptions{}, rows...)
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	require.Len(t, rep.Periods, 3)
	jan, feb, mar := rep.Periods[0], rep.Periods[1], rep.Periods[2]
	assert.Equal(t, "120.00 USD", jan.EndMRR.String())
	assert.Equal(t, int64(1), jan.EndCustomers)
	assert.Equal(t, "150.00 USD", feb.EndMRR.String()) // a 80 + b 70
	assert.Equal(t, int64(2), feb.EndCustomers)
	assert.Equal(t, "40.00 USD", feb.Contraction.MRR.String()) // a: 120 -> 80
	assert.Equal(t, "70.00 USD", feb.New.MRR.String())
	assert.Equal(t, "120.00 USD", mar.EndMRR.String()) // a 120, b churned
	assert.Equal(t, "70.00 USD", mar.Churn.MRR.String())

	// The same rows in reverse give the same report.
	back := slices.Clone(rows)
	slices.Reverse(back)
	assert.Equal(t, reportJSON(t, m), reportJSON(t, movements(t, churn.MovementOptions{}, back...)))

	// Discounts larger than the lines they discount are an error naming the
	// account and period, at Report.
	m = movements(t, churn.MovementOptions{}, row("z", day(1, 31), "10"), row("z", day(1, 31), "-11"))
	_, err = m.Report(time.Time{})
	require.ErrorIs(t, err, churn.ErrInvalid)
	assert.Equal(t, `(account "z", period 2026-01).mrr: the account's lines on its last date in the period sum below zero`, err.Error())

	// Integer minor units read the same as Money.
	minor := movements(t, churn.MovementOptions{},
		success.LedgerRow{Account: "a", Date: day(1, 31), Minor: 12000, Currency: "USD"},
		success.LedgerRow{Account: "a", Date: day(2, 10), Minor: 8000, Currency: "USD"},
		success.LedgerRow{Account: "a", Date: day(3, 31), Minor: 12000, Currency: "USD"},
		row("b", day(2, 28), "70"))
	assert.Equal(t, reportJSON(t, movements(t, churn.MovementOptions{}, rows...)), reportJSON(t, minor))
}
