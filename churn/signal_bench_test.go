package churn_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// BenchmarkDetectSignals evaluates every rule on two years of daily activity
// and tickets for one account that declines and spikes, so that each rule
// also searches back for when its signal started.
func BenchmarkDetectSignals(b *testing.B) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	counts := append(repeat(10, 700), repeat(2, 30)...)
	tickets := make([]float64, 730)
	for i := 0; i < 700; i += 20 {
		tickets[i] = 1
	}
	for i := 716; i < 730; i++ {
		tickets[i] = 1
	}
	u := churn.Usage{Account: "acme", Start: start, Activity: daily(start, counts...), Tickets: daily(start, tickets...)}
	asOf := start.AddDate(0, 0, 729)
	b.ReportAllocs()
	for b.Loop() {
		signals, err := churn.DetectSignals(u, asOf, churn.SignalOptions{})
		if err != nil || len(signals) != 2 {
			b.Fatal(err, len(signals))
		}
	}
}

// BenchmarkDetectAll is a nightly run over healthy accounts (90 days of
// steady daily activity, a ticket a month, no signal raised): the index
// storage is reused across accounts, so such an account allocates nothing.
func BenchmarkDetectAll(b *testing.B) {
	const accounts = 1000
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tickets := make([]float64, 90)
	for i := 0; i < 90; i += 30 {
		tickets[i] = 1
	}
	usage := make([]churn.Usage, accounts)
	for i := range usage {
		usage[i] = churn.Usage{Account: success.AccountID(fmt.Sprintf("acct-%04d", i)), Start: start,
			Activity: daily(start, repeat(10, 90)...), Tickets: daily(start, tickets...)}
	}
	asOf := start.AddDate(0, 0, 89)
	b.ReportAllocs()
	for b.Loop() {
		signals, err := churn.DetectAll(slices.Values(usage), asOf, churn.SignalOptions{})
		if err != nil || len(signals) != 0 {
			b.Fatal(err, len(signals))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*accounts), "ns/account")
}
