package churn

import (
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// Movement is one kind of MRR movement in a period: the amount and the number
// of accounts that moved.
type Movement struct {
	MRR   success.Money `json:"mrr"`
	Count int64         `json:"count"`
}

// PeriodReport is one period of a retention report.
//
// The movements follow one convention, per account, comparing its MRR in this
// period (cur) with its MRR in the previous period (prev; 0 when it had no
// row):
//
//   - New: prev = 0 and cur > 0, and the account never paid before. An
//     account that starts and upgrades within one period is new at its
//     period-end MRR, not new plus expansion.
//   - Reactivation: prev = 0 and cur > 0 for an account that paid before and
//     had churned.
//   - Expansion: prev > 0 and cur > prev, by cur - prev.
//   - Contraction: prev > 0 and 0 < cur < prev, by prev - cur.
//   - Churn: prev > 0 and cur = 0 (an explicit zero row or no row), by prev.
//     A downgrade to zero is churn, not contraction: a customer is lost only
//     when all its subscriptions have ended, and MRR is per account.
//
// Conservation holds exactly, in decimal:
// EndMRR = StartMRR + New + Expansion + Reactivation - Contraction - Churn,
// and EndCustomers = StartCustomers + New + Reactivation - Churn (counts).
type PeriodReport struct {
	Period time.Time `json:"period"` // first day, midnight UTC
	Label  string    `json:"label"`  // "2026-03", "2026-Q1", "2026", "2026-W10"

	StartMRR       success.Money `json:"start_mrr"` // EndMRR of the previous period; 0 in the first
	EndMRR         success.Money `json:"end_mrr"`
	StartCustomers int64         `json:"start_customers"`
	EndCustomers   int64         `json:"end_customers"` // accounts with MRR > 0

	New          Movement `json:"new"`
	Expansion    Movement `json:"expansion"`
	Contraction  Movement `json:"contraction"`
	Churn        Movement `json:"churn"`
	Reactivation Movement `json:"reactivation"`

	// Metrics over this period alone.
	Metrics Metrics `json:"metrics"`
	// Trailing are the metrics over the trailing window ending with this
	// period (twelve months by default); undefined until the ledger covers
	// the whole window.
	Trailing Metrics `json:"trailing"`
}

// Metrics are the retention rates over a window of periods: one period, or
// the trailing window (TrailingPeriods periods) ending with a period. "Start"
// means the end of the period before the window; the "cohort" is the accounts
// with MRR > 0 at start. Each rate is a Ratio whose numerator and denominator
// are the exact amounts or counts named below, and is undefined when its
// denominator is zero.
//
// Two families answer different questions. LogoChurn, NRR and GRR follow the
// cohort: what became of the accounts paying at start, judged by where they
// are at the end (an account that churned and came back within the window is
// retained). GrossMRRChurn, NetMRRChurn and QuickRatio sum the movements of
// every account in the window, including accounts won during it. Over one
// period the two agree (GRR = 1 - GrossMRRChurn and NRR = 1 - NetMRRChurn -
// reactivation/start, exactly); over a trailing window they differ by the movements of
// accounts outside the cohort, so a trailing GrossMRRChurn can exceed 1 - GRR
// and even 100% in a fast-growing book.
type Metrics struct {
	// LogoChurn = cohort accounts with MRR 0 at the end / cohort accounts.
	// Over one period that is the churn count over StartCustomers. A
	// customer is lost only when all its subscriptions have ended.
	LogoChurn Ratio `json:"logo_churn"`
	// GrossMRRChurn = (churn + contraction in the window) / MRR at start.
	GrossMRRChurn Ratio `json:"gross_mrr_churn"`
	// NetMRRChurn = (churn + contraction - expansion - reactivation in the
	// window) / MRR at start; negative when expansion outgrows losses.
	NetMRRChurn Ratio `json:"net_mrr_churn"`
	// NRR (net revenue retention) = the cohort's MRR at the end / its MRR at
	// start. New and reactivated accounts outside the cohort do not count.
	NRR Ratio `json:"nrr"`
	// GRR (gross revenue retention) = the cohort's MRR at the end, each
	// account capped at its MRR at start / the cohort's MRR at start. Never
	// above 1 and never above NRR.
	GRR Ratio `json:"grr"`
	// QuickRatio = (new + expansion) / (contraction + churn) in the window.
	// Reactivation is left out, by this SDK's convention (some tools
	// count it with new); undefined when nothing was lost.
	QuickRatio Ratio `json:"quick_ratio"`
}

// RetentionReport is the movements and retention metrics of a ledger, one
// entry per period from the first period with a row to the report's end.
//
// The first period has nothing before it, so every account paying in it is
// New and its per-period metrics are undefined: a ledger that starts
// mid-history should begin one period (or, for trailing metrics, one window)
// before the first period whose metrics matter.
type RetentionReport struct {
	Grain           success.Grain    `json:"grain"`
	Currency        success.Currency `json:"currency"`
	TrailingPeriods int              `json:"trailing_periods"`
	Periods         []PeriodReport   `json:"periods"`
}

// fillReport turns the totals of the periods from base into rep's periods.
func (m *Movements) fillReport(rep *RetentionReport, base int32, totals []periodTotals) {
	periods := make([]periodAmounts, len(totals))
	for i := range totals {
		periods[i] = m.amountsOf(&totals[i])
	}
	rep.Periods = make([]PeriodReport, len(totals))
	for i := range totals {
		p := base + int32(i)
		var start periodAmounts
		if i > 0 {
			start = periods[i-1]
		}
		cur := periods[i]
		pr := PeriodReport{
			Period:         periodStart(m.cal, p),
			Label:          periodLabel(m.cal, p),
			StartMRR:       m.money(start.end),
			EndMRR:         m.money(cur.end),
			StartCustomers: start.endCustomers,
			EndCustomers:   cur.endCustomers,
			New:            Movement{m.money(cur.new), totals[i].newCount},
			Expansion:      Movement{m.money(cur.expansion), totals[i].expansionCount},
			Contraction:    Movement{m.money(cur.contraction), totals[i].contractionCount},
			Churn:          Movement{m.money(cur.churn), totals[i].churnCount},
			Reactivation:   Movement{m.money(cur.reactivation), totals[i].reactivationCount},
		}
		// One period: the cohort is the accounts paying at its start, and
		// their MRR now is start + expansion - contraction - churn.
		kept := start.end.Add(cur.expansion).Sub(cur.contraction).Sub(cur.churn)
		pr.Metrics = windowMetrics(start, []periodAmounts{cur},
			decimal.NewFromInt(totals[i].churnCount), kept, start.end.Sub(cur.contraction).Sub(cur.churn))
		if w := int(m.window); i >= w {
			before := periods[i-w]
			lost := before.endCustomers - totals[i].cohortLogos
			pr.Trailing = windowMetrics(before, periods[i-w+1:i+1],
				decimal.NewFromInt(lost), cur.cohort, cur.cohortCapped)
		}
		rep.Periods[i] = pr
	}
}

// periodAmounts are a period's totals as decimals.
type periodAmounts struct {
	end, new, expansion, contraction, churn, reactivation, cohort, cohortCapped decimal.Decimal
	endCustomers                                                                int64
}

func (m *Movements) amountsOf(t *periodTotals) periodAmounts {
	exp := m.book.Exp()
	return periodAmounts{
		end: t.endMRR.Decimal(exp), new: t.newMRR.Decimal(exp),
		expansion: t.expansionMRR.Decimal(exp), contraction: t.contractionMRR.Decimal(exp),
		churn: t.churnMRR.Decimal(exp), reactivation: t.reactivationMRR.Decimal(exp),
		cohort: t.cohortMRR.Decimal(exp), cohortCapped: t.cohortCappedMRR.Decimal(exp),
		endCustomers: t.endCustomers,
	}
}

// money returns d in the report currency. Report amounts are sums of rows:
// results, like Money.Add's, not input, so they are not held to NewMoney's
// input bounds (a total of 18-digit amounts has more digits, a host-built
// row more places), which would turn them into zero and break conservation.
func (m *Movements) money(d decimal.Decimal) success.Money {
	one, err := success.NewMoney(decimal.NewFromInt(1), m.currency)
	if err != nil { // no currency: nothing with an amount was added, so d is 0
		return success.ZeroMoney(m.currency)
	}
	return one.Mul(d)
}

// windowMetrics computes Metrics for the periods of a window, given the
// period before it (start), the cohort's lost logos, its MRR at the end and
// its capped MRR at the end.
func windowMetrics(start periodAmounts, window []periodAmounts, lostLogos, cohortNow, cohortCapped decimal.Decimal) Metrics {
	var churned, contracted, expanded, reactivated, added decimal.Decimal
	for _, p := range window {
		churned = churned.Add(p.churn)
		contracted = contracted.Add(p.contraction)
		expanded = expanded.Add(p.expansion)
		reactivated = reactivated.Add(p.reactivation)
		added = added.Add(p.new)
	}
	losses := churned.Add(contracted)
	return Metrics{
		LogoChurn:     Ratio{lostLogos, decimal.NewFromInt(start.endCustomers)},
		GrossMRRChurn: Ratio{losses, start.end},
		NetMRRChurn:   Ratio{losses.Sub(expanded).Sub(reactivated), start.end},
		NRR:           Ratio{cohortNow, start.end},
		GRR:           Ratio{cohortCapped, start.end},
		QuickRatio:    Ratio{added.Add(expanded), losses},
	}
}
