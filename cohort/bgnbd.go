package cohort

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/special"
	"github.com/secondsale/secondsale/success"
)

// BGNBD is a fitted beta-geometric/negative-binomial model of repeat
// purchasing when customers leave silently (Fader, Hardie & Lee 2005,
// "Counting Your Customers the Easy Way: An Alternative to the Pareto/NBD
// Model", Marketing Science 24(2)). While alive, a customer buys at a Poisson
// rate λ; after each purchase they drop out with probability p. Across
// customers λ ~ Gamma(R, Alpha) and p ~ Beta(A, B).
//
// It answers the non-contractual questions a customer-success team asks of a
// transactional base: how likely is each customer to still be a customer
// (ProbabilityAlive), how many purchases will they make in the next t
// (ExpectedPurchases), who will make a second purchase
// (PurchaseCountProbability), and how many purchases will a new customer make
// (PopulationExpectedPurchases). Times are in Unit.
type BGNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
	// RSE, AlphaSE, ASE and BSE are the asymptotic standard errors from the
	// inverse Hessian (always finite for a fitted model).
	RSE     float64       `json:"r_se"`
	AlphaSE float64       `json:"alpha_se"`
	ASE     float64       `json:"a_se"`
	BSE     float64       `json:"b_se"`
	Unit    success.Grain `json:"unit"`
	Fit     FitReport     `json:"fit"`
}

// bgnbdRow is one distinct (x, t_x, T) history with its number of
// customers, and the positions of its x, t_x and T among the distinct
// values, whose logarithms an evaluation takes once each.
type bgnbdRow struct {
	x, w          float64
	ix, itx, iage int32
}

// bgnbdData is the fit's input compressed to distinct histories, and their
// distinct frequencies, recencies and ages, so each evaluation of the
// likelihood costs an exponential and a logarithm per distinct history, a
// few log-gammas per distinct frequency and a logarithm per distinct
// recency and age (days, when they are measured in days or weeks).
type bgnbdData struct {
	rows  []bgnbdRow
	xs    []float64 // distinct frequencies, ascending
	xw    []float64 // customers with each frequency
	txs   []float64 // distinct recencies, ascending
	ages  []float64 // distinct ages, ascending
	total float64
	// work holds, per evaluation, ln(α+T) and 1/(α+T) per age, the same
	// per recency, and ln(b+x−1) and 1/(b+x−1) per frequency.
	logAge, invAge, logTx, invTx, logBX, invBX []float64
}

// bgnbdHistory is a customer's history as the likelihood reads it.
type bgnbdHistory struct{ x, tx, age float64 }

// newBGNBDData merges customers with equal histories (exactly equal
// numbers), weighing each by its count, and sorts the distinct histories,
// so the likelihood sums the same terms in the same order whatever the
// order of customers and however they were compressed.
func newBGNBDData(customers []CustomerSummary) bgnbdData {
	var index keyIndex[bgnbdHistory]
	var weight []float64
	for i := range customers {
		c := &customers[i]
		h := bgnbdHistory{float64(c.Frequency), c.Recency, c.Age}
		j, seen := index.index(h, hashEnd(hashFloat(hashFloat(hashFloat(hashStart, h.x), h.tx), h.age)))
		if !seen {
			weight = append(weight, 0)
		}
		weight[j] += c.customers()
	}
	type history struct {
		bgnbdHistory
		w float64
	}
	hist := make([]history, len(index.keys))
	for i, h := range index.keys {
		hist[i] = history{h, weight[i]}
	}
	slices.SortFunc(hist, func(a, b history) int {
		return cmp.Or(compareFloat(a.x, b.x), compareFloat(a.tx, b.tx), compareFloat(a.age, b.age))
	})
	d := bgnbdData{rows: make([]bgnbdRow, len(hist))}
	for _, h := range hist {
		d.txs = append(d.txs, h.tx)
		d.ages = append(d.ages, h.age)
	}
	d.txs, d.ages = sortedDistinct(d.txs), sortedDistinct(d.ages)
	for k, h := range hist {
		w := h.w
		d.total += w
		if n := len(d.xs); n > 0 && d.xs[n-1] == h.x {
			d.xw[n-1] += w
		} else {
			d.xs = append(d.xs, h.x)
			d.xw = append(d.xw, w)
		}
		itx, _ := slices.BinarySearch(d.txs, h.tx)
		iage, _ := slices.BinarySearch(d.ages, h.age)
		d.rows[k] = bgnbdRow{x: h.x, w: w, ix: int32(len(d.xs) - 1), itx: int32(itx), iage: int32(iage)}
	}
	work := make([]float64, 2*(len(d.ages)+len(d.txs)+len(d.xs)))
	d.logAge, work = work[:len(d.ages)], work[len(d.ages):]
	d.invAge, work = work[:len(d.ages)], work[len(d.ages):]
	d.logTx, work = work[:len(d.txs)], work[len(d.txs):]
	d.invTx, work = work[:len(d.txs)], work[len(d.txs):]
	d.logBX, d.invBX = work[:len(d.xs)], work[len(d.xs):]
	return d
}

