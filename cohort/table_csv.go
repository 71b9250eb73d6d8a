package cohort

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/secondsale/secondsale/success"
)

// csvHeader names the columns of WriteCSV: one row per cohort and offset.
var csvHeader = []string{
	"cohort", "cohort_start", "offset", "observable", "customers", "retained", "logo_retention",
	"start_mrr", "mrr", "net_revenue_retention", "gross_mrr", "gross_revenue_retention", "currency",
}

// WriteCSV writes the table in long form, one row per cohort and offset,
// with a header row and the columns cohort, cohort_start, offset, observable,
// customers, retained, logo_retention, start_mrr, mrr, net_revenue_retention,
// gross_mrr, gross_revenue_retention and currency. Unobservable cells have observable=false and
// empty measures, so a spreadsheet never mistakes them for zero retention.
// Rates are fractions (1 = 100%); amounts are exact decimals.
//
// Labels of cohorts grouped by key are the host's strings, and a cell
// starting with =, +, -, @, a tab or a carriage return opens in a
// spreadsheet as a formula. Such a label is written with a single quote (')
// in front, as OWASP advises against CSV injection, so it shows as text; a
// program reading the file back strips it.
func (t Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	row := make([]string, len(csvHeader))
	for _, c := range t.Cohorts {
		start := ""
		if !c.Start.IsZero() {
			start = c.Start.Format(time.RFC3339)
		}
		for _, cell := range c.Cells {
			row = row[:0]
			row = append(row, csvText(c.Label), start, strconv.Itoa(cell.Offset), strconv.FormatBool(cell.Observable))
			if !cell.Observable {
				for len(row) < len(csvHeader)-1 {
					row = append(row, "")
				}
				row = append(row, string(t.Currency))
			} else {
				logo, _ := cell.LogoRetention()
				row = append(row,
					strconv.FormatInt(cell.Customers, 10), strconv.FormatInt(cell.Retained, 10), formatRate(logo, true),
					amount(cell.StartMRR), amount(cell.MRR), formatRate(cell.NetRevenueRetention()),
					amount(cell.GrossMRR), formatRate(cell.GrossRevenueRetention()), string(t.Currency))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText defuses a host string that a spreadsheet would run as a formula.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func amount(m success.Money) string { return m.Amount().String() }

// formatRate writes a rate with the shortest exact float representation, or
// nothing when it is undefined (a zero starting MRR).
func formatRate(r float64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}
