package main

import (
	"slices"
	"strings"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

const survivalExample = `secondsale survival -duration tenure -event Churn -stratum Contract -at 1,3,6,12 telco.csv
  secondsale survival -compete -event first_event -kinds expansion,churn rows.csv
  secondsale survival -spells -as-of 2026-06-30 -unit month spells.csv   (account,start,end,stratum)`

func runSurvival(c *cli, args []string) error {
	fs := c.flags("[FILE...]", "Kaplan-Meier survival curves per stratum with the log-rank test, from rows of duration, event\n"+
		"and stratum (or spells with start and end dates); with -compete, the cumulative incidence of\n"+
		"competing events per stratum with Gray's test. Tests go to stderr (and into -format json).", survivalExample)
	var sm records.SurvivalMapping
	fs.StringVar(&sm.Duration, "duration", "duration", "`column` of the duration")
	fs.StringVar(&sm.Event, "event", "event", "`column` of the event: 1/0, true/false, yes/no (with -compete: a kind of -kinds, or empty/0/none/censored)")
	fs.StringVar(&sm.Stratum, "stratum", "stratum", "`column` of the stratum (optional: without it, one pooled curve)")
	compete := fs.Bool("compete", false, "competing risks: cumulative incidence of each event kind, Gray's test")
	kinds := fs.String("kinds", "expansion,churn", "competing event `kinds`, comma-separated")
	at := fs.String("at", "", "read the curves at these `times` (comma-separated) instead of writing every step")
	confLevel := fs.Float64("conf-level", 0.95, "level of the pointwise confidence intervals")
	spells := fs.Bool("spells", false, "the input is spells: account, start, end (empty while a customer), stratum")
	var spm records.SpellMapping
	fs.StringVar(&spm.Account, "account", "account", "`column` of the account (with -spells)")
	fs.StringVar(&spm.Start, "start", "start", "`column` of the start date (with -spells)")
	fs.StringVar(&spm.End, "end", "end", "`column` of the end date (with -spells)")
	asOf := fs.String("as-of", "", "as-of `date` of open spells (with -spells)")
	unit := fs.String("unit", "month", "duration unit of spells: day, week, month or year")
	if err := c.parse(args); err != nil {
		return err
	}
	var times []float64
	if *at != "" {
		for _, s := range strings.Split(*at, ",") {
			t, ok := records.ParseFloat([]byte(strings.TrimSpace(s)))
			if !ok || t < 0 {
				return c.usageErr("-at: %q is not a time >= 0", s)
			}
			times = append(times, t)
		}
	}
	for _, k := range strings.Split(*kinds, ",") {
		sm.Kinds = append(sm.Kinds, cohort.EventKind(strings.TrimSpace(k)))
	}
	spm.Stratum = sm.Stratum
	w, format, err := c.output("csv", "csv", "jsonl", "json")
	if err != nil {
		return err
	}
	out := survivalOut{c: c, w: w, format: format, times: times}
	switch {
	case *compete && *spells:
		return c.usageErr("-compete reads duration rows, not -spells")
	case *compete:
		obs, err := readSurvival(c, sm, (*records.SurvivalCSV).Competing, func(o *cohort.CompetingObservation) *string { return &o.Stratum })
		if err != nil || c.stoppedAt != "" {
			return err
		}
		res, err := cohort.CumulativeIncidenceByStratum(slices.Values(obs), cohort.IncidenceOptions{Kinds: sm.Kinds, ConfLevel: *confLevel})
		if err != nil {
			return err
		}
		return out.incidence(res)
	}
	var obs []cohort.Observation
	if *spells {
		t, ok := records.ParseTime([]byte(*asOf), "")
		switch {
		case *asOf == "":
			return c.usageErr("-spells needs -as-of DATE")
		case !ok:
			return c.usageErr("-as-of: not a date (YYYY-MM-DD)")
		}
		obs, err = c.readSpells(spm, t, success.Grain(*unit))
	} else {
		obs, err = readSurvival(c, sm, (*records.SurvivalCSV).Observation, func(o *cohort.Observation) *string { return &o.Stratum })
	}
	if err != nil || c.stoppedAt != "" {
		return err
	}
	res, err := cohort.KaplanMeierByStratum(slices.Values(obs), cohort.SurvivalOptions{ConfLevel: *confLevel})
	if err != nil {
		return err
	}
	return out.kaplanMeier(res)
}

// readSurvival reads survival rows (CSV, each read by row) or the SDK's
// JSON lines of T. Without a stratum the observations form one pooled
// curve, named "all" (stratum gives access to an observation's).
func readSurvival[T any](c *cli, sm records.SurvivalMapping, row func(p *records.SurvivalCSV, fields [][]byte, line int64) (T, *records.Reject), stratum func(*T) *string) ([]T, error) {
	var obs []T
	var p *records.SurvivalCSV
	keep := func(o T, rej *records.Reject) *records.Reject {
		if rej == nil {
			obs = append(obs, o)
		}
		return rej
	}
	err := c.eachRecord("csv", func(h *records.Header) (err error) {
		p, err = records.NewSurvivalCSV(h, sm)
		return err
	}, func(fields [][]byte, line int64) *records.Reject {
		return keep(row(p, fields, line))
	}, func(_ string, line []byte, n int64) *records.Reject {
		var o T
		return keep(o, decodeLine(&o, line, n))
	})
	if len(obs) > 0 && *stratum(&obs[0]) == "" {
		for i := range obs {
			*stratum(&obs[i]) = "all"
		}
	}
	return obs, err
}

// readSpells reads spells and turns them into observations as of asOf;
// a spell the SDK would refuse (repeated account, dates after asOf) is a
// reject here, so one bad line does not stop the run.
func (c *cli) readSpells(m records.SpellMapping, asOf time.Time, unit success.Grain) ([]cohort.Observation, error) {
	var spells []cohort.Spell
	seen := map[success.AccountID]bool{}
	keep := func(s cohort.Spell, rej *records.Reject, n int64) *records.Reject {
		switch {
		case rej != nil:
			return rej
		case seen[s.Account]:
			return &records.Reject{Line: n, Field: m.Account, Reason: "account has a spell on an earlier line"}
		case s.Start.After(asOf):
			return &records.Reject{Line: n, Field: m.Start, Reason: "after -as-of"}
		case s.End.After(asOf):
			return &records.Reject{Line: n, Field: m.End, Reason: "after -as-of"}
		}
		seen[s.Account] = true
		spells = append(spells, s)
		return nil
	}
	var p *records.SpellCSV
	err := c.eachRecord("csv", func(h *records.Header) (err error) {
		p, err = records.NewSpellCSV(h, m)
		return err
	}, func(fields [][]byte, line int64) *records.Reject {
		s, rej := p.Spell(fields, line)
		return keep(s, rej, line)
	}, func(_ string, line []byte, n int64) *records.Reject {
		var s cohort.Spell
		return keep(s, decodeLine(&s, line, n), n)
	})
	if err != nil || c.stoppedAt != "" {
		return nil, err
	}
	obs, err := cohort.ObserveSpells(slices.Values(spells), asOf, unit)
	for i := range obs {
		if obs[i].Stratum == "" {
			obs[i].Stratum = "all"
		}
	}
	return obs, err
}
