package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/secondsale/secondsale/success"
)

const genExample = `secondsale gen -kind score -n 1000000 -write-scorecard card.json -o accounts.jsonl
  secondsale gen -kind ledger -n 10000000 -o ledger.csv`

// runGen writes synthetic input for the speed figures (hidden: not a
// tool for users). score: account records with 10 numeric measures in 3
// groups, 2% of the inputs null, and the scorecard they fit; ledger: a
// monthly MRR ledger, accounts staying a geometric number of months within
// 60, in account order.
func runGen(c *cli, args []string) error {
	fs := c.flags("", "Writes synthetic input for measuring speed (deterministic for a seed).", genExample)
	kind := fs.String("kind", "score", "score or ledger")
	n := fs.Int("n", 1_000_000, "accounts (score) or ledger rows (ledger)")
	seed := fs.Uint64("seed", 7, "random seed")
	card := fs.String("write-scorecard", "", "with -kind score, also write the matching scorecard to this `file` (named apart from score's -scorecard, which it would overwrite)")
	if err := c.parse(args); err != nil {
		return err
	}
	w, _, err := c.output("jsonl", "jsonl", "csv")
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(*seed, 0))
	var b []byte
	switch *kind {
	case "score":
		if *card != "" {
			if err := os.WriteFile(*card, []byte(genScorecard), 0o644); err != nil {
				return err
			}
		}
		for i := range *n {
			h := rng.Float64()
			b = append(b[:0], `{"account":"acct-`...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, `","segment":"smb","as_of":"2026-03-01","inputs":{`...)
			for m, r := range genRanges {
				if m > 0 {
					b = append(b, ',')
				}
				b = append(b, `"m`...)
				b = strconv.AppendInt(b, int64(m), 10)
				b = append(b, `":`...)
				if rng.Float64() < 0.02 {
					b = append(b, "null"...)
					continue
				}
				z := h + 0.25*rng.NormFloat64()
				b = strconv.AppendFloat(b, math.Round((r[0]+z*(r[1]-r[0]))*100)/100, 'f', -1, 64)
			}
			b = append(b, "}}\n"...)
			w.Write(b)
		}
	case "ledger":
		b = append(b, "account,date,amount,currency\n"...)
		w.Write(b)
		var months [60][]byte
		for m := range months {
			months[m] = []byte(time.Date(2022, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
		}
		rows := 0
		for acct := 0; rows < *n; acct++ {
			signup := rng.IntN(36)
			life := 1 + int(math.Floor(math.Log(1-rng.Float64())/math.Log(1-0.04)))
			base := math.Exp(math.Log(400) + 0.8*rng.NormFloat64())
			for m := signup; m < min(signup+life, 60) && rows < *n; m++ {
				cents := int64(math.Round(base * (0.85 + 0.4*rng.Float64()) * 100))
				b = append(b[:0], "acct-"...)
				b = strconv.AppendInt(b, int64(acct), 10)
				b = append(b, ',')
				b = append(b, months[m]...)
				b = append(b, ',')
				b = strconv.AppendInt(b, cents/100, 10)
				b = append(b, '.', byte('0'+cents%100/10), byte('0'+cents%10))
				b = append(b, ",USD\n"...)
				w.Write(b)
				rows++
			}
		}
	default:
		return c.usageErr("-kind must be score or ledger")
	}
	c.written = int64(*n)
	return nil
}

var genRanges = [10][2]float64{{0, 20}, {0, 100}, {0, 30}, {30, 0}, {10, 0}, {1, 5}, {48, 0}, {60, 0}, {-20, 20}, {-100, 100}}

// genScorecard is the scorecard of the generated accounts: ten linear
// measures in three groups (weights 0.5, 0.3, 0.2), as the peers' health
// batch job scores them.
var genScorecard = func() string {
	s := `{"id":"gen","version":1,"groups":[`
	groups := [][]int{{0, 1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	weights := []float64{0.5, 0.3, 0.2}
	for g, ms := range groups {
		if g > 0 {
			s += ","
		}
		s += fmt.Sprintf(`{"id":"g%d","weight":%g,"measures":[`, g, weights[g])
		for i, m := range ms {
			if i > 0 {
				s += ","
			}
			lo, hi, dir := genRanges[m][0], genRanges[m][1], success.HigherIsBetter
			if lo > hi {
				lo, hi, dir = hi, lo, success.LowerIsBetter
			}
			s += fmt.Sprintf(`{"id":"m%d","weight":1,"normaliser":{"kind":"linear","min":%g,"max":%g,"direction":%q}}`, m, lo, hi, dir)
		}
		s += "]}"
	}
	return s + "]}\n"
}()
