package cohort

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/special"
	"github.com/secondsale/secondsale/success"
)

// GammaGamma is a fitted Gamma-Gamma model of spend per transaction (Fader,
// Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base
// Analysis", Journal of Marketing Research 42(4); Fader & Hardie 2013, "The
// Gamma-Gamma Model of Monetary Value", note 025). A customer's transaction
// values vary around their own mean as Gamma(P, ν), and ν varies across
// customers as Gamma(Q, Gamma). Spend is assumed independent of how often a
// customer buys, so it combines with BG/NBD into a lifetime value.
type GammaGamma struct {
	P     float64 `json:"p"`
	Q     float64 `json:"q"`
	Gamma float64 `json:"gamma"`
	// PSE, QSE and GammaSE are the asymptotic standard errors from the
	// inverse Hessian (always finite for a fitted model).
	PSE     float64 `json:"p_se"`
	QSE     float64 `json:"q_se"`
	GammaSE float64 `json:"gamma_se"`
	// Currency is that of the spends; empty (omitted from JSON) when the
	// summaries carried none.
	Currency     success.Currency `json:"currency,omitempty"`
	RepeatBuyers int              `json:"repeat_buyers"` // customers the fit used: those with Frequency > 0, counts included
	Fit          FitReport        `json:"fit"`
}

// ggRow is a distinct repeat history: x repeat transactions of total value
// z = m̄·x, had by w customers.
type ggRow struct{ x, z, w float64 }

// ggData is the spend fit's input merged to distinct (x, m̄), sorted, with
// what the likelihood needs per distinct frequency summed once, so an
// evaluation costs a logarithm per distinct history and a few log-gammas
// per distinct frequency.
type ggData struct {
	rows   []ggRow
	xs     []float64 // distinct frequencies, ascending
	xw     []float64 // customers with each frequency
	xLogM  []float64 // Σ w·ln m̄ over the rows of each frequency
	logXs  []float64 // ln x per frequency
	total  float64
	buyers int // repeat buyers: the sum of their counts
}

// newGGData merges the repeat buyers among customers with equal (x, m̄),
// weighing each by its count, and sorts the distinct ones, so the
// likelihood sums the same terms in the same order whatever the order of
// customers and however they were compressed. One-time buyers are left out.
func newGGData(customers []CustomerSummary) ggData {
	type spend struct{ x, m float64 }
	var index keyIndex[spend]
	var weight []float64
	var d ggData
	for i := range customers {
		c := &customers[i]
		if c.Frequency == 0 {
			continue
		}
		k := spend{float64(c.Frequency), c.MeanRepeatSpend}
		j, seen := index.index(k, hashEnd(hashFloat(hashFloat(hashStart, k.x), k.m)))
		if !seen {
			weight = append(weight, 0)
		}
		weight[j] += c.customers()
		n := max(c.Count, 1)
		d.buyers = min(d.buyers, math.MaxInt-n) + n // saturates
	}
	type history struct {
		spend
		w float64
	}
	hist := make([]history, len(index.keys))
	for i, k := range index.keys {
		hist[i] = history{k, weight[i]}
	}
	slices.SortFunc(hist, func(a, b history) int { return cmp.Or(compareFloat(a.x, b.x), compareFloat(a.m, b.m)) })
	d.rows = make([]ggRow, len(hist))
	for k, h := range hist {
		if n := len(d.xs); n == 0 || d.xs[n-1] != h.x {
			d.xs = append(d.xs, h.x)
			d.xw = append(d.xw, 0)
			d.xLogM = append(d.xLogM, 0)
			d.logXs = append(d.logXs, math.Log(h.x))
		}
		n := len(d.xs) - 1
		d.xw[n] += h.w
		d.xLogM[n] += h.w * math.Log(h.m)
		d.total += h.w
		d.rows[k] = ggRow{x: h.x, z: h.m * h.x, w: h.w}
	}
	return d
}

// logLikelihood returns the log-likelihood of the mean repeat spends and,
// when grad is not nil, its gradient in (p, q, γ). Per customer (note 025,
// eq. 3):
//
//	ln f(m̄ | x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄
//	             + px ln x − (px+q) ln(γ + m̄x)
//
// All but the last term depend on the customer through x alone and are
// summed per distinct frequency.
func (d *ggData) logLikelihood(p, q, gamma float64, grad []float64) float64 {
	var ll, gp, gq, gg float64
	lgQ, logGamma := special.LogGamma(q), math.Log(gamma)
	var psiQ float64
	if grad != nil {
		psiQ = special.Digamma(q)
	}
	for i, x := range d.xs {
		px, w, logX := p*x, d.xw[i], d.logXs[i]
		ll += w*(special.LogGamma(px+q)-special.LogGamma(px)-lgQ+q*logGamma+px*logX) + (px-1)*d.xLogM[i]
		if grad != nil {
			psiPXQ := special.Digamma(px + q)
			gp += x * (w*(psiPXQ-special.Digamma(px)+logX) + d.xLogM[i])
			gq += w * (psiPXQ - psiQ + logGamma)
		}
	}
	// −Σ w(px+q)·ln(γ+z) = −(p·Σ w·x·ln D + q·Σ w·ln D), and the same for
	// the derivative in γ with 1/D.
	var sxl, sl, sxi, si float64
	for _, r := range d.rows {
		dd := gamma + r.z
		l := r.w * math.Log(dd)
		sxl += r.x * l
		sl += l
		if grad != nil {
			inv := r.w / dd
			sxi += r.x * inv
			si += inv
		}
	}
	ll -= p*sxl + q*sl
	if grad != nil {
		gp -= sxl
		gq -= sl
		gg = d.total*q/gamma - (p*sxi + q*si)
		grad[0], grad[1], grad[2] = gp, gq, gg
	}
	return ll
}