// compareFloat orders numbers that are not NaN (validated summaries), more
// cheaply than cmp.Compare, which orders NaN too.
func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sortedDistinct sorts v and removes repeats, in place.
func sortedDistinct(v []float64) []float64 {
	slices.Sort(v)
	return slices.Compact(v)
}

// logLikelihood returns the BG/NBD log-likelihood (FHL 2005, eq. 6) and, when
// grad is not nil, its gradient with respect to (r, α, a, b). Per customer
//
//	ln L = A1 + A2 + ln(e^A3 + [x>0] e^A4)
//	A1 = ln Γ(r+x) − ln Γ(r) + r ln α
//	A2 = ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x)
//	A3 = −(r+x) ln(α+T)
//	A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x)
//
// with the last term summed in log space so it never overflows. Each
// distinct history counts as many times as it has customers.
func (d *bgnbdData) logLikelihood(r, alpha, a, b float64, grad []float64) float64 {
	var ll, gr, gAlpha, ga, gb float64
	lgR, lgB, lgAB := special.LogGamma(r), special.LogGamma(b), special.LogGamma(a+b)
	var psiR, psiB, psiAB float64
	if grad != nil {
		psiR, psiB, psiAB = special.Digamma(r), special.Digamma(b), special.Digamma(a+b)
	}
	for i, x := range d.xs {
		w := d.xw[i]
		ll += w * (special.LogGamma(r+x) - lgR + lgAB + special.LogGamma(b+x) - lgB - special.LogGamma(a+b+x))
		if grad != nil {
			psiABX := special.Digamma(a + b + x)
			gr += w * (special.Digamma(r+x) - psiR)
			ga += w * (psiAB - psiABX)
			gb += w * (psiAB + special.Digamma(b+x) - psiB - psiABX)
		}
		d.logBX[i] = math.Log(b + x - 1)
		d.invBX[i] = 1 / (b + x - 1)
	}
	for i, age := range d.ages {
		d.logAge[i] = math.Log(alpha + age)
		d.invAge[i] = 1 / (alpha + age)
	}
	for i, tx := range d.txs {
		d.logTx[i] = math.Log(alpha + tx)
		d.invTx[i] = 1 / (alpha + tx)
	}
	logA := math.Log(a)
	ll += d.total * r * math.Log(alpha)
	gr += d.total * math.Log(alpha)
	gAlpha += d.total * r / alpha
	var sw4 float64 // Σ w·(weight of A4 in the sum)
	for _, row := range d.rows {
		rx := r + row.x
		l3 := d.logAge[row.iage]
		a3 := -rx * l3
		if row.x == 0 {
			ll += row.w * a3
			gr -= row.w * l3
			gAlpha -= row.w * rx * d.invAge[row.iage]
			continue
		}
		l4 := d.logTx[row.itx]
		a4 := logA - d.logBX[row.ix] - rx*l4
		if grad == nil {
			ll += row.w * special.LogSumExp(a3, a4)
			continue
		}
		// ln(e^A3 + e^A4) = hi + ln(1 + e^(lo−hi)), as special.LogSumExp
		// sums it; e^(lo−hi) also gives the terms' shares w3 and w4.
		hi, lo := a3, a4
		if hi < lo {
			hi, lo = lo, hi
		}
		if math.IsInf(hi, 0) || math.IsNaN(hi) {
			ll += row.w * special.LogSumExp(a3, a4) // not finite: f rejects the point
			continue
		}
		// ln(1+e) as math.Log of the rounded u = 1+e, corrected by the
		// rounding (u−1−e)/u: as accurate as math.Log1p and, with the
		// division shared with the shares, about half its cost.
		e := math.Exp(lo - hi)
		u := 1 + e
		sh := 1 / u
		ll += row.w * (hi + (math.Log(u) - ((u-1)-e)*sh))
		w3, w4 := sh, e*sh
		if a3 < a4 {
			w3, w4 = w4, w3
		}
		gr -= row.w * (w3*l3 + w4*l4)
		gAlpha -= row.w * rx * (w3*d.invAge[row.iage] + w4*d.invTx[row.itx])
		sw4 += row.w * w4
		gb -= row.w * w4 * d.invBX[row.ix]
	}
	if grad != nil {
		ga += sw4 / a
		grad[0], grad[1], grad[2], grad[3] = gr, gAlpha, ga, gb
	}
	return ll
}

