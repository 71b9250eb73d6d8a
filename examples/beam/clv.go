package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// clvOptions are the settings of the lifetime-value stage, as the
// command-line tool's clv flags give them.
type clvOptions struct {
	CalibrationEnd time.Time        `json:"calibration_end"`
	Unit           success.Grain    `json:"unit"`
	Horizon        float64          `json:"horizon"` // of the expected purchases, in Unit
	Valuation      cohort.Valuation `json:"valuation"`
}

// models is the fitted pair, the clv stage's model output.
type models struct {
	BGNBD      cohort.BGNBD      `json:"bgnbd"`
	GammaGamma cohort.GammaGamma `json:"gamma_gamma"`
	// ZeroSpendRepeatBuyers counts the repeat buyers whose repeat purchases
	// were all free (CDNOW has some): Gamma-Gamma models positive spend, so
	// they are left out of its fit, and counted here rather than dropped
	// silently. They are still valued, at their own mean of 0 shrunk
	// towards the population's.
	ZeroSpendRepeatBuyers int `json:"zero_spend_repeat_buyers"`
}

// fit fits both models on the summaries: BG/NBD on all, Gamma-Gamma on the
// customers with a positive mean repeat spend or no repeat purchase.
func fit(summaries []cohort.CustomerSummary) (models, error) {
	var m models
	var err error
	if m.BGNBD, err = cohort.FitBGNBD(summaries, cohort.FitOptions{}); err != nil {
		return m, fmt.Errorf("fitting BG/NBD: %w", err)
	}
	spenders := make([]cohort.CustomerSummary, 0, len(summaries))
	for _, c := range summaries {
		if c.Frequency > 0 && c.MeanRepeatSpend == 0 {
			m.ZeroSpendRepeatBuyers += max(c.Count, 1)
			continue
		}
		spenders = append(spenders, c)
	}
	if m.GammaGamma, err = cohort.FitGammaGamma(spenders, cohort.FitOptions{}); err != nil {
		return m, fmt.Errorf("fitting Gamma-Gamma: %w", err)
	}
	return m, nil
}

// customerValue is one line of the per-customer output, the line of
// `secondsale clv -format jsonl`.
type customerValue struct {
	Account           success.AccountID `json:"account"`
	Frequency         int               `json:"frequency"`
	Recency           float64           `json:"recency"`
	Age               float64           `json:"age"`
	MeanRepeatSpend   float64           `json:"mean_repeat_spend"`
	PAlive            float64           `json:"p_alive"`
	ExpectedPurchases float64           `json:"expected_purchases"` // over the horizon
	CLV               success.Money     `json:"clv"`
}

// value values one customer with the fitted models.
func (m *models) value(c cohort.CustomerSummary, opts clvOptions) (customerValue, error) {
	v := customerValue{Account: c.Account, Frequency: c.Frequency, Recency: c.Recency, Age: c.Age, MeanRepeatSpend: c.MeanRepeatSpend}
	var err error
	if v.PAlive, err = m.BGNBD.ProbabilityAlive(c); err != nil {
		return v, err
	}
	if v.ExpectedPurchases, err = m.BGNBD.ExpectedPurchases(c, opts.Horizon); err != nil {
		return v, err
	}
	if v.CLV, err = cohort.CustomerLifetimeValue(m.BGNBD, m.GammaGamma, c, opts.Valuation); err != nil {
		return v, fmt.Errorf("customer %s: %w", c.Account, err)
	}
	return v, nil
}

// clv summarises each customer's transactions (grouped by customer with
// cohort.SummaryAccumulator), fits BG/NBD and Gamma-Gamma on the distinct
// summaries (equal summaries counted once, with a weight), and values every
// customer with the fitted models as a side input. It returns the
// per-customer values (JSON lines) and the models (one JSON document).
func clv(s beam.Scope, opts clvOptions, transactions beam.PCollection) (customers, fitted beam.PCollection, err error) {
	s = s.Scope("clv")
	empty, err := cohort.NewSummaryAccumulator(opts.CalibrationEnd, opts.Unit, cohort.SummaryOptions{})
	if err != nil {
		return customers, fitted, err
	}
	if err := opts.Valuation.Validate(); err != nil {
		return customers, fitted, err
	}
	byCustomer, err := combinePerKey(s, empty, beam.ParDo(s, keyByAccount, transactions))
	if err != nil {
		return customers, fitted, err
	}
	summaries := beam.ParDo(s, summariesOf, byCustomer)
	distinct := beam.ParDo(s, toSummaryCount, stats.SumPerKey(s, beam.ParDo(s, historyKey, summaries)))
	fitted = beam.ParDo(s, fitModels, beam.GroupByKey(s, beam.AddFixedKey(s, distinct)))
	customers = beam.ParDo(s, &valueFn{Options: opts}, summaries, beam.SideInput{Input: fitted})
	return customers, fitted, nil
}

func keyByAccount(t cohort.Transaction) (string, cohort.Transaction) { return string(t.Account), t }

// summariesOf emits the customer's summary; a customer whose purchases all
// fall after the calibration end has none (the hold-out period).
func summariesOf(_ string, a *cohort.SummaryAccumulator, emit func(string)) error {
	for _, c := range a.Summaries() {
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		emit(string(b))
	}
	return nil
}

// historyKey is a summary without its account: equal keys are equal
// histories to the models.
func historyKey(summary string) (string, int64, error) {
	var c cohort.CustomerSummary
	if err := json.Unmarshal([]byte(summary), &c); err != nil {
		return "", 0, err
	}
	c.Account, c.Count = "", 0
	b, err := json.Marshal(c)
	return string(b), 1, err
}

// summaryCount is one distinct history and the number of customers with it.
type summaryCount struct {
	Summary string `json:"summary"`
	N       int64  `json:"n"`
}

func toSummaryCount(summary string, n int64) summaryCount { return summaryCount{summary, n} }

// fitModels fits both models on the distinct histories, each weighted by
// its count: the fits' cost grows with the distinct histories, not with the
// customers.
func fitModels(_ int, distinct func(*summaryCount) bool) (string, error) {
	var all []cohort.CustomerSummary
	var sc summaryCount
	for distinct(&sc) {
		var c cohort.CustomerSummary
		if err := json.Unmarshal([]byte(sc.Summary), &c); err != nil {
			return "", err
		}
		if sc.N > int64(^uint(0)>>1) {
			return "", fmt.Errorf("clv: %d customers share one history, more than an int counts", sc.N)
		}
		c.Count = int(sc.N)
		all = append(all, c)
	}
	m, err := fit(all)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// valueFn values each customer with the fitted models (a side input).
type valueFn struct {
	Options clvOptions `json:"options"`

	models *models
}

func (f *valueFn) ProcessElement(summary, fitted string) (string, error) {
	if f.models == nil {
		var m models
		if err := json.Unmarshal([]byte(fitted), &m); err != nil {
			return "", err
		}
		f.models = &m
	}
	var c cohort.CustomerSummary
	if err := json.Unmarshal([]byte(summary), &c); err != nil {
		return "", err
	}
	v, err := f.models.value(c, f.Options)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func init() {
	registerCombine[cohort.SummaryAccumulator, *cohort.SummaryAccumulator, cohort.Transaction]()
	register.Function1x2(keyByAccount)
	register.Function3x1(summariesOf)
	register.Function1x3(historyKey)
	register.Function2x1(toSummaryCount)
	register.Function2x2(fitModels)
	register.Iter1[summaryCount]()
	register.DoFn2x2[string, string, string, error](&valueFn{})
}
