package cohort

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// Valuation says how far ahead and how to discount a customer's lifetime
// value in a non-contractual setting. Periods, PeriodLength and DiscountRate
// are required; Margin's zero value means 1.
type Valuation struct {
	// Periods is the number of periods valued, within 1..MaxPeriods (for
	// example 12 months). Each costs an evaluation of the model, and the
	// number may come from a config file, hence the cap.
	Periods int `json:"periods"`
	// PeriodLength is the length of one period in the models' Unit, > 0
	// (for example 30/7 weeks for a 30-day month).
	PeriodLength float64 `json:"period_length"`
	// DiscountRate is the discount rate per period, >= 0; each period's
	// expected spend is discounted at its end.
	DiscountRate float64 `json:"discount_rate"`
	// Margin is the share of spend kept as profit, in (0, 1]. Zero means 1:
	// the value is then revenue, not profit. JSON omits a zero margin.
	Margin float64 `json:"margin,omitempty"`
}

// Validate reports every problem with the valuation as success.FieldErrors.
func (v Valuation) Validate() error {
	var problems success.FieldErrors
	if v.Periods <= 0 || v.Periods > MaxPeriods {
		fielderr.Addf(&problems, ErrInvalid, "periods", "must be within 1..%d, got %s", MaxPeriods, countKind(v.Periods, MaxPeriods))
	}
	if !finiteFloat(v.PeriodLength) || v.PeriodLength <= 0 {
		fielderr.Addf(&problems, ErrInvalid, "period_length", "must be a finite number > 0, got %s", numberKind(v.PeriodLength))
	}
	if !finiteFloat(v.DiscountRate) || v.DiscountRate < 0 {
		fielderr.Addf(&problems, ErrInvalid, "discount_rate", "must be a finite number >= 0, got %s", numberKind(v.DiscountRate))
	}
	if !finiteFloat(v.Margin) || v.Margin < 0 || v.Margin > 1 {
		fielderr.Addf(&problems, ErrInvalid, "margin", "must be within (0, 1] (0 means 1), got %s", numberKind(v.Margin))
	}
	return problems.Err()
}

// CustomerLifetimeValue returns the discounted expected value of a customer's
// purchases over the valuation horizon: BG/NBD gives the expected number of
// purchases in each period, Gamma-Gamma the expected spend per purchase, and
//
//	CLV = Σ_{i=1..Periods} Margin · spend · [E(i·L) − E((i−1)·L)] / (1+d)^i
//
// where E(t) is the customer's expected purchases in the next t and L the
// period length. This is the discrete-period valuation of Fader, Hardie & Lee
// (2005b), as implemented in the lifetimes package. The result is in the
// spend model's currency, rounded half to even at its minor unit. The sum
// stops early once the periods left can change it by at most 1e-12 of its
// value, so a long discounted horizon costs only the periods that matter. Without
// discounting (DiscountRate 0) the tail never becomes negligible and every
// period is computed, each costlier as the horizon grows; Valuation.Periods
// is capped at MaxPeriods, and the periods' series share a budget of 50
// million terms (about a second), past which the valuation returns an error
// wrapping ErrNotConverged.
func CustomerLifetimeValue(bg BGNBD, gg GammaGamma, c CustomerSummary, v Valuation) (success.Money, error) {
	value, err := lifetimeValue(bg, gg, c, v)
	if err != nil {
		return success.Money{}, err
	}
	unit, err := success.NewMoney(decimal.NewFromInt(1), gg.Currency)
	if err != nil {
		return success.Money{}, fmt.Errorf("%w: spend model currency: not a known currency code (%s)", ErrInvalid, textKind(string(gg.Currency)))
	}
	return scaleMoney(unit, value)
}

// lifetimeValue is CustomerLifetimeValue as a float64 in currency units.
func lifetimeValue(bg BGNBD, gg GammaGamma, c CustomerSummary, v Valuation) (float64, error) {
	if err := v.Validate(); err != nil {
		return 0, fmt.Errorf("valuation: %w", err)
	}
	spend, err := gg.ExpectedAverageSpend(c)
	if err != nil {
		return 0, err
	}
	if err := bg.check(&c); err != nil {
		return 0, err
	}
	if err := v.checkHorizon(); err != nil {
		return 0, err
	}
	x := float64(c.Frequency)
	pa := bg.pAlive(x, c.Recency, c.Age)
	if pa == 0 {
		return 0, nil // gone: no need to sum what they would buy
	}
	s, err := bg.discountedPurchases(x, c.Age, v)
	if err != nil {
		return 0, fmt.Errorf("account %q: %w", c.Account, err)
	}
	return valueOf(v, spend, pa, s), nil
}

// valueOf combines a customer's expected spend per purchase, P(alive) and
// the discounted purchases of a customer alive at T into the lifetime
// value; CustomerLifetimeValue and the batch both combine them here.
func valueOf(v Valuation, spend, pAlive, discounted float64) float64 {
	margin := v.Margin
	if margin == 0 {
		margin = 1
	}
	return margin * spend * (pAlive * discounted)
}

// checkHorizon reports a horizon Periods × PeriodLength that is not a
// finite number (each is valid, their product overflows).
func (v Valuation) checkHorizon() error {
	if err := checkHorizon(float64(v.Periods) * v.PeriodLength); err != nil {
		return fmt.Errorf("valuation: periods × period_length: %w", err)
	}
	return nil
}

