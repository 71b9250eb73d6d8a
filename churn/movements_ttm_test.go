package churn_test

import (
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
	rates, err := churn.NewRateTable(churn.Month)
	require.NoError(t, err)
	var rows []churn.MRRRow
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
		rows = append(rows, churn.MRRRow{Account: "E", Period: p, MRR: success.MustMoney("100", "EUR")})
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
