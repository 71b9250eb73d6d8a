package expansion_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

// benchPool is the number of distinct inputs BenchmarkAssess cycles through.
const benchPool = 1 << 16

// benchInputs draws a realistic, varied portfolio: every optional signal
// missing for some accounts, 0 to 5 entitlements, 1 to 3 required outcomes
// of every status, blockers and risk on a minority, purchases in any order
// (some after the as-of date), ages from a day to three years.
func benchInputs(n int) []expansion.Input {
	r := rand.New(rand.NewPCG(19, 2026))
	ins := make([]expansion.Input, n)
	usd := success.MustMoney("500", "USD")
	ids := []string{"seats", "api_calls", "projects", "storage", "workspaces"}
	for i := range ins {
		first := asOf.AddDate(0, 0, -1-r.IntN(3*365))
		in := expansion.Input{
			Account:   success.Account{ID: success.AccountID(fmt.Sprintf("acct-%07d", r.IntN(10*n))), ARR: usd, StartDate: first},
			Purchases: expansion.Purchases{FirstSale: first},
		}
		if r.Float64() < 0.85 {
			o := &success.DesiredOutcomeAssessment{ID: "do", Account: in.Account.ID, AsOf: asOf, Achieved: true}
			for range 1 + r.IntN(3) {
				st := statuses[r.IntN(len(statuses))]
				if r.Float64() < 0.4 {
					st = success.OnTrack
				}
				o.Outcomes = append(o.Outcomes, success.OutcomeAssessment{ID: "o", Status: st})
				o.Achieved = o.Achieved && st == success.Achieved
			}
			in.DesiredOutcome = o
		}
		in.Fit = []success.Verdict{"", success.GoodFit, success.GoodFit, success.GoodFit, success.BadFit}[r.IntN(5)]
		if r.Float64() < 0.9 {
			score := r.Float64() * 100
			band := expansion.Green
			switch {
			case score < 50:
				band = expansion.Red
			case score < 75:
				band = expansion.Yellow
			}
			in.Health = &expansion.Health{Score: score, Band: band, Confident: r.Float64() < 0.8}
		}
		for k := range r.IntN(6) {
			purchased := float64(1 + r.IntN(1000))
			in.Entitlements = append(in.Entitlements, expansion.Entitlement{ID: ids[k], Purchased: purchased, Used: purchased * r.Float64() * 1.3})
		}
		if r.Float64() < 0.5 {
			nps := r.IntN(11)
			in.Advocacy.NPS = &nps
		}
		in.Advocacy.Reference = r.Float64() < 0.1
		in.Advocacy.CaseStudy = r.Float64() < 0.05
		in.Risk.OpenPlay = r.Float64() < 0.1
		in.Risk.ChurnSignal = r.Float64() < 0.1
		if r.Float64() < 0.3 {
			p := r.Float64()
			in.SecondPurchase = &p
		}
		for range r.IntN(4) {
			at := first.Add(time.Duration(r.IntN(4*365*24)) * time.Hour)
			in.Purchases.Later = append(in.Purchases.Later, expansion.Purchase{At: at, Amount: usd})
		}
		ins[i] = in
	}
	return ins
}

// BenchmarkAssessPortfolio assesses a portfolio of a million accounts per
// op into one reused Assessment, and reports assessments per second of wall
// time and of this process's CPU time (on a shared machine the wall clock
// also counts the other processes' turns). The accounts cycle through a
// pool of distinct inputs: chunk=4096 is a host that reads accounts in
// chunks and assesses each chunk as it is read (the inputs are in cache);
// pool=65536 holds far more inputs than the caches, so every account's
// parts (outcomes, entitlements, purchases, each a separate allocation) are
// fetched from memory, the worst case of a portfolio held in memory.
func BenchmarkAssessPortfolio(b *testing.B) {
	for _, pool := range []struct {
		name string
		n    int
	}{{"chunk=4096", 1 << 12}, {"pool=65536", 1 << 16}} {
		b.Run(pool.name, func(b *testing.B) {
			ins := benchInputs(pool.n)
			runtime.GC() // collect the generator's garbage now, not in the timed section
			const accounts = 1_000_000
			var a expansion.Assessment
			levels := map[expansion.Level]int{}
			b.ReportAllocs()
			var cpu time.Duration
			for b.Loop() {
				start := cpuTime()
				for i := range accounts {
					if err := expansion.AssessInto(&a, &ins[i%pool.n], asOf, expansion.Options{}); err != nil {
						b.Fatal(err)
					}
					if i < pool.n {
						levels[a.Level]++
					}
				}
				cpu += cpuTime() - start
			}
			b.ReportMetric(float64(b.N)*accounts/b.Elapsed().Seconds(), "assessments/s")
			if cpu > 0 {
				b.ReportMetric(float64(b.N)*accounts/cpu.Seconds(), "assessments/cpu-s")
			}
			if levels[expansion.Ready] == 0 || levels[expansion.Nurture] == 0 || levels[expansion.NotReady] == 0 {
				b.Fatalf("the portfolio is not varied: %v", levels)
			}
		})
	}
}

// BenchmarkAssess is one Assess call returning a fresh Assessment, the
// simple path.
func BenchmarkAssess(b *testing.B) {
	ins := benchInputs(benchPool)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := expansion.Assess(ins[i%benchPool], asOf, expansion.Options{}); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
}

// BenchmarkBacktest adds 100,000 outcomes (scores with ties, a third
// expanded, shuffled) to two shards, merges them and extracts the report.
func BenchmarkBacktest(b *testing.B) {
	const n = 100_000
	r := rand.New(rand.NewPCG(19, 7))
	outcomes := make([]expansion.Outcome, n)
	for i, k := range r.Perm(n) {
		expanded := r.IntN(3) == 0
		o := expansion.Outcome{Assessment: expansion.Assessment{Account: success.AccountID(fmt.Sprintf("acct-%07d", k)),
			Score: float64(r.IntN(1001)) / 10, Level: expansion.Levels()[r.IntN(3)]}, Expanded: expanded}
		if expanded {
			o.Gained = success.MustMoney(fmt.Sprint(r.IntN(50000)), "USD")
		}
		outcomes[i] = o
	}
	b.ReportAllocs()
	for b.Loop() {
		var shards [2]expansion.BacktestAccumulator
		for i, o := range outcomes {
			if err := shards[i%2].Add(o); err != nil {
				b.Fatal(err)
			}
		}
		if err := shards[0].Merge(&shards[1]); err != nil {
			b.Fatal(err)
		}
		if _, err := shards[0].Result(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*n/b.Elapsed().Seconds(), "outcomes/s")
}
