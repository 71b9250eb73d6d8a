package churn_test

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/churn"
)

func ExampleDetectSignals() {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	usage := churn.Usage{
		Account: "acme",
		Start:   start,
		// Logged in three days in a row, then stopped.
		Activity: []churn.Point{
			{Date: start, Count: 2},
			{Date: start.AddDate(0, 0, 1), Count: 1},
			{Date: start.AddDate(0, 0, 2), Count: 1},
		},
		KeyActions: []churn.Point{}, // never built a report
	}
	signals, err := churn.DetectSignals(usage, time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), churn.SignalOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range signals {
		fmt.Printf("%s since %s: %s\n", s.Kind, s.Since.Format(time.DateOnly), s.Summary)
	}
	// Output:
	// drop_off since 2026-03-04: active in 3 periods, then silent for 17 days since 2026-03-04
	// never_activated since 2026-03-15: no key action in the 19 days since the start on 2026-03-01 (expected within 14 days)
}
