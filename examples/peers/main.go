// Peers does the seven jobs of the performance comparison (../shared/peers in
// the project's workspace) through secondsale's public API, the way a data
// engineer would do them: the input is built first and not timed, then the
// job's work runs several times and the best wall-clock time is kept, and one
// JSON line reports it with the numbers that show the same work was done.
// ../shared/peers/compare.sh runs it beside numpy, pandas, scipy,
// scikit-learn and R and prints the ratios.
//
//	go run ./examples/peers -job kaplan_meier -n 1000000 -data ../shared/data
//
// Each job's file shows the SDK's fastest public path for that work.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"time"
)

// A job is one of the peers' jobs: prepare builds its input (not timed) for
// size n, reading files under data, and returns the work to time.
type job struct {
	unit    string
	repeats int
	prepare func(n int, data string) (*run, error)
}

// A run is a prepared job.
type run struct {
	// n, when not 0, is the size the line reports instead of -n (the rows
	// the work actually reads, when the peer counts them that way).
	n int
	// work is the timed section; it is called once per repeat.
	work func() error
	// check returns the numbers that prove the work was done, under the
	// peer's check keys; it is called after the last repeat.
	check func() (map[string]any, error)
	// inputMB is the size of the input held in memory, when known.
	inputMB float64
	// phases, when set, returns named sub-timings (seconds) of the last repeat.
	phases func() map[string]float64
}

var jobs = map[string]job{
	"health_batch":      healthBatch,
	"kaplan_meier":      kaplanMeier,
	"log_rank_3_strata": logRank3Strata,
	"bgnbd_fit":         bgnbdFit,
	"sbg_fit":           sbgFit,
	"logistic_fit":      logisticFit,
	"cohort_table":      cohortTable,
}

func main() {
	name := flag.String("job", "", "the job to run: "+jobNames())
	n := flag.Int("n", 0, "the job's size (0: its default)")
	data := flag.String("data", "../shared/data", "the folder of the public data sets")
	repeats := flag.Int("repeats", 0, "timed repeats (0: the job's default)")
	flag.Parse()
	if err := runJob(os.Stdout, *name, *n, *data, *repeats); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

func jobNames() string {
	names := make([]string, 0, len(jobs))
	for k := range jobs {
		names = append(names, k)
	}
	slices.Sort(names)
	return fmt.Sprint(names)
}

// defaultN are the sizes compare.sh uses without QUICK.
var defaultN = map[string]int{
	"health_batch": 10_000_000, "kaplan_meier": 1_000_000, "log_rank_3_strata": 1_000_000,
	"cohort_table": 10_000_000, "bgnbd_fit": 2357, "sbg_fit": 2, "logistic_fit": 7043,
}

// result is the JSON line of compare.sh's contract.
type result struct {
	Job          string             `json:"job"`
	Peer         string             `json:"peer"`
	N            int                `json:"n"`
	Unit         string             `json:"unit"`
	Seconds      float64            `json:"seconds"`
	Runs         []float64          `json:"runs"`
	PerSecond    float64            `json:"per_second"`
	PeakRSSMB    float64            `json:"peak_rss_mb"`
	TimedPeakMB  float64            `json:"timed_peak_rss_mb,omitempty"`
	InputMB      float64            `json:"input_mb,omitempty"`
	Repeats      int                `json:"repeats"`
	GoMaxProcs   int                `json:"gomaxprocs"`
	PhasesOfBest map[string]float64 `json:"phases_of_best,omitempty"`
	Check        map[string]any     `json:"check"`
}

func runJob(w *os.File, name string, n int, data string, repeats int) error {
	j, ok := jobs[name]
	if !ok {
		return fmt.Errorf("unknown job %q; the jobs are %s", name, jobNames())
	}
	if n == 0 {
		n = defaultN[name]
	}
	if n <= 0 {
		return errors.New("-n must be positive")
	}
	if repeats <= 0 {
		repeats = j.repeats
	}
	r, err := j.prepare(n, data)
	if err != nil {
		return fmt.Errorf("%s: preparing the input: %w", name, err)
	}
	runtime.GC()
	resetPeak := resetHighWaterMark()
	res := result{Job: name, Peer: "secondsale " + revision(), N: n, Unit: j.unit,
		Repeats: repeats, GoMaxProcs: runtime.GOMAXPROCS(0), InputMB: round1(r.inputMB)}
	for range repeats {
		t0 := time.Now()
		if err := r.work(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s := time.Since(t0).Seconds()
		res.Runs = append(res.Runs, sig(s, 4))
		if res.Seconds == 0 || s < res.Seconds {
			res.Seconds = s
			if r.phases != nil {
				res.PhasesOfBest = r.phases()
			}
		}
	}
	if resetPeak {
		res.TimedPeakMB = round1(highWaterMarkMB())
	}
	if r.n != 0 {
		n, res.N = r.n, r.n
	}
	res.Seconds = sig(res.Seconds, 6)
	res.PerSecond = sig(float64(n)/res.Seconds, 6)
	if res.Check, err = r.check(); err != nil {
		return fmt.Errorf("%s: checking the result: %w", name, err)
	}
	res.PeakRSSMB = round1(peakRSSMB())
	return json.NewEncoder(w).Encode(res)
}

// revision is the commit the program was built from, as compare.sh prints it.
func revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	rev, dirty := "devel", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 7)]
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}