// discountedPurchases returns, for a customer with x repeat purchases and
// age T who is still alive,
//
//	Σ_{i=1..Periods} [E(i·L) − E((i−1)·L)] / (1+d)^i
//
// with E the expected purchases of the BG/NBD model (r+x, α+T, a, b+x). A
// customer's lifetime value is it times their P(alive) and expected spend;
// it depends on (x, T) alone, so a batch computes it once per distinct pair.
func (m BGNBD) discountedPurchases(x, age float64, v Valuation) (float64, error) {
	discount := 1 / (1 + v.DiscountRate)
	var total, prev float64
	weight := 1.0 // discount^i
	budget := valuationMaxTerms
	for i := 1; i <= v.Periods; i++ {
		t := float64(i) * v.PeriodLength // finite: see checkHorizon
		e, err := expectedBGNBD(m.R+x, m.Alpha+age, m.A, m.B+x, t, &budget)
		if err != nil {
			return 0, err
		}
		weight *= discount
		step := e - prev
		total += step * weight
		prev = e
		// Expected purchases are concave in t (each customer's are, and a
		// mixture of concave functions is concave), so no later period adds
		// more than this one: the rest is at most step·Σ_{j>i} discount^j.
		if step*remainingWeight(discount, weight, v.Periods-i) <= clvTailTol*total {
			break
		}
	}
	return total, nil
}

// CustomerLifetimeValuesInto writes the lifetime value of every customer
// into dst, in the spend model's currency units before rounding:
// CustomerLifetimeValue(bg, gg, customers[i], v) is dst[i] rounded half to
// even at the currency's minor unit, and the numbers are equal to the last
// bit. The discounted purchases of a customer alive at the end of their
// history depend on their frequency and age alone, so the periods' series
// are summed once per distinct (x, T), and the cost per customer is about
// that of ProbabilityAlive (customers measured in days or weeks repeat both
// by the thousands). Nothing is allocated per customer.
//
// dst must have len(customers) elements. A customer that
// CustomerLifetimeValue would reject, or whose series does not converge,
// gets NaN and is reported in the returned success.FieldErrors (paths like
// "customers[3].currency", and "customers[3]" wrapping ErrNotConverged);
// every other customer is still valued. Invalid models or valuation are an
// error before anything is written.
func CustomerLifetimeValuesInto(dst []float64, bg BGNBD, gg GammaGamma, customers []CustomerSummary, v Valuation) error {
	if err := v.Validate(); err != nil {
		return fmt.Errorf("valuation: %w", err)
	}
	if err := v.checkHorizon(); err != nil {
		return err
	}
	if err := gg.check(); err != nil {
		return err
	}
	if err := bg.checkBatch(dst, customers); err != nil {
		return err
	}
	var memo historyMemo
	discounted := func(x, age float64) (float64, error) { return bg.discountedPurchases(x, age, v) }
	var problems success.FieldErrors
	for i := range customers {
		c := &customers[i]
		if !c.valid() || c.Unit != bg.Unit || c.Currency != gg.Currency {
			dst[i] = math.NaN()
			if c.valid() && c.Unit == bg.Unit {
				fielderr.Addf(&problems, ErrInvalid, indexPath("customers", i, "currency"), "differs from the spend model's currency")
			} else {
				bg.reportCustomer(&problems, c, i)
			}
			continue
		}
		x := float64(c.Frequency)
		spend := gg.spend(x, c.MeanRepeatSpend)
		if !finiteFloat(spend) {
			dst[i] = math.NaN()
			fielderr.Addf(&problems, ErrInvalid, customerPath(i), "%s", errSpendOverflow)
			continue
		}
		e := memo.entry(&bg, x, c.Age, discounted)
		pa := e.pAlive(&bg, x, c.Recency)
		switch {
		case pa == 0:
			dst[i] = 0
		case e.err != nil:
			dst[i] = math.NaN()
			fielderr.AddErr(&problems, ErrNotConverged, customerPath(i), e.err)
		default:
			dst[i] = valueOf(v, spend, pa, e.value)
		}
	}
	return problems.Err()
}

// valuationMaxTerms bounds the series terms of all the expected purchases
// one valuation sums, so its cost is bounded whatever the model and period
// length. 1,200 undiscounted months of a CDNOW customer take about six
// million; a valuation that needs more returns an error wrapping
// ErrNotConverged.
const valuationMaxTerms = 50_000_000

// clvTailTol is the relative accuracy at which CustomerLifetimeValue stops
// summing periods early: when every remaining period together can add at
// most this share of the value so far. It is far below a cent on any value a
// float64 carries, so long horizons (say 600 months) cost only the periods
// that matter.
const clvTailTol = 1e-12

// remainingWeight returns Σ_{j=1..n} weight·discount^j, the total discount
// factor of the n periods after the one whose factor is weight.
func remainingWeight(discount, weight float64, n int) float64 {
	if discount == 1 {
		return weight * float64(n)
	}
	return weight * discount * (1 - math.Pow(discount, float64(n))) / (1 - discount)
}

// scaleMoney returns amount × factor rounded half to even at the currency's
// minor unit. The factor is a model expectation (float64); it enters decimal
// arithmetic once, here.
func scaleMoney(amount success.Money, factor float64) (success.Money, error) {
	if err := amount.Validate(); err != nil {
		return success.Money{}, fmt.Errorf("%w: amount: not a known currency code (%s)", ErrInvalid, textKind(string(amount.Currency())))
	}
	if !finiteFloat(factor) {
		return success.Money{}, fmt.Errorf("%w: value factor is %s, not a finite number", ErrInvalid, numberKind(factor))
	}
	return amount.Mul(decimal.NewFromFloat(factor)).Round(amount.Currency().MinorUnits(), success.RoundHalfEven)
}