// FitBGNBD estimates r, α, a and b by maximum likelihood, searching over
// their logarithms with BFGS and the analytic gradient, then Newton steps
// that pin the maximum (see FitOptions). All customers must share one Unit,
// and at least one must have made a repeat purchase. Every invalid summary is
// reported (paths like "customers[3].recency"); a fit that does not converge
// returns a *success.NotConvergedError. Customers who do not vary (every one
// with the same purchase rate) have no gamma or beta heterogeneity to
// estimate: the parameters run off to a boundary and the fit returns a
// *success.NotConvergedError saying so. FitSBG, whose projections stay right
// in that limit, reports the large parameters instead; here the last iterate
// is in the error for hosts that want it.
//
// Each summary counts Count times (see CustomerSummary). Customers with
// equal (x, t_x, T) are merged before fitting, so the fit costs one pass
// over customers plus work per distinct history (2.5 million customers
// measured in days have about 150,000), and the estimates are the same
// whatever the order of customers and whether CompressSummaries ran first.
func FitBGNBD(customers []CustomerSummary, opts FitOptions) (BGNBD, error) {
	unit, err := validateSummaries(customers)
	if err != nil {
		return BGNBD{}, err
	}
	if !slices.ContainsFunc(customers, func(c CustomerSummary) bool { return c.Frequency > 0 }) {
		return BGNBD{}, fmt.Errorf("%w: no customer made a repeat purchase, so purchase and drop-out rates cannot be told apart", ErrInvalid)
	}
	data := newBGNBDData(customers)
	m := positiveModel{
		name:   "BG/NBD",
		names:  []string{"r", "alpha", "a", "b"},
		logLik: func(g, th []float64) float64 { return data.logLikelihood(th[0], th[1], th[2], th[3], g) },
		scale:  data.total,
	}
	theta, se, rep, err := fitPositive(m, []float64{1, 1, 1, 1}, opts)
	if err != nil {
		return BGNBD{}, err
	}
	return BGNBD{R: theta[0], Alpha: theta[1], A: theta[2], B: theta[3],
		RSE: se[0], AlphaSE: se[1], ASE: se[2], BSE: se[3], Unit: unit, Fit: rep}, nil
}

// validateSummaries checks every summary and that they share one unit.
func validateSummaries(customers []CustomerSummary) (success.Grain, error) {
	var problems success.FieldErrors
	if len(customers) == 0 {
		fielderr.Addf(&problems, ErrEmpty, "customers", "no customers given")
		return "", problems
	}
	unit := customers[0].Unit
	checked := success.Currency("") // the empty currency, or the last code found valid
	for i := range customers {
		c := &customers[i]
		if c.Currency != checked && c.Currency.Validate() == nil {
			checked = c.Currency
		}
		if c.valid() && c.Unit == unit && c.Currency == checked {
			continue
		}
		// Paths are formatted only for bad records: fits validate every customer.
		if err := c.Validate(); err != nil {
			problems = append(problems, fielderr.Prefix(success.AsFieldErrors(err), customerPath(i))...)
		}
		if _, err := summaryUnitDays(c.Unit); err == nil && c.Unit != unit {
			fielderr.Addf(&problems, ErrInvalid, indexPath("customers", i, "unit"), "differs from the unit of customers[0]; one fit needs one unit")
		}
	}
	return unit, problems.Err()
}