// FitGammaGamma estimates p, q and γ by maximum likelihood from the repeat
// buyers among customers (Frequency > 0), whose MeanRepeatSpend must be > 0;
// one-time buyers carry no information about spend variation and are skipped
// (counted in the summaries, not an error). All customers must share one
// currency. A fit that does not converge returns a
// *success.NotConvergedError, as it does when every repeat buyer spends the
// same (no spend heterogeneity to estimate: the parameters run off to a
// boundary). As FitBGNBD, it weighs each summary by its Count and merges
// repeat buyers with equal (x, m̄) first, so its cost beyond one pass grows
// with the distinct ones; RepeatBuyers counts customers, counts included.
func FitGammaGamma(customers []CustomerSummary, opts FitOptions) (GammaGamma, error) {
	if _, err := validateSummaries(customers); err != nil {
		return GammaGamma{}, err
	}
	var problems success.FieldErrors
	currency := customers[0].Currency
	for i := range customers {
		c := &customers[i]
		if c.Currency != currency {
			fielderr.Addf(&problems, ErrInvalid, indexPath("customers", i, "currency"), "differs from the currency of customers[0]")
		}
		if c.Frequency > 0 && c.MeanRepeatSpend <= 0 {
			fielderr.Addf(&problems, ErrInvalid, indexPath("customers", i, "mean_repeat_spend"), "must be > 0 for a repeat buyer, got %s", numberKind(c.MeanRepeatSpend))
		}
	}
	if err := problems.Err(); err != nil {
		return GammaGamma{}, err
	}
	data := newGGData(customers)
	if data.buyers < 2 {
		fielderr.Addf(&problems, ErrEmpty, "customers", "the spend model needs at least 2 repeat buyers, got %d", data.buyers)
		return GammaGamma{}, problems.Err()
	}
	m := positiveModel{
		name:   "Gamma-Gamma",
		names:  []string{"p", "q", "gamma"},
		logLik: func(g, th []float64) float64 { return data.logLikelihood(th[0], th[1], th[2], g) },
		scale:  data.total,
	}
	theta, se, rep, err := fitPositive(m, []float64{1, 1, 1}, opts)
	if err != nil {
		return GammaGamma{}, err
	}
	return GammaGamma{P: theta[0], Q: theta[1], Gamma: theta[2], PSE: se[0], QSE: se[1], GammaSE: se[2],
		Currency: currency, RepeatBuyers: data.buyers, Fit: rep}, nil
}

// ExpectedAverageSpend returns the customer's expected spend per transaction,
// in the model's currency (note 025, eq. 5): the posterior mean
// (γ + m̄x)·p/(px + q − 1), a weighted average of the population mean
// pγ/(q−1) and the customer's observed mean m̄. A customer without repeat
// purchases gets the population mean. It needs q > 1, without which the
// population mean spend is infinite.
func (m GammaGamma) ExpectedAverageSpend(c CustomerSummary) (float64, error) {
	if err := m.check(); err != nil {
		return 0, err
	}
	if !c.valid() { // Validate builds its errors; valid only looks
		return 0, fmt.Errorf("account %q: %w", c.Account, c.Validate())
	}
	if c.Currency != m.Currency {
		return 0, fmt.Errorf("%w: account %q spends in another currency than the model", ErrInvalid, c.Account)
	}
	spend := m.spend(float64(c.Frequency), c.MeanRepeatSpend)
	if !finiteFloat(spend) {
		return 0, fmt.Errorf("%w: account %q: %s", ErrInvalid, c.Account, errSpendOverflow)
	}
	return spend, nil
}

// errSpendOverflow says why an expected spend is not a number.
const errSpendOverflow = "expected spend overflows with these parameters"

// check reports whether the parameters can predict: positive, finite, and
// q > 1.
func (m GammaGamma) check() error {
	for _, v := range []float64{m.P, m.Q, m.Gamma} {
		if !(v > 0) || !finiteFloat(v) {
			return fmt.Errorf("%w: Gamma-Gamma parameters must be positive and finite, got %s p, %s q and %s gamma", ErrInvalid, numberKind(m.P), numberKind(m.Q), numberKind(m.Gamma))
		}
	}
	if m.Q <= 1 {
		return fmt.Errorf("%w: Gamma-Gamma q <= 1: the mean spend is infinite", ErrInvalid)
	}
	return nil
}

// spend returns the expected spend per transaction of a customer with x
// repeat transactions of mean value mean: (γ + M·x)·p / (p·x + q − 1),
// written as the weighted mean of the population's mean spend p·γ/(q − 1)
// and the customer's M, so that a large M·x cannot overflow.
func (m GammaGamma) spend(x, mean float64) float64 {
	weight := m.P * x / (m.P*x + m.Q - 1)
	return (m.Q-1)/(m.P*x+m.Q-1)*(m.P*(m.Gamma/(m.Q-1))) + weight*mean
}
