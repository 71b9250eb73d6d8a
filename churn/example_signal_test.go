package churn_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
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

func ExampleDetectAll() {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	usage := []churn.Usage{
		{ // daily logins that stopped
			Account:  "acme",
			Activity: []churn.Point{{Date: day(1), Count: 4}, {Date: day(2), Count: 3}, {Date: day(3), Count: 5}},
		},
		{ // a weekly series, still active
			Account: "globex",
			Grain:   success.Weekly,
			Activity: []churn.Point{
				{Date: day(2), Count: 20}, {Date: day(9), Count: 18}, {Date: day(16), Count: 21}, {Date: day(23), Count: 19},
			},
		},
		{ // a burst of support tickets against a quiet baseline
			Account:  "initech",
			Start:    time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
			Activity: []churn.Point{{Date: day(24), Count: 9}},
			Tickets:  []churn.Point{{Date: time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC), Count: 1}, {Date: day(20), Count: 3}, {Date: day(23), Count: 2}},
		},
	}
	signals, err := churn.DetectAll(slices.Values(usage), day(25), churn.SignalOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range signals {
		fmt.Printf("%s %s: %s\n", s.Account, s.Kind, s.Summary)
	}
	// Output:
	// acme drop_off: active in 3 periods, then silent for 22 days since 2026-03-04
	// initech support_spike: 5 tickets in the last 14 days against a baseline of 0.2 (more than 2x)
}

// jsonLines reads one JSON value per line, as a sequence that carries read
// and decoding errors.
func jsonLines[T any](r io.Reader) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		dec := json.NewDecoder(r)
		for {
			var v T
			err := dec.Decode(&v)
			if errors.Is(err, io.EOF) || !yield(v, err) || err != nil {
				return
			}
		}
	}
}

func ExampleDetectAllFrom() {
	// Usage exported by the host, one account per line; the second line has
	// a misspelt field, which decoding rejects.
	export := `{"account": "acme", "activity": [{"date": "2026-03-01T00:00:00Z", "count": 4}, {"date": "2026-03-02T00:00:00Z", "count": 3}, {"date": "2026-03-03T00:00:00Z", "count": 5}]}
{"account": "globex", "activty": [{"date": "2026-03-20T00:00:00Z", "count": 4}]}
`
	asOf := time.Date(2026, 3, 25, 0, 0, 0, 0, time.UTC)
	_, err := churn.DetectAllFrom(jsonLines[churn.Usage](strings.NewReader(export)), asOf, churn.SignalOptions{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, churn.ErrInvalid))
	// Output:
	// reading usage[1]: activty: unknown field
	// true
}
