package cohort

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// Host keys that a spreadsheet would run as a formula are written with a
// leading single quote; every other label is written as it is.
func TestWriteCSVDefusesFormulaLabels(t *testing.T) {
	tests := map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1":                       "'+1",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tplan":                   "'\tplan",
		"\rplan":                   "'\rplan",
		"enterprise":               "enterprise",
		"a=b":                      "a=b",
		"'quoted":                  "'quoted",
		"2026-01":                  "2026-01",
	}
	for label, want := range tests {
		tab := Table{Grain: success.Monthly, Grouping: ByKey, Currency: "USD",
			Cohorts: []CohortRow{{Label: label, Cells: []Cell{{Offset: 0}}}}}
		var buf bytes.Buffer
		require.NoError(t, tab.WriteCSV(&buf))
		records, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		require.Len(t, records, 2)
		assert.Equal(t, want, records[1][0], "label %q", label)
	}
}
