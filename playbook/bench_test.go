package playbook_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

const benchAccounts = 100_000

// benchBook returns the facts of n accounts as of one day: quiet accounts
// (green at 75, a passive NPS, a good fit, renewal a year out) on which no
// library play fires, and every tenth account, when red is set, turned red
// from yellow (the save play opens).
func benchBook(n int, red bool) []*playbook.Facts {
	quiet := &health.Score{AsOf: on(0), Available: true, Value: 75, Band: "green", ReportedValue: 75, ReportedBand: "green"}
	falling := &health.Score{AsOf: on(0), Available: true, Value: 40, Band: "red", ReportedValue: 40, ReportedBand: "red"}
	history := []health.Score{{AsOf: on(-7), Available: true, Value: 62, Band: "yellow", ReportedValue: 62, ReportedBand: "yellow"}}
	nps := 8
	out := make([]*playbook.Facts, n)
	for i := range out {
		f := &playbook.Facts{
			Account: success.Account{ID: success.AccountID(fmt.Sprintf("acct-%06d", i)), Stage: success.StageAdoption,
				StartDate: on(-400), RenewalDate: on(365)},
			AsOf: on(0), Health: quiet, HealthHistory: history, NPS: &nps, Fit: success.GoodFit, LastActive: on(-1),
		}
		if red && i%10 == 0 {
			f.Health = falling
		}
		out[i] = f
	}
	return out
}

// benchEvaluate evaluates facts round-robin, b.N accounts in all, and
// reports account-play evaluations per second. fresh, when set, gives each
// pass over the book a new empty store (outside the timer), so every pass
// opens the same runs.
func benchEvaluate(b *testing.B, facts []*playbook.Facts, warm, fresh bool) {
	ctx := context.Background()
	plays := playbook.SecondSaleLibrary()
	newEngine := func() *playbook.Engine {
		e, err := playbook.New(plays, playbook.NewMemoryStore(), nil)
		if err != nil {
			b.Fatal(err)
		}
		return e
	}
	e := newEngine()
	if warm {
		for _, f := range facts {
			if _, err := e.Evaluate(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := i % len(facts)
		if fresh && k == 0 && i > 0 {
			b.StopTimer()
			e = newEngine()
			b.StartTimer()
		}
		if _, err := e.Evaluate(ctx, facts[k]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(plays))/b.Elapsed().Seconds(), "account-plays/s")
}

// BenchmarkEngineSteady: 100,000 quiet accounts, 20 library plays, nothing
// opens.
func BenchmarkEngineSteady(b *testing.B) {
	benchEvaluate(b, benchBook(benchAccounts, false), false, false)
}

// BenchmarkEngineSteadyWithRuns: the same book after 10% of the accounts
// opened runs; evaluating it again changes nothing (the runs are left
// alone, the repeated suppressions were traced already).
func BenchmarkEngineSteadyWithRuns(b *testing.B) {
	benchEvaluate(b, benchBook(benchAccounts, true), true, false)
}

// BenchmarkEngineOpen10Percent: every pass over the book starts from an
// empty store, and 10% of the accounts open runs.
func BenchmarkEngineOpen10Percent(b *testing.B) {
	benchEvaluate(b, benchBook(benchAccounts, true), false, true)
}

func TestEngineBenchBookOpensOnlyTheRedTenth(t *testing.T) {
	ctx := context.Background()
	e, s := newEngine(t, nil, playbook.SecondSaleLibrary()...)
	opened := map[string]int{}
	for _, f := range benchBook(100, true) {
		ds, err := e.Evaluate(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			opened[string(d.Kind)+" "+d.PlayID]++
		}
	}
	t.Log(opened)
	runs, _ := s.Runs(ctx, playbook.RunQuery{})
	accounts := map[success.AccountID]bool{}
	for _, r := range runs {
		accounts[r.Account] = true
	}
	if len(accounts) != 10 {
		t.Fatalf("%d accounts opened runs, want the 10 red ones: %v", len(accounts), opened)
	}
}