// check reports whether the model's parameters and the customer can be used.
func (m BGNBD) check(c *CustomerSummary) error {
	for _, v := range []float64{m.R, m.Alpha, m.A, m.B} {
		if !(v > 0) || !finiteFloat(v) {
			return fmt.Errorf("%w: BG/NBD parameters must be positive and finite, got %s r, %s alpha, %s a and %s b", ErrInvalid, numberKind(m.R), numberKind(m.Alpha), numberKind(m.A), numberKind(m.B))
		}
	}
	if c == nil {
		return nil
	}
	if !c.valid() { // Validate builds its errors; valid only looks
		return fmt.Errorf("account %q: %w", c.Account, c.Validate())
	}
	if c.Unit != m.Unit {
		return fmt.Errorf("%w: account %q is measured in another unit than the model", ErrInvalid, c.Account)
	}
	return nil
}

func checkHorizon(t float64) error {
	if !finiteFloat(t) || t < 0 {
		return fmt.Errorf("%w: horizon t must be a finite number >= 0, got %s", ErrInvalid, numberKind(t))
	}
	return nil
}

// ProbabilityAlive returns the probability that the customer is still alive
// at the end of their history (Fader, Hardie & Lee 2008, "Computing P(alive)
// using the BG/NBD model", note 021): 1 for a customer with no repeat
// purchase, otherwise 1/(1 + a/(b+x−1)·((α+T)/(α+t_x))^(r+x)), computed in
// log space. The result is always within [0, 1].
func (m BGNBD) ProbabilityAlive(c CustomerSummary) (float64, error) {
	if err := m.check(&c); err != nil {
		return 0, err
	}
	return m.pAlive(float64(c.Frequency), c.Recency, c.Age), nil
}

func (m BGNBD) pAlive(x, tx, age float64) float64 {
	if x == 0 {
		return 1
	}
	return aliveFromLogs(m.logDropOdds(x), m.R+x, math.Log(m.Alpha+age), math.Log(m.Alpha+tx))
}

// logDropOdds returns ln(a/(b+x−1)) for x > 0.
func (m *BGNBD) logDropOdds(x float64) float64 { return math.Log(m.A / (m.B + x - 1)) }

// aliveFromLogs returns P(alive) = 1/(1 + e^L) with L = logOdds + (r+x)·(ln(α+T) −
// ln(α+t_x)). ProbabilityAlive and the batch predictions both compute it
// here, so their results are equal to the last bit.
func aliveFromLogs(logOdds, rx, logAge, logTx float64) float64 {
	return 1 / (1 + math.Exp(logOdds+rx*(logAge-logTx))) // exp overflow gives 0, never NaN
}

// ProbabilityAliveInto writes ProbabilityAlive(customers[i]) into dst[i]
// for every customer, equal to it to the last bit, at a few tens of
// nanoseconds each and without allocating. dst must have len(customers)
// elements. A customer that ProbabilityAlive would reject gets NaN and is
// reported in the returned success.FieldErrors (paths like
// "customers[3].recency"); every other customer is still computed. An
// invalid model is an error before anything is written.
func (m BGNBD) ProbabilityAliveInto(dst []float64, customers []CustomerSummary) error {
	if err := m.checkBatch(dst, customers); err != nil {
		return err
	}
	var problems success.FieldErrors
	for i := range customers {
		c := &customers[i]
		if !c.valid() || c.Unit != m.Unit {
			dst[i] = math.NaN()
			m.reportCustomer(&problems, c, i)
			continue
		}
		dst[i] = m.pAlive(float64(c.Frequency), c.Recency, c.Age)
	}
	return problems.Err()
}

