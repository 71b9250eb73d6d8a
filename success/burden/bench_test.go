package burden_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
)

// BenchmarkCompare: 100,000 tickets and 20,000 usage records over 10,000 accounts in two months.
func BenchmarkCompare(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	accounts := make([]success.AccountID, 10000)
	dir := map[success.AccountID]burden.Assignment{}
	for i := range accounts {
		accounts[i] = success.AccountID(fmt.Sprintf("acct-%d", i))
		dir[accounts[i]] = burden.Assignment{Segment: fmt.Sprintf("seg-%d", i%5), Owner: fmt.Sprintf("csm-%d", i%50)}
	}
	months := []time.Time{jan, feb}
	tickets := make([]burden.Ticket, 100000)
	for i := range tickets {
		s := rng.Float64()*2 - 1
		tickets[i] = burden.Ticket{ID: fmt.Sprint(i), Account: accounts[rng.IntN(len(accounts))], At: months[rng.IntN(2)],
			Type: []string{"bug", "howto"}[rng.IntN(2)], Severity: []string{"high", "low"}[rng.IntN(2)], Sentiment: &s,
			Handling: time.Duration(rng.IntN(4*3600)) * time.Second}
	}
	usage := make([]burden.Usage, 0, 2*len(accounts))
	for _, a := range accounts {
		for _, m := range months {
			usage = append(usage, burden.Usage{Account: a, At: m, Amount: float64(1 + rng.IntN(500))})
		}
	}
	opts := options()
	opts.Directory = dir
	b.ReportAllocs()
	for b.Loop() {
		if _, err := burden.Compare(success.Monthly, jan, feb, slices.Values(tickets), slices.Values(usage), opts); err != nil {
			b.Fatal(err)
		}
	}
}
