package burden_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
)

func ExampleCompare() {
	jan := time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
	feb := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	angry := -0.5
	tickets := []burden.Ticket{
		{ID: "T1", Account: "acme", At: jan, Type: "bug", Severity: "high", Handling: 3 * time.Hour},
		{ID: "T2", Account: "acme", At: jan, Type: "howto", Severity: "low", Sentiment: &angry, Handling: time.Hour},
		{ID: "T3", Account: "acme", At: feb, Type: "howto", Severity: "low", Handling: time.Hour},
	}
	usage := []burden.Usage{
		{Account: "acme", At: jan, Amount: 40}, // active users
		{Account: "acme", At: feb, Amount: 50},
	}
	r, err := burden.Compare(success.Monthly, jan, feb, slices.Values(tickets), slices.Values(usage), burden.Options{
		Weights: burden.Weights{
			Types:          map[string]float64{"bug": 2, "howto": 1},
			Severities:     map[string]float64{"high": 2, "low": 1},
			NegativeFactor: 1,
		},
		HourlyCost: success.MustMoney("60", "EUR"),
		Directory:  map[success.AccountID]burden.Assignment{"acme": {Segment: "mid-market", Owner: "dana"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := r.Owners["dana"]
	fmt.Printf("burden %v -> %v per user\n", d.Baseline.Burden, d.Current.Burden)
	fmt.Printf("reduction %.0f%%, %v hours and %v saved\n", d.Reduction.Value*100, d.HoursSaved, d.CostSaved)
	// Output:
	// burden 0.1375 -> 0.02 per user
	// reduction 85%, 4 hours and 240.00 EUR saved
}