// ExpectedPurchasesInto writes ExpectedPurchases(customers[i], t) into
// dst[i] for every customer, equal to it to the last bit. The expectation
// of a customer alive at the end of their history depends on their
// frequency and age alone, so it is computed once per distinct (x, T) and
// the cost per customer is about that of ProbabilityAlive (customers measured
// in days or weeks repeat both by the thousands). dst must have
// len(customers) elements. A customer that ExpectedPurchases would reject,
// or whose series does not converge, gets NaN and is reported in the
// returned success.FieldErrors (paths like "customers[3].recency", and
// "customers[3]" wrapping ErrNotConverged); every other customer is still
// computed. An invalid model or horizon is an error before anything is
// written.
func (m BGNBD) ExpectedPurchasesInto(dst []float64, customers []CustomerSummary, t float64) error {
	if err := m.checkBatch(dst, customers); err != nil {
		return err
	}
	if err := checkHorizon(t); err != nil {
		return err
	}
	var memo historyMemo
	conditional := func(x, age float64) (float64, error) {
		return expectedBGNBD(m.R+x, m.Alpha+age, m.A, m.B+x, t, nil)
	}
	var problems success.FieldErrors
	for i := range customers {
		c := &customers[i]
		if !c.valid() || c.Unit != m.Unit {
			dst[i] = math.NaN()
			m.reportCustomer(&problems, c, i)
			continue
		}
		x := float64(c.Frequency)
		e := memo.entry(&m, x, c.Age, conditional)
		if e.err != nil {
			dst[i] = math.NaN()
			fielderr.AddErr(&problems, ErrNotConverged, customerPath(i), e.err)
			continue
		}
		dst[i] = e.pAlive(&m, x, c.Recency) * e.value
	}
	return problems.Err()
}

// checkBatch checks the model and that dst has one element per customer.
func (m BGNBD) checkBatch(dst []float64, customers []CustomerSummary) error {
	if err := m.check(nil); err != nil {
		return err
	}
	if len(dst) != len(customers) {
		return fmt.Errorf("%w: dst has %d elements, want %d (len(customers))", ErrInvalid, len(dst), len(customers))
	}
	return nil
}

// reportCustomer records why a batch prediction rejects customers[i]: the
// problems Validate finds, or a unit other than the model's.
func (m BGNBD) reportCustomer(problems *success.FieldErrors, c *CustomerSummary, i int) {
	if err := c.Validate(); err != nil {
		*problems = append(*problems, fielderr.Prefix(success.AsFieldErrors(err), customerPath(i))...)
		return
	}
	fielderr.Addf(problems, ErrInvalid, indexPath("customers", i, "unit"), "differs from the model's unit")
}

// customerPath is the path of customers[i].
func customerPath(i int) string { return "customers[" + strconv.Itoa(i) + "]" }

// ExpectedPurchases returns the expected number of purchases the customer
// makes in the next t (FHL 2005, eq. 10). A customer alive at the end of
// their history behaves as a new customer of a BG/NBD model with parameters
// (r+x, α+T, a, b+x), so this is P(alive) times that model's
// PopulationExpectedPurchases(t). The sum behind it needs about
// (r+x)·t/(α+T) terms; where that exceeds its budget of ten million (mean
// purchase rates of thousands per unit of time, far from any fitted data) it
// returns an error wrapping ErrNotConverged instead of a number.
func (m BGNBD) ExpectedPurchases(c CustomerSummary, t float64) (float64, error) {
	if err := m.check(&c); err != nil {
		return 0, err
	}
	if err := checkHorizon(t); err != nil {
		return 0, err
	}
	return m.expectedPurchases(c, t, nil)
}

// expectedPurchases is ExpectedPurchases for a checked model, customer and
// horizon. When budget is not nil the series may use at most that many
// terms, and the terms used are taken off it.
func (m BGNBD) expectedPurchases(c CustomerSummary, t float64, budget *int) (float64, error) {
	x := float64(c.Frequency)
	e, err := expectedBGNBD(m.R+x, m.Alpha+c.Age, m.A, m.B+x, t, budget)
	if err != nil {
		return 0, fmt.Errorf("account %q: %w", c.Account, err)
	}
	return m.pAlive(x, c.Recency, c.Age) * e, nil
}

// PopulationExpectedPurchases returns the expected number of repeat
// purchases a newly acquired customer makes in their first t (FHL 2005,
// eq. 9):
//
//	(a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
//
// Like ExpectedPurchases it returns an error wrapping ErrNotConverged where
// its series exceeds its budget (horizons many orders of magnitude beyond α).
func (m BGNBD) PopulationExpectedPurchases(t float64) (float64, error) {
	if err := m.check(nil); err != nil {
		return 0, err
	}
	if err := checkHorizon(t); err != nil {
		return 0, err
	}
	return expectedBGNBD(m.R, m.Alpha, m.A, m.B, t, nil)
}

