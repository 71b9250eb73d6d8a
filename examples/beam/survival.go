package main

import (
	"encoding/json"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/cohort"
)

// survival combines observations (a PCollection of cohort.Observation)
// with cohort.SurvivalAccumulator, whose state is the counts of churns and
// censorings per time per stratum, and returns the Kaplan-Meier curves per
// stratum with the log-rank test (one JSON document, as `secondsale
// survival` writes it). No worker holds one record per customer: the
// extract reads the combined counts.
func survival(s beam.Scope, opts cohort.SurvivalOptions, obs beam.PCollection) (beam.PCollection, error) {
	s = s.Scope("survival")
	empty, err := cohort.NewSurvivalAccumulator(opts)
	if err != nil {
		return beam.PCollection{}, err
	}
	acc, err := combineAll(s, empty, obs)
	if err != nil {
		return beam.PCollection{}, err
	}
	return beam.ParDo(s, survivalResult, acc), nil
}

func survivalResult(a *cohort.SurvivalAccumulator) (string, error) {
	res, err := a.ByStratum()
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
	register.Function1x2(survivalResult)
	register.Function1x2(incidenceResult)
	registerCombine[cohort.SurvivalAccumulator, *cohort.SurvivalAccumulator, cohort.Observation]()
	registerCombine[cohort.IncidenceAccumulator, *cohort.IncidenceAccumulator, cohort.CompetingObservation]()
}
