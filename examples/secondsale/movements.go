package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

const movementsExample = `secondsale movements -grain month -o report.csv -accounts moves.csv ledger.csv
  where ledger.csv is
  account,date,amount,currency
  a1,2026-01-31,100.00,USD`

func runMovements(c *cli, args []string) error {
	fs := c.flags("[FILE...]", "Reads an MRR ledger (CSV or JSON Lines: account, date, amount, currency; or subscriptions)\n"+
		"and writes one line per period: the five movements, start and end MRR and customers, and the\n"+
		"retention metrics over the period and the trailing twelve months (logo churn, gross and net\n"+
		"MRR churn, NRR, GRR, quick ratio; empty where undefined).", movementsExample)
	var lf ledgerFlags
	lf.register(fs)
	grain := fs.String("grain", "month", "period: week, month, quarter or year")
	trailing := fs.Int("trailing", 0, "periods of the trailing window (default: one year of the grain)")
	accounts := fs.String("accounts", "", "also write every account movement behind the figures to this `file` (CSV, or JSON Lines by extension)")
	if err := c.parse(args); err != nil {
		return err
	}
	if err := lf.check(c); err != nil {
		return err
	}
	m, err := churn.NewMovements(churn.MovementOptions{Grain: success.Grain(*grain), TrailingPeriods: *trailing})
	if err != nil {
		return c.usageErr("%v", err)
	}
	w, format, err := c.output("csv", "csv", "jsonl", "json")
	if err != nil {
		return err
	}
	through, any, err := c.readLedger(&lf, m, nil)
	if err != nil || c.stoppedAt != "" {
		return err
	}
	if !any {
		return nil // an empty ledger is an empty report
	}
	report, err := m.Report(through)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		if err := json.NewEncoder(w).Encode(report); err != nil {
			return err
		}
		c.written += int64(len(report.Periods))
	case "jsonl":
		if err := encodeEach(w, report.Periods); err != nil {
			return err
		}
		c.written += int64(len(report.Periods))
	default:
		writeMovementsCSV(c, w, report)
	}
	if *accounts != "" {
		return writeAccountMovements(c, m, through, *accounts)
	}
	return nil
}

var movementCols = []string{"period", "start_mrr", "new", "expansion", "contraction", "churn", "reactivation", "end_mrr",
	"start_customers", "new_customers", "expanded", "contracted", "churned", "reactivated", "end_customers"}

var metricCols = []string{"logo_churn", "gross_mrr_churn", "net_mrr_churn", "nrr", "grr", "quick_ratio"}

func writeMovementsCSV(c *cli, w *bufio.Writer, r *churn.RetentionReport) {
	head := append([]string{}, movementCols...)
	head = append(head, metricCols...)
	for _, m := range metricCols {
		head = append(head, "ttm_"+m)
	}
	head = append(head, "currency")
	w.WriteString(strings.Join(head, ",") + "\n")
	var b []byte
	for _, p := range r.Periods {
		b = append(b[:0], p.Label...)
		for _, m := range []success.Money{p.StartMRR, p.New.MRR, p.Expansion.MRR, p.Contraction.MRR, p.Churn.MRR, p.Reactivation.MRR, p.EndMRR} {
			b = append(b, ',')
			b = append(b, m.Amount().String()...)
		}
		for _, n := range []int64{p.StartCustomers, p.New.Count, p.Expansion.Count, p.Contraction.Count, p.Churn.Count, p.Reactivation.Count, p.EndCustomers} {
			b = append(b, ',')
			b = strconv.AppendInt(b, n, 10)
		}
		for _, ms := range []churn.Metrics{p.Metrics, p.Trailing} {
			for _, r := range []churn.Ratio{ms.LogoChurn, ms.GrossMRRChurn, ms.NetMRRChurn, ms.NRR, ms.GRR, ms.QuickRatio} {
				b = append(b, ',')
				if d, ok := r.Decimal(6); ok {
					b = append(b, d.String()...)
				}
			}
		}
		b = append(b, ',')
		b = append(b, r.Currency...)
		b = append(b, '\n')
		w.Write(b)
		c.written++
	}
}

// writeAccountMovements writes the movement log: CSV, or JSON Lines when
// the file's extension says so.
func writeAccountMovements(c *cli, m *churn.Movements, through time.Time, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	ext := strings.ToLower(filepath.Ext(path))
	jsonl := ext == ".jsonl" || ext == ".ndjson" || ext == ".json"
	if !jsonl {
		w.WriteString("account,period,kind,from,to,amount,currency\n")
	}
	enc := json.NewEncoder(w)
	var b []byte
	n := 0
	for mv, err := range m.Log(through) {
		if err != nil {
			f.Close()
			return err
		}
		n++
		if jsonl {
			if err := enc.Encode(mv); err != nil {
				f.Close()
				return err
			}
			continue
		}
		b = appendCSVField(b[:0], string(mv.Account))
		b = append(b, ',')
		b = append(b, mv.Label...)
		b = append(b, ',')
		b = append(b, mv.Kind...)
		for _, x := range []success.Money{mv.From, mv.To, mv.Amount} {
			b = append(b, ',')
			b = append(b, x.Amount().String()...)
		}
		b = append(b, ',')
		b = append(b, mv.Amount.Currency()...)
		b = append(b, '\n')
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	c.notes = append(c.notes, fmt.Sprintf("wrote %d account movements to %s", n, path))
	return f.Close()
}
