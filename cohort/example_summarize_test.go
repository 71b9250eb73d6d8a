package cohort_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// Summarise purchases into the recency, frequency and age that the BG/NBD and
// Gamma-Gamma models read. Purchases on one day count as one; those after
// the calibration end are the hold-out period and are left out.
func ExampleSummarize() {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	usd := func(s string) success.Money { return success.MustMoney(s, "USD") }
	transactions := []cohort.Transaction{
		{Account: "acme", At: day(1, 5), Amount: usd("120")},
		{Account: "acme", At: day(2, 2), Amount: usd("80")},
		{Account: "acme", At: day(2, 2), Amount: usd("20")}, // same day: one purchase of 100
		{Account: "acme", At: day(3, 2), Amount: usd("60")},
		{Account: "globex", At: day(3, 16), Amount: usd("45")},
		{Account: "globex", At: day(4, 20), Amount: usd("45")}, // after the calibration end
	}
	summaries, err := cohort.Summarize(slices.Values(transactions), day(3, 30), success.Weekly, cohort.SummaryOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range summaries {
		fmt.Printf("%s: %d repeat purchases, recency %.0f weeks, age %.0f weeks, mean repeat spend %.2f %s\n",
			s.Account, s.Frequency, s.Recency, s.Age, s.MeanRepeatSpend, s.Currency)
	}
	// Output:
	// acme: 2 repeat purchases, recency 8 weeks, age 12 weeks, mean repeat spend 80.00 USD
	// globex: 0 repeat purchases, recency 0 weeks, age 2 weeks, mean repeat spend 0.00 USD
}

// SummarizeFrom reads transactions whose read can fail, here rows of a CSV
// export: a row that cannot be read stops the summary, with its position,
// rather than summarising half of the file.
func ExampleSummarizeFrom() {
	export := "account,date,amount\nacme,2026-01-05,120\nacme,2026-02-02,100\nglobex,2026-03-16\n"
	rows := func(r io.Reader) iter.Seq2[cohort.Transaction, error] {
		return func(yield func(cohort.Transaction, error) bool) {
			cr := csv.NewReader(r)
			if _, err := cr.Read(); err != nil { // the header
				yield(cohort.Transaction{}, err)
				return
			}
			for {
				rec, err := cr.Read()
				if errors.Is(err, io.EOF) {
					return
				}
				var tx cohort.Transaction
				if err == nil {
					tx.Account = success.AccountID(rec[0])
					tx.At, err = time.Parse(time.DateOnly, rec[1])
				}
				if err == nil {
					tx.Amount, err = success.ParseMoney(rec[2], "USD")
				}
				if !yield(tx, err) || err != nil {
					return
				}
			}
		}
	}
	end := time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)
	_, err := cohort.SummarizeFrom(rows(strings.NewReader(export)), end, success.Weekly, cohort.SummaryOptions{})
	fmt.Println(err)
	// Output:
	// reading transactions[2]: record on line 4: wrong number of fields
}
