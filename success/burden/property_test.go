package burden_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
)

func genTicket(t *rapid.T, label string) burden.Ticket {
	tk := burden.Ticket{
		ID:       rapid.StringMatching(`T[0-9]{1,3}`).Draw(t, label+".id"),
		Account:  success.AccountID(rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, label+".account")),
		At:       rapid.SampledFrom([]time.Time{jan, feb}).Draw(t, label+".at"),
		Type:     rapid.SampledFrom([]string{"bug", "howto"}).Draw(t, label+".type"),
		Severity: rapid.SampledFrom([]string{"high", "low"}).Draw(t, label+".severity"),
		Handling: time.Duration(rapid.Int64Range(0, int64(100*time.Hour)).Draw(t, label+".handling")),
	}
	if rapid.Bool().Draw(t, label+".hasSentiment") {
		s := rapid.Float64Range(-1, 1).Draw(t, label+".sentiment")
		tk.Sentiment = &s
	}
	return tk
}

func genInput(t *rapid.T) ([]burden.Ticket, []burden.Usage) {
	n := rapid.IntRange(0, 20).Draw(t, "tickets")
	tickets := make([]burden.Ticket, n)
	for i := range tickets {
		tickets[i] = genTicket(t, "ticket")
	}
	usage := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) burden.Usage {
		return burden.Usage{
			Account: success.AccountID(rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "account")),
			At:      rapid.SampledFrom([]time.Time{jan, feb}).Draw(t, "at"),
			Amount:  rapid.Float64Range(0, 1e6).Draw(t, "amount"),
		}
	}), 0, 10).Draw(t, "usage")
	return tickets, usage
}

func every(r burden.Report) []burden.Reduction {
	out := []burden.Reduction{r.Total}
	for _, x := range r.Accounts {
		out = append(out, x)
	}
	for _, x := range r.Segments {
		out = append(out, x)
	}
	for _, x := range r.Owners {
		out = append(out, x)
	}
	return out
}

func TestBurdenNonNegative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tickets, usage := genInput(t)
		r, err := burden.Compare(success.Monthly, jan, feb, slices.Values(tickets), slices.Values(usage), options())
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range every(r) {
			for _, f := range []burden.Figure{x.Baseline, x.Current} {
				// Undefined exactly when there is no usage or the ratio is beyond float64.
				if f.Burden.Defined != (f.Usage > 0 && !math.IsInf(f.Weighted/f.Usage, 0)) {
					t.Fatalf("burden defined %v with weighted %v, usage %v", f.Burden.Defined, f.Weighted, f.Usage)
				}
				if f.Burden.Value < 0 || f.Weighted < 0 || f.Hours < 0 {
					t.Fatalf("negative figure %+v", f)
				}
			}
			if x.Reduction.Defined && x.Reduction.Value > 1 {
				t.Fatalf("reduction %v above 1", x.Reduction.Value)
			}
		}
	})
}

func TestTicketAddedNeverLowersBurden(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tickets, usage := genInput(t)
		extra := genTicket(t, "extra")
		before, err := burden.Compare(success.Monthly, jan, feb, slices.Values(tickets), slices.Values(usage), options())
		if err != nil {
			t.Fatal(err)
		}
		after, err := burden.Compare(success.Monthly, jan, feb, slices.Values(append(tickets, extra)), slices.Values(usage), options())
		if err != nil {
			t.Fatal(err)
		}
		pick := func(x burden.Reduction) burden.Figure {
			if extra.At.Equal(jan) {
				return x.Baseline
			}
			return x.Current
		}
		b, a := pick(before.Accounts[extra.Account]), pick(after.Accounts[extra.Account])
		if a.Tickets != b.Tickets+1 || a.Weighted < b.Weighted || a.Burden.Value < b.Burden.Value {
			t.Fatalf("burden fell from %+v to %+v", b, a)
		}
		bt, at := pick(before.Total), pick(after.Total)
		if at.Weighted < bt.Weighted || at.Burden.Value < bt.Burden.Value {
			t.Fatalf("total burden fell from %+v to %+v", bt, at)
		}
	})
}
