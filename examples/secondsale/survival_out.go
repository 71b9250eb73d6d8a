package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/cohort"
)

// survivalOut writes curves in the chosen format.
type survivalOut struct {
	c      *cli
	w      *bufio.Writer
	format string
	times  []float64
}

func ftoa(f float64) string { return string(appendFloat(nil, f, false)) }

func (o *survivalOut) row(fields ...string) {
	for i, f := range fields {
		if i > 0 {
			o.w.WriteByte(',')
		}
		o.w.WriteString(f)
	}
	o.w.WriteByte('\n')
	o.c.written++
}

func (o *survivalOut) encode(v any) error {
	o.c.written++
	return json.NewEncoder(o.w).Encode(v)
}

// lines writes items as JSON Lines.
func lines[T any](o *survivalOut, items []T) error {
	o.c.written += int64(len(items))
	return encodeEach(o.w, items)
}

func stratumField(s string) string { return string(appendCSVField(nil, s)) }

// write writes curves in the shape every survival output shares: the
// whole result as one JSON document; or, with -at, the curves read at
// those times (points); or every step (CSV) or curve (JSON Lines).
func write[P, C any](o *survivalOut, res any, curves []C, points func() []P, csvPoints func([]P), csvSteps func()) error {
	switch {
	case o.times != nil:
		ps := points()
		switch o.format {
		case "csv":
			csvPoints(ps)
			return nil
		case "json":
			return o.encode(ps)
		}
		return lines(o, ps)
	case o.format == "json":
		return o.encode(res)
	case o.format == "jsonl":
		return lines(o, curves)
	}
	csvSteps()
	return nil
}

// kmPoint is a Kaplan-Meier curve read at a time.
type kmPoint struct {
	Stratum  string  `json:"stratum"`
	Time     float64 `json:"time"`
	AtRisk   int     `json:"at_risk"`
	Survival float64 `json:"survival"`
	Lower    float64 `json:"lower"`
	Upper    float64 `json:"upper"`
}

func (o *survivalOut) kaplanMeier(res cohort.Stratified) error {
	if res.LogRank != nil {
		o.c.notes = append(o.c.notes, fmt.Sprintf("log-rank test: chi-square %.4f on %d df, p = %.4g", res.LogRank.ChiSquare, res.LogRank.DF, res.LogRank.PValue))
	} else {
		o.c.notes = append(o.c.notes, "log-rank test undefined: "+res.LogRankUndefined)
	}
	points := func() []kmPoint {
		var points []kmPoint
		for _, cv := range res.Curves {
			for _, t := range o.times {
				// At risk at t counts the subjects whose time is t or later,
				// as R's summary(survfit, times=) does: the first step at or
				// after t holds them (every observed time is a step), none
				// past the last.
				p := kmPoint{Stratum: cv.Stratum, Time: t, Survival: cv.SurvivalAt(t), Lower: 1, Upper: 1}
				for _, s := range cv.Steps {
					if s.Time >= t {
						p.AtRisk = s.AtRisk
						break
					}
				}
				for _, s := range cv.Steps {
					if s.Time > t {
						break
					}
					p.Lower, p.Upper = s.Lower, s.Upper
				}
				points = append(points, p)
			}
		}
		return points
	}
	return write(o, res, res.Curves, points, func(points []kmPoint) {
		o.w.WriteString("stratum,time,at_risk,survival,lower,upper\n")
		for _, p := range points {
			o.row(stratumField(p.Stratum), ftoa(p.Time), strconv.Itoa(p.AtRisk), ftoa(p.Survival), ftoa(p.Lower), ftoa(p.Upper))
		}
	}, func() {
		o.w.WriteString("stratum,time,at_risk,churned,censored,survival,se,lower,upper\n")
		for _, cv := range res.Curves {
			for _, s := range cv.Steps {
				o.row(stratumField(cv.Stratum), ftoa(s.Time), strconv.Itoa(s.AtRisk), strconv.Itoa(s.Churned), strconv.Itoa(s.Censored),
					ftoa(s.Survival), ftoa(s.SE), ftoa(s.Lower), ftoa(s.Upper))
			}
		}
	})
}

// incidencePoint is a cumulative incidence curve read at a time.
type incidencePoint struct {
	Stratum   string             `json:"stratum"`
	Time      float64            `json:"time"`
	Incidence map[string]float64 `json:"incidence"`
}

func (o *survivalOut) incidence(res cohort.IncidenceByStratum) error {
	for _, g := range res.Gray {
		o.c.notes = append(o.c.notes, fmt.Sprintf("Gray's test, %s: chi-square %.4f on %d df, p = %.4g", g.Event, g.ChiSquare, g.DF, g.PValue))
	}
	for k, why := range res.GrayUndefined {
		o.c.notes = append(o.c.notes, fmt.Sprintf("Gray's test, %s: undefined: %s", k, why))
	}
	slices.Sort(o.c.notes)
	var kinds []cohort.EventKind
	if len(res.Curves) > 0 {
		kinds = res.Curves[0].Kinds
	}
	points := func() []incidencePoint {
		var points []incidencePoint
		for _, cv := range res.Curves {
			for _, t := range o.times {
				p := incidencePoint{Stratum: cv.Stratum, Time: t, Incidence: map[string]float64{}}
				for _, k := range cv.Kinds {
					p.Incidence[string(k)] = cv.IncidenceAt(k, t)
				}
				points = append(points, p)
			}
		}
		return points
	}
	return write(o, res, res.Curves, points, func(points []incidencePoint) {
		head := "stratum,time"
		for _, k := range kinds {
			head += "," + string(k)
		}
		o.w.WriteString(head + "\n")
		for _, p := range points {
			fields := []string{stratumField(p.Stratum), ftoa(p.Time)}
			for _, k := range kinds {
				fields = append(fields, ftoa(p.Incidence[string(k)]))
			}
			o.row(fields...)
		}
	}, func() {
		head := "stratum,time,at_risk,censored,event_free"
		for _, k := range kinds {
			head += fmt.Sprintf(",%[1]s_count,%[1]s_incidence,%[1]s_se,%[1]s_lower,%[1]s_upper", k)
		}
		o.w.WriteString(head + "\n")
		for _, cv := range res.Curves {
			for _, s := range cv.Steps {
				fields := []string{stratumField(cv.Stratum), ftoa(s.Time), strconv.Itoa(s.AtRisk), strconv.Itoa(s.Censored), ftoa(s.EventFree)}
				for _, e := range s.Events {
					fields = append(fields, strconv.Itoa(e.Count), ftoa(e.Incidence), ftoa(e.SE), ftoa(e.Lower), ftoa(e.Upper))
				}
				o.row(fields...)
			}
		}
	})
}
