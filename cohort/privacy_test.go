package cohort

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// No error of the package contains an input value but an account ID: each
// names the field, the kind and the length of a bad value. Values that look
// like an e-mail address and a phone number go through every error path
// that reads a string or a number.
func TestErrorsDoNotContainInputValues(t *testing.T) {
	const email = "alice.smith@example.com"
	const phone = 4155550100.25 // a phone number a host put in a numeric field
	// The spells' dates (2026-01-01, 2026-01-16) are dates in a customer's life.
	secrets := []string{email, "alice", "4155550100", "4.1555501", "4.155550100", "2026-01-01T00", "2026-01-16T00"}
	asOf := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	bg := BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426, Unit: success.Weekly}
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: "USD"}
	sbg := SBG{Alpha: 0.668, Beta: 3.806}
	good := CustomerSummary{Account: "acct-1", Frequency: 2, Recency: 30, Age: 38, MeanRepeatSpend: 22, Currency: "USD", Unit: success.Weekly}
	with := func(f func(*CustomerSummary)) CustomerSummary { c := good; f(&c); return c }
	bad := []CustomerSummary{
		with(func(c *CustomerSummary) { c.Unit = email }),
		with(func(c *CustomerSummary) { c.Frequency = -4155550100 }),
		with(func(c *CustomerSummary) { c.Age = -phone }),
		with(func(c *CustomerSummary) { c.Recency = phone }),
		with(func(c *CustomerSummary) { c.MeanRepeatSpend = -phone }),
		with(func(c *CustomerSummary) { c.Currency = email }),
	}
	summaryState := func(field, value string) []byte {
		state := map[string]string{"calibration_end": `"2026-01-15"`, "location": `"UTC"`, "currency": `"USD"`,
			"accounts": `[{"account":"a","days":[{"date":"2026-01-02","amount":"1"}]}]`}
		state[field] = value
		var b strings.Builder
		b.WriteString(`{"kind":"cohort.summary","version":1,"state":{"unit":"day","after":0`)
		for k, v := range state {
			b.WriteString(`,"` + k + `":` + v)
		}
		b.WriteString("}}")
		return []byte(b.String())
	}
	calls := map[string]func() error{
		"ObserveSpells unit": func() error {
			_, err := ObserveSpells(slices.Values([]Spell{{Account: "a", Start: day}}), asOf, email)
			return err
		},
		"ObserveSpells dates": func() error {
			_, err := ObserveSpells(slices.Values([]Spell{{Account: "a", Start: day, End: day.AddDate(0, 0, -1)}, {Account: "b", Start: asOf.AddDate(0, 0, 1)}}), asOf, success.Daily)
			return err
		},
		"Summarize unit": func() error {
			_, err := Summarize(slices.Values([]Transaction{}), asOf, email, SummaryOptions{})
			return err
		},
		"Summarize amount": func() error {
			_, err := Summarize(slices.Values([]Transaction{{Account: "a", At: day, Amount: success.MustMoney("-4155550100.25", "USD")}}), asOf, success.Daily, SummaryOptions{})
			return err
		},
		"summary state location": func() error {
			var a SummaryAccumulator
			return a.UnmarshalBinary(summaryState("location", `"`+email+`"`))
		},
		"summary state calibration end": func() error {
			var a SummaryAccumulator
			return a.UnmarshalBinary(summaryState("calibration_end", `"`+email+`"`))
		},
		"summary state currency": func() error {
			var a SummaryAccumulator
			return a.UnmarshalBinary(summaryState("currency", `"`+email+`"`))
		},
		"summary state days": func() error {
			var a SummaryAccumulator
			return a.UnmarshalBinary(summaryState("accounts", `[{"account":"a","days":[{"date":"`+email+`","amount":"1"},{"date":"2026-01-03","amount":"-4155550100.25"},{"date":"2026-02-01","amount":"1"}]}]`))
		},
		"KaplanMeier": func() error {
			_, err := KaplanMeier(slices.Values([]Observation{{Duration: -phone}}), SurvivalOptions{})
			return err
		},
		"KaplanMeier options": func() error {
			_, err := KaplanMeier(slices.Values([]Observation{{Duration: 1}}), SurvivalOptions{ConfType: email})
			_, err2 := KaplanMeier(slices.Values([]Observation{{Duration: 1}}), SurvivalOptions{ConfLevel: phone})
			_, err3 := KaplanMeier(slices.Values([]Observation{{Duration: 1}}), SurvivalOptions{Horizon: -phone})
			return joinErrs(err, err2, err3)
		},
		"BuildTable options": func() error {
			_, err := BuildTable(slices.Values([]success.LedgerRow{}), asOf, TableOptions{Grain: email, Grouping: email})
			return err
		},
		"FitSBG": func() error {
			_, err := FitSBG([][]float64{{phone, phone + 1, -phone, math.NaN()}}, FitOptions{GradientTol: -phone, MaxIterations: 4155550100})
			_, err2 := FitSBG([][]float64{{100, 50, 20}}, FitOptions{GradientTol: -phone, MaxIterations: 4155550100})
			return joinErrs(err, err2)
		},
		"SBG": func() error {
			_, err := SBG{Alpha: -phone, Beta: 1}.Project(1, 1)
			_, err2 := sbg.Project(-phone, 1)
			_, err3 := sbg.Project(1, 4155550100)
			_, err4 := sbg.DEL(-phone)
			_, err5 := sbg.DERL(0.1, 4155550100)
			_, err6 := sbg.CLV(success.Money{}, 0.1)
			return joinErrs(err, err2, err3, err4, err5, err6)
		},
		"FitBGNBD and FitGammaGamma": func() error {
			cs := append([]CustomerSummary{good}, bad...)
			_, err := FitBGNBD(cs, FitOptions{})
			_, err2 := FitGammaGamma(cs, FitOptions{})
			_, err3 := FitGammaGamma([]CustomerSummary{good, with(func(c *CustomerSummary) { c.Currency = email })}, FitOptions{})
			return joinErrs(err, err2, err3)
		},
		"model predictions": func() error {
			var errs []error
			for _, c := range bad {
				_, err := bg.ProbabilityAlive(c)
				_, err2 := gg.ExpectedAverageSpend(c)
				errs = append(errs, err, err2)
			}
			_, err := BGNBD{R: -phone, Alpha: 1, A: 1, B: 1, Unit: success.Weekly}.PopulationExpectedPurchases(1)
			_, err2 := bg.ExpectedPurchases(good, -phone)
			_, err3 := bg.PurchaseCountProbability(good, 4155550100, 1)
			_, err4 := GammaGamma{P: -phone, Q: 2, Gamma: 1}.ExpectedAverageSpend(good)
			_, err5 := GammaGamma{P: 1, Q: 0.5, Gamma: 1}.ExpectedAverageSpend(good)
			return joinErrs(append(errs, err, err2, err3, err4, err5)...)
		},
		"CustomerLifetimeValue": func() error {
			_, err := CustomerLifetimeValue(bg, gg, good, Valuation{Periods: 4155550100, PeriodLength: -phone, DiscountRate: -phone, Margin: phone})
			_, err2 := CustomerLifetimeValue(bg, GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44, Currency: email}, with(func(c *CustomerSummary) { c.Currency = email }), Valuation{Periods: 1, PeriodLength: 1})
			return joinErrs(err, err2)
		},
	}
	for name, call := range calls {
		err := call()
		require.Error(t, err, name)
		for _, s := range secrets {
			assert.NotContains(t, err.Error(), s, "%s: the error shows an input value", name)
		}
	}
}

func joinErrs(errs ...error) error {
	var b strings.Builder
	for _, err := range errs {
		if err != nil {
			b.WriteString(err.Error() + "\n")
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return errString(b.String())
}

type errString string

func (e errString) Error() string { return string(e) }
