package main

import (
	"encoding/json"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/secondsale/secondsale/cohort"
)

// survival returns the Kaplan-Meier curves per stratum with the log-rank
// test (one JSON document, as `secondsale survival` writes it) from
// observations (a PCollection of cohort.Observation). The estimator needs
// only the number of churns and censorings at each time in each stratum,
// so those counts are what is combined (summed per key, across workers);
// the curves are then computed once from the combined counts.
func survival(s beam.Scope, opts cohort.SurvivalOptions, obs beam.PCollection) beam.PCollection {
	s = s.Scope("survival")
	if opts.ConfType == "" {
		// The documented default, set here because the options reach the
		// workers as JSON, where an empty type does not decode.
		opts.ConfType = cohort.ConfLogLog
	}
	keyed := beam.ParDo(s, survivalKey, obs)
	counts := beam.ParDo(s, toSurvivalCount, stats.SumPerKey(s, keyed))
	all := beam.GroupByKey(s, beam.AddFixedKey(s, counts))
	return beam.ParDo(s, &kaplanMeierFn{Options: opts}, all)
}

// survivalKey keys an observation by time, outcome and stratum. The time
// is written in the shortest form that reads back to the same float64; the
// stratum comes last, so that any byte in it reads back.
func survivalKey(o cohort.Observation) (string, int64) {
	outcome := "0"
	if o.Churned {
		outcome = "1"
	}
	return strconv.FormatFloat(o.Duration, 'g', -1, 64) + "\x00" + outcome + "\x00" + o.Stratum, 1
}

// parseSurvivalKey reads back survivalKey's key.
func parseSurvivalKey(key string) (cohort.Observation, error) {
	parts := strings.SplitN(key, "\x00", 3)
	if len(parts) != 3 {
		return cohort.Observation{}, fmt.Errorf("survival count key: want 3 parts, got %d", len(parts))
	}
	d, err := strconv.ParseFloat(parts[0], 64)
	if err != nil {
		return cohort.Observation{}, fmt.Errorf("survival count key: %w", err)
	}
	return cohort.Observation{Duration: d, Churned: parts[1] == "1", Stratum: parts[2]}, nil
}

// survivalCount is the number of equal observations of one key.
type survivalCount struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

func toSurvivalCount(key string, n int64) survivalCount { return survivalCount{key, n} }

// kaplanMeierFn estimates the curves from the combined counts.
type kaplanMeierFn struct {
	Options cohort.SurvivalOptions `json:"options"`
}

func (f *kaplanMeierFn) ProcessElement(_ int, counts func(*survivalCount) bool) (string, error) {
	type count struct {
		obs cohort.Observation
		n   int64
	}
	var all []count
	var c survivalCount
	for counts(&c) {
		o, err := parseSurvivalKey(c.Key)
		if err != nil {
			return "", err
		}
		all = append(all, count{o, c.N})
	}
	// The estimator reads observations; each count stands for n equal ones.
	var obs iter.Seq[cohort.Observation] = func(yield func(cohort.Observation) bool) {
		for _, c := range all {
			for range c.n {
				if !yield(c.obs) {
					return
				}
			}
		}
	}
	res, err := cohort.KaplanMeierByStratum(obs, f.Options)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(res)
	return string(b), err
}

// incidence combines competing-risks observations (a PCollection of
// cohort.CompetingObservation) with cohort.IncidenceAccumulator, whose state
// is the counts of each event kind and of censorings per time per stratum,
// and returns the cumulative incidence curves per stratum with Gray's test
// (one JSON document, as `secondsale survival -compete` writes it).
func incidence(s beam.Scope, opts cohort.IncidenceOptions, obs beam.PCollection) (beam.PCollection, error) {
	s = s.Scope("incidence")
	empty, err := cohort.NewIncidenceAccumulator(opts)
	if err != nil {
		return beam.PCollection{}, err
	}
	acc, err := combineAll(s, empty, obs)
	if err != nil {
		return beam.PCollection{}, err
	}
	return beam.ParDo(s, incidenceResult, acc), nil
}

func incidenceResult(a *cohort.IncidenceAccumulator) (string, error) {
	res, err := a.ByStratum()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(res)
	return string(b), err
}

func init() {
	register.Function1x2(survivalKey)
	register.Function1x2(incidenceResult)
	register.Function2x1(toSurvivalCount)
	register.DoFn2x2[int, func(*survivalCount) bool, string, error](&kaplanMeierFn{})
	register.Iter1[survivalCount]()
	registerCombine[cohort.IncidenceAccumulator, *cohort.IncidenceAccumulator, cohort.CompetingObservation]()
}
