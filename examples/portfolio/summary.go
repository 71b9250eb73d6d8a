package main

import (
	"fmt"
	"io"
	"math"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/sim"
	"github.com/secondsale/secondsale/success/expansion"
)

// summary prints the review in a dozen lines: the figures a CS leader
// would quote from the report.
func (r *review) summary(w io.Writer) {
	f, h, l, rev := r.fit, r.health, r.losses.report, r.revenue.latest()
	pct := func(x float64) string {
		if x != x {
			return "undefined"
		}
		return fmt.Sprintf("%.1f%%", 100*x)
	}
	fmt.Fprintf(w, "Portfolio review as of %s (seed %d)\n", r.asOf.Format("2006-01-02"), r.base.Options.Seed)
	fmt.Fprintf(w, "  customers     %d of %d accounts, ARR %s USD; %s signed as a bad fit\n", f.activeGood+f.activeBad, f.accounts,
		usd.Tick(f.activeGoodARR+f.activeBadARR), pct(share(float64(f.badFit), float64(f.accounts))))
	fmt.Fprintf(w, "  outcomes      %s of customers achieved their Desired Outcome\n", pct(share(float64(f.achieved), float64(f.activeGood+f.activeBad))))
	red := 0.0
	for _, b := range h.portfolio.Bands {
		if b.Band == worstBand(h.plan) {
			red = b.Share
		}
	}
	fmt.Fprintf(w, "  health        mean %.1f (ARR-weighted), %s of ARR red; backtest AUC %.3f\n", h.portfolio.ARRWeightedMean, pct(red), h.backtest.AUC)
	fmt.Fprintf(w, "  revenue       %s: MRR %s USD, NRR %s, GRR %s, logo churn %s, quick ratio %.2f\n", rev.Label, usd.Tick(money(rev.EndMRR)),
		pct(ratio(rev.Trailing.NRR)), pct(ratio(rev.Trailing.GRR)), pct(ratio(rev.Metrics.LogoChurn)), ratio(rev.Metrics.QuickRatio))
	fmt.Fprintf(w, "  churn         %d events, %s USD ARR lost; %s avoidable and unexpected, %s acquisition failures\n", l.Total.Count, usd.Tick(money(l.Total.LostARR)),
		pct(ratio(l.WorstARRShare())), pct(share(money(l.AcquisitionFailures.LostARR), money(l.Total.LostARR))))
	if lr := r.retention.survival.LogRank; lr != nil {
		g, _ := curveFor(r.retention.survival, sim.StratumGoodFit)
		b, _ := curveFor(r.retention.survival, sim.StratumBadFit)
		fmt.Fprintf(w, "  survival      at 12 months good fit %s, bad fit %s (log-rank p = %.2g)\n", pct(g.SurvivalAt(12)), pct(b.SurvivalAt(12)), lr.PValue)
	}
	fmt.Fprintf(w, "  warnings      %d customers with an early-warning signal (%d drop-offs, %d declines)\n", r.signals.accounts, r.signals.byKind[churn.DropOff], r.signals.byKind[churn.Decline])
	fmt.Fprintf(w, "  expansion     %d ready, %s USD ARR proposable now; repeat buyers: %s buy again within %d days\n", r.readiness.byLevel[expansion.Ready],
		usd.Tick(sumValues(r.readiness.proposable)), pct(r.repeat.secondPurchase), secondPurchaseDays)
	fmt.Fprintf(w, "  plays         %d opened today, %d held back by a limit or re-entry rule (%d more already running)\n", len(r.plays.opened), len(r.plays.heldBack), len(r.plays.running))
	fmt.Fprintf(w, "  voice         NPS %.1f [%.1f, %.1f], CSAT %s; Reduction of Burden %s year on year\n", tenth(r.team.nps.Overall.Score), r.team.nps.Overall.Low, r.team.nps.Overall.High,
		pct(r.team.csat.Overall.Share), pct(quantity(r.team.burden.Total.Reduction)))
}

// tenth rounds to one decimal without printing "-0.0".
func tenth(x float64) float64 { return math.Round(x*10)/10 + 0 }
