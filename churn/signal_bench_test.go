package churn_test

import (
	"testing"
	"time"

	"github.com/secondsale/secondsale/churn"
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
