package cohort

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/internal/shareddata"
	"github.com/secondsale/secondsale/success"
)

// readCSVRecords returns the records of a validation CSV in ../shared/data,
// header first.
func readCSVRecords(t *testing.T, name string) [][]string {
	t.Helper()
	return readCSVFile(t, shareddata.Path(t, name))
}

func readCSVFile(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err, path)
	return rows
}

func parseFloatField(t testing.TB, name string, line int, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, "%s line %d", name, line)
	return v
}

// readCDNOWSummaries reads one of the published summaries of the 2,357
// CDNOW sample customers' 39-week calibration period (weeks, USD):
// cdnow_customers_summary.csv (ID, frequency, recency, T), the input of the
// published BG/NBD fit, or cdnow_customers_summary_with_transactions.csv (ID,
// x, t_x, T, zbar), which adds the mean repeat spend.
func readCDNOWSummaries(t *testing.T, name string) []CustomerSummary {
	t.Helper()
	return parseCDNOWSummaries(t, name, readCSVRecords(t, name))
}

func parseCDNOWSummaries(t testing.TB, name string, rows [][]string) []CustomerSummary {
	t.Helper()
	out := make([]CustomerSummary, 0, len(rows)-1)
	for i, row := range rows[1:] {
		line := i + 2
		c := CustomerSummary{
			Account:   success.AccountID(row[0]),
			Frequency: int(parseFloatField(t, name, line, row[1])),
			Recency:   parseFloatField(t, name, line, row[2]),
			Age:       parseFloatField(t, name, line, row[3]),
			Currency:  "USD",
			Unit:      success.Weekly,
		}
		if len(row) > 4 {
			c.MeanRepeatSpend = parseFloatField(t, name, line, row[4])
		}
		out = append(out, c)
	}
	return out
}
