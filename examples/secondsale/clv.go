package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

const clvExample = `secondsale clv -calibration-end 1997-09-30 -currency-code USD -periods 12 -discount 0.01 -fit fit.json transactions.csv
  where transactions.csv is
  account,date,amount
  c1,1997-01-01,29.33`

func runCLV(c *cli, args []string) error {
	fs := c.flags("[FILE...]", "Reads transactions (account, date, amount) and writes per customer the frequency, recency and\n"+
		"age, the probability of being alive, the expected purchases over the horizon and the lifetime\n"+
		"value, from BG/NBD and Gamma-Gamma fits (with standard errors: stderr and -fit).", clvExample)
	var tm records.TransactionMapping
	fs.StringVar(&tm.Account, "account", "account", "`column` of the customer")
	fs.StringVar(&tm.Date, "date", "date", "`column` of the purchase date")
	fs.StringVar(&tm.Amount, "amount", "amount", "`column` of the amount paid")
	fs.StringVar(&tm.Currency, "currency", "currency", "`column` of the currency code")
	currency := fs.String("currency-code", "", "ISO 4217 `code` of amounts without a currency column")
	fs.StringVar(&tm.DateLayout, "date-layout", "", "Go time `layout` of dates, e.g. 20060102")
	calEnd := fs.String("calibration-end", "", "last `date` of the calibration period (default: the last purchase date)")
	unit := fs.String("unit", "week", "time unit of recency, age and periods: day or week")
	periods := fs.Int("periods", 12, "periods valued for CLV")
	periodLength := fs.Float64("period-length", 0, "length of one period in -unit (default one month: 365.25/12 days)")
	discount := fs.Float64("discount", 0.01, "discount rate per period")
	margin := fs.Float64("margin", 1, "share of spend kept as profit, in (0, 1]")
	horizon := fs.Float64("horizon", 0, "horizon of expected purchases, in -unit (default: the valued periods, -periods × -period-length)")
	fitPath := fs.String("fit", "", "write both fits (parameters, standard errors, log-likelihood) to this JSON `file`")
	if err := c.parse(args); err != nil {
		return err
	}
	if *currency != "" {
		cur, err := success.ParseCurrency(*currency)
		if err != nil {
			return c.usageErr("-currency-code: not an ISO 4217 code")
		}
		tm.DefaultCurrency = cur
	}
	g := success.Grain(*unit)
	if g != success.Daily && g != success.Weekly {
		return c.usageErr("-unit must be day or week")
	}
	if *periodLength == 0 {
		*periodLength = 365.25 / 12
		if g == success.Weekly {
			*periodLength /= 7
		}
	}
	val := cohort.Valuation{Periods: *periods, PeriodLength: *periodLength, DiscountRate: *discount, Margin: *margin}
	if err := val.Validate(); err != nil {
		return c.usageErr("%v", err)
	}
	if *horizon == 0 {
		*horizon = float64(val.Periods) * val.PeriodLength
	}
	if *horizon < 0 || *horizon > 1e6 {
		return c.usageErr("-horizon must be within 0..1e6")
	}
	w, format, err := c.output("csv", "csv", "jsonl", "json")
	if err != nil {
		return err
	}
	var txs []cohort.Transaction
	var last time.Time
	var p *records.TransactionCSV
	keep := func(t cohort.Transaction, rej *records.Reject) *records.Reject {
		if rej == nil {
			txs = append(txs, t)
			if t.At.After(last) {
				last = t.At
			}
		}
		return rej
	}
	err = c.eachRecord("csv", func(h *records.Header) (err error) {
		p, err = records.NewTransactionCSV(h, tm)
		return err
	}, func(fields [][]byte, line int64) *records.Reject {
		return keep(p.Transaction(fields, line))
	}, func(_ string, line []byte, n int64) *records.Reject {
		var t cohort.Transaction
		rej := decodeLine(&t, line, n)
		return keep(t, rej)
	})
	if err != nil || c.stoppedAt != "" {
		return err
	}
	end := last
	if *calEnd != "" {
		var ok bool
		if end, ok = records.ParseTime([]byte(*calEnd), ""); !ok { // a flag, in ISO form whatever the file's -date-layout
			return c.usageErr("-calibration-end: not a date (YYYY-MM-DD)")
		}
	}
	res, err := lifetimeValues(txs, end, g, val, *horizon)
	if err != nil {
		return err
	}
	bg, gg := res.bg, res.gg
	c.notes = append(c.notes,
		fmt.Sprintf("BG/NBD: r %.6g (se %.3g), alpha %.6g (se %.3g), a %.6g (se %.3g), b %.6g (se %.3g), log-likelihood %.6g",
			bg.R, bg.RSE, bg.Alpha, bg.AlphaSE, bg.A, bg.ASE, bg.B, bg.BSE, bg.Fit.LogLikelihood),
		fmt.Sprintf("Gamma-Gamma: p %.6g (se %.3g), q %.6g (se %.3g), gamma %.6g (se %.3g), %d repeat buyers",
			gg.P, gg.PSE, gg.Q, gg.QSE, gg.Gamma, gg.GammaSE, gg.RepeatBuyers))
	if *fitPath != "" {
		b, _ := json.MarshalIndent(map[string]any{"bgnbd": bg, "gamma_gamma": gg}, "", "  ")
		if err := os.WriteFile(*fitPath, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	c.written = int64(len(res.rows))
	switch format {
	case "json":
		return json.NewEncoder(w).Encode(map[string]any{"bgnbd": bg, "gamma_gamma": gg, "valuation": val, "customers": res.rows})
	case "jsonl":
		return encodeEach(w, res.rows)
	}
	w.WriteString("account,frequency,recency,age,mean_repeat_spend,p_alive,expected_purchases,clv,currency\n")
	var b []byte
	for _, r := range res.rows {
		b = appendCSVField(b[:0], string(r.Account))
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(r.Frequency), 10)
		for _, f := range []float64{r.Recency, r.Age, r.MeanRepeatSpend, r.PAlive, r.ExpectedPurchases} {
			b = append(b, ',')
			b = appendFloat(b, f, false)
		}
		b = append(b, ',')
		b = append(b, r.CLV.Amount().String()...)
		b = append(b, ',')
		b = append(b, r.CLV.Currency()...)
		w.Write(append(b, '\n'))
	}
	return nil
}

// clvRow is one customer's line of the clv output.
type clvRow struct {
	Account           success.AccountID `json:"account"`
	Frequency         int               `json:"frequency"`
	Recency           float64           `json:"recency"`
	Age               float64           `json:"age"`
	MeanRepeatSpend   float64           `json:"mean_repeat_spend"`
	PAlive            float64           `json:"p_alive"`
	ExpectedPurchases float64           `json:"expected_purchases"` // over -horizon
	CLV               success.Money     `json:"clv"`
}

type clvResult struct {
	bg   cohort.BGNBD
	gg   cohort.GammaGamma
	rows []clvRow
}

// lifetimeValues is the SDK pipeline the command runs: summaries, both
// fits, then per customer (its validation test calls the SDK itself).
func lifetimeValues(txs []cohort.Transaction, end time.Time, unit success.Grain, val cohort.Valuation, horizon float64) (clvResult, error) {
	var res clvResult
	sums, err := cohort.Summarize(slices.Values(txs), end, unit, cohort.SummaryOptions{})
	if err != nil {
		return res, err
	}
	if res.bg, err = cohort.FitBGNBD(sums, cohort.FitOptions{}); err != nil {
		return res, fmt.Errorf("BG/NBD fit: %w", err)
	}
	if res.gg, err = cohort.FitGammaGamma(sums, cohort.FitOptions{}); err != nil {
		return res, fmt.Errorf("Gamma-Gamma fit: %w", err)
	}
	alive := make([]float64, len(sums))
	if err := res.bg.ProbabilityAliveInto(alive, sums); err != nil {
		return res, err
	}
	expected := make([]float64, len(sums))
	if err := res.bg.ExpectedPurchasesInto(expected, sums, horizon); err != nil {
		return res, err
	}
	res.rows = make([]clvRow, len(sums))
	for i, s := range sums {
		v, err := cohort.CustomerLifetimeValue(res.bg, res.gg, s, val)
		if err != nil {
			return res, fmt.Errorf("customer %s: %w", s.Account, err)
		}
		res.rows[i] = clvRow{Account: s.Account, Frequency: s.Frequency, Recency: s.Recency, Age: s.Age,
			MeanRepeatSpend: s.MeanRepeatSpend, PAlive: alive[i], ExpectedPurchases: expected[i], CLV: v}
	}
	return res, nil
}