// expectedBGNBD returns E[X(t)] for a BG/NBD customer with parameters
// (r, α, a, b). FHL's closed form (a+b−1)/(a−1)·[1 − (1−z)^r 2F1(r, b; a+b−1; z)]
// is 0/0 at a = 1 and cancels badly near it, and Euler-transformed variants
// alternate in sign when r is large. Instead we use a sum of positive terms
// that is smooth in every parameter. Given p, E[X(t) | p] averaged over λ is
// (1 − (1 + pt/α)^−r)/p = r ∫_0^{t/α} (1 + pv)^−(r+1) dv, so with
// y = v/(1+v) and Euler's integral for 2F1,
//
//	E[X(t)] = r ∫_0^z (1−y)^(r−1) 2F1(r+1, b; a+b; y) dy,   z = t/(α+t)
//	        = r Σ_k c_k J_k,   c_k = (r+1)_k (b)_k / ((a+b)_k k!),
//	J_k = ∫_0^z y^k (1−y)^(r−1) dy,   J_0 = (1 − (1−z)^r)/r,
//	J_k = (k J_{k−1} − z^k (1−z)^r)/(k+r).
//
// Every term is positive, so the sum has no cancellation; the result is
// accurate to about 1e-14 relative. The series needs about
// (r−a)·z/(1−z) terms to peak, so horizons far beyond α+T cost more.
// minLogFloat is the log of the smallest normal float64, below which a
// quantity is carried as its logarithm.
const minLogFloat = -708

// expectedMaxTerms bounds the series of one expectedBGNBD call.
const expectedMaxTerms = 10_000_000

// expectedBGNBD sums at most expectedMaxTerms terms, or *budget when budget
// is not nil and smaller, and takes the terms it used off *budget.
func expectedBGNBD(r, alpha, a, b, t float64, budget *int) (float64, error) {
	if t == 0 {
		return 0, nil
	}
	if u := t / alpha; u < 1e-8 && (r+2)*u < 1e-8 {
		// E[(1 − (1+pu)^−r)/p] = r·u − r(r+1)/2·E[p]·u² + O((r+2)²u²·r·u), exact
		// to rounding here, where the series' first terms would be subnormal.
		// With r·u not small (r in the billions, a population that barely
		// varies) the expansion does not converge, and the series, whose terms
		// are then normal, sums it.
		return r*u - r*(r+1)/2*a/(a+b)*u*u, nil
	}
	z := t / (alpha + t)
	logOneMinusZ := math.Log1p(-z)
	// c_k grows like k^(r−a) and J_k shrinks like z^k, so each may overflow or
	// underflow alone: carry u_k = c_k J_k and v_k = c_k z^k (1−z)^r instead.
	// v starts at (1−z)^r, which underflows for large r; it is then carried
	// as a logarithm until it is representable again.
	u := -math.Expm1(r*logOneMinusZ) / r
	logV := r * logOneMinusZ
	v := math.Exp(logV)
	underflow := logV < minLogFloat
	sum, prev := u, u
	maxTerms := expectedMaxTerms
	if budget != nil {
		maxTerms = min(maxTerms, *budget)
	}
	k := 1
	defer func() {
		if budget != nil {
			*budget -= k
		}
	}()
	for ; k < maxTerms; k++ {
		fk := float64(k)
		rho := (r + fk) * (b + fk - 1) / ((a + b + fk - 1) * fk) // c_k / c_{k−1}
		if underflow {
			logV += math.Log(rho * z)
			if underflow = logV < minLogFloat; !underflow {
				v = math.Exp(logV)
			}
		} else {
			v *= rho * z
		}
		u = math.Max(0, (rho*fk*u-v)/(fk+r))
		sum += u
		// Once the terms decrease they do so geometrically (ratio → z). The
		// recurrence subtracts numbers about 1/z times larger than u_k, so
		// tiny terms carry absolute rounding noise near 1e-16·sum: stop at
		// 1e-15·sum, where the remaining tail no longer matters.
		if u <= 1e-15*sum && u <= prev {
			if e := r * sum; finiteFloat(e) {
				return e, nil
			}
			break
		}
		prev = u
	}
	if maxTerms < expectedMaxTerms {
		return 0, fmt.Errorf("%w: expected purchases: the series ran out of the valuation's budget of %d terms", ErrNotConverged, valuationMaxTerms)
	}
	return 0, fmt.Errorf("%w: expected purchases did not converge within %d terms", ErrNotConverged, expectedMaxTerms)
}

