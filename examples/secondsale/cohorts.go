package main

import (
	"bytes"
	"encoding/json"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

const cohortsExample = `secondsale cohorts -by quarter -o cohorts.csv ledger.csv
  secondsale cohorts -by key -key plan ledger.csv   (cohorts by the plan column)`

func runCohorts(c *cli, args []string) error {
	fs := c.flags("[FILE...]", "Reads an MRR ledger (as movements does) and writes the cohort retention table: customers\n"+
		"grouped by the period they first pay in (or by a key column), with logo retention, net and gross\n"+
		"revenue retention per period since start. CSV is long form, one line per cohort and offset.", cohortsExample)
	var lf ledgerFlags
	lf.register(fs)
	by := fs.String("by", "month", "cohorts by month, quarter, year, or key (the -key column)")
	grain := fs.String("grain", "", "period of offsets when -by key: month, quarter or year (default month)")
	fs.StringVar(&lf.m.Key, "key", "", "`column` whose value puts each account in its cohort (with -by key)")
	if err := c.parse(args); err != nil {
		return err
	}
	if err := lf.check(c); err != nil {
		return err
	}
	opts := cohort.TableOptions{Grain: success.Grain(*by)}
	var keys map[string]string
	var onKey func(account, key []byte, line int64) *records.Reject
	switch {
	case *by == "key":
		if lf.m.Key == "" {
			return c.usageErr("-by key needs -key COLUMN")
		}
		if lf.subscriptions {
			return c.usageErr("-by key reads a ledger file, not -subscriptions")
		}
		opts = cohort.TableOptions{Grain: success.Grain(*grain), Grouping: cohort.ByKey}
		keys = map[string]string{}
		opts.Key = func(a success.AccountID) string { return keys[string(a)] }
		onKey = func(account, key []byte, line int64) *records.Reject {
			if k, ok := keys[string(account)]; ok {
				if k != string(key) {
					return &records.Reject{Line: line, Field: lf.m.Key, Reason: "differs from the account's key on an earlier line"}
				}
				return nil
			}
			keys[string(account)] = string(bytes.Clone(key))
			return nil
		}
	case lf.m.Key != "":
		return c.usageErr("-key needs -by key")
	case *grain != "":
		return c.usageErr("-grain is for -by key; use -by month, quarter or year")
	}
	acc, err := cohort.NewTableAccumulator(opts)
	if err != nil {
		return c.usageErr("%v", err)
	}
	w, format, err := c.output("csv", "csv", "jsonl", "json")
	if err != nil {
		return err
	}
	through, any, err := c.readLedger(&lf, acc, onKey)
	if err != nil || c.stoppedAt != "" {
		return err
	}
	if !any {
		return nil
	}
	table, err := acc.Table(through)
	if err != nil {
		return err
	}
	c.written = int64(len(table.Cohorts))
	switch format {
	case "json":
		return json.NewEncoder(w).Encode(table)
	case "jsonl":
		return encodeEach(w, table.Cohorts)
	}
	return table.WriteCSV(w)
}