// PurchaseCountProbability returns the probability that the customer makes
// exactly n purchases in the next t: with probability 1 − P(alive) they are
// gone and make none; otherwise the count follows the BG/NBD model with
// parameters (r+x, α+T, a, b+x). n must be within 0..MaxPurchaseCount: the
// cost grows with n.
func (m BGNBD) PurchaseCountProbability(c CustomerSummary, n int, t float64) (float64, error) {
	if err := m.check(&c); err != nil {
		return 0, err
	}
	if err := checkHorizon(t); err != nil {
		return 0, err
	}
	if err := checkPurchaseCount(n); err != nil {
		return 0, err
	}
	x := float64(c.Frequency)
	pa := m.pAlive(x, c.Recency, c.Age)
	p := pa * pmfBGNBD(m.R+x, m.Alpha+c.Age, m.A, m.B+x, n, t)
	if n == 0 {
		p += 1 - pa
	}
	return p, nil
}

// PopulationPurchaseCountProbability returns the probability that a newly
// acquired customer makes exactly n repeat purchases in their first t (FHL
// 2005, eq. 8). n must be within 0..MaxPurchaseCount.
func (m BGNBD) PopulationPurchaseCountProbability(n int, t float64) (float64, error) {
	if err := m.check(nil); err != nil {
		return 0, err
	}
	if err := checkHorizon(t); err != nil {
		return 0, err
	}
	if err := checkPurchaseCount(n); err != nil {
		return 0, err
	}
	return pmfBGNBD(m.R, m.Alpha, m.A, m.B, n, t), nil
}

// checkPurchaseCount rejects a purchase count outside 0..MaxPurchaseCount.
func checkPurchaseCount(n int) error {
	if n < 0 || n > MaxPurchaseCount {
		return fmt.Errorf("%w: purchase count must be within 0..%d, got %s", ErrInvalid, MaxPurchaseCount, countKind(n, MaxPurchaseCount))
	}
	return nil
}

// pmfBGNBD is FHL 2005 eq. 8:
//
//	P(X(t)=n) = B(a, b+n)/B(a, b) · NB(n) + [n>0] B(a+1, b+n−1)/B(a, b) · P(NB ≥ n)
//
// where NB is the negative binomial count of a Gamma(r, α)-Poisson process
// over t: the first term is a customer alive throughout, the second one who
// dropped out right after the n-th purchase.
func pmfBGNBD(r, alpha, a, b float64, n int, t float64) float64 {
	fn := float64(n)
	lbAB := special.LogBeta(a, b)
	if t == 0 {
		if n == 0 {
			return 1
		}
		return 0
	}
	logP, logQ := math.Log(alpha/(alpha+t)), math.Log(t/(alpha+t))
	p := math.Exp(special.LogBeta(a, b+fn) - lbAB + logNB(r, logP, logQ, n))
	if n > 0 {
		p += math.Exp(special.LogBeta(a+1, b+fn-1)-lbAB) * nbUpperTail(r, logP, logQ, n)
	}
	return math.Min(1, math.Max(0, p))
}

// logNB returns ln[Γ(r+j)/(Γ(r) j!) p^r q^j], the negative binomial pmf.
func logNB(r, logP, logQ float64, j int) float64 {
	fj := float64(j)
	return special.LogGamma(r+fj) - special.LogGamma(r) - special.LogGamma(fj+1) + r*logP + fj*logQ
}

// nbUpperTail returns P(NB ≥ n): one minus the lower sum while that sum is
// small, and otherwise the upper sum directly, so neither side cancels.
func nbUpperTail(r, logP, logQ float64, n int) float64 {
	var lower float64
	for j := range n {
		lower += math.Exp(logNB(r, logP, logQ, j))
	}
	if lower <= 0.5 {
		return 1 - lower
	}
	var upper float64
	for j := n; j < n+1_000_000; j++ {
		term := math.Exp(logNB(r, logP, logQ, j))
		upper += term
		// Past the mode the terms fall geometrically (ratio → q < 1).
		if float64(j) > r*math.Exp(logQ-logP) && term <= 1e-17*upper {
			break
		}
	}
	return upper
}
