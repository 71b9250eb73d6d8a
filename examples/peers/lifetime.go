package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
)

// The bgnbd_fit and sbg_fit jobs: the published lifetime models fitted to
// the public data, CDNOW's 2,357 customers and Fader and Hardie's two
// retention cohorts.
var (
	bgnbdFit = job{unit: "customers", repeats: 5, prepare: prepareBGNBD}
	sbgFit   = job{unit: "cohort fits", repeats: 20, prepare: prepareSBG}
)

func prepareBGNBD(n int, data string) (*run, error) {
	rows, err := readCSV(filepath.Join(data, "cdnow_customers_summary.csv"), "ID", "frequency", "recency", "T")
	if err != nil {
		return nil, err
	}
	customers := make([]cohort.CustomerSummary, n)
	for i := range customers {
		row := rows[i%len(rows)] // as the peer does for n other than 2,357
		c := cohort.CustomerSummary{Account: success.AccountID(row[0]), Unit: success.Weekly}
		if c.Frequency, err = strconv.Atoi(row[1]); err != nil {
			return nil, fmt.Errorf("row %d frequency: %w", i%len(rows)+1, err)
		}
		if c.Recency, err = strconv.ParseFloat(row[2], 64); err != nil {
			return nil, fmt.Errorf("row %d recency: %w", i%len(rows)+1, err)
		}
		if c.Age, err = strconv.ParseFloat(row[3], 64); err != nil {
			return nil, fmt.Errorf("row %d T: %w", i%len(rows)+1, err)
		}
		customers[i] = c
	}
	var m cohort.BGNBD
	r := &run{inputMB: float64(n) * 80 / (1 << 20)}
	r.work = func() (err error) {
		m, err = cohort.FitBGNBD(customers, cohort.FitOptions{})
		return err
	}
	r.check = func() (map[string]any, error) {
		return map[string]any{"r": round6(m.R), "alpha": round6(m.Alpha), "a": round6(m.A), "b": round6(m.B),
			"loglik": math.Round(m.Fit.LogLikelihood*1e4) / 1e4, "evaluations": m.Fit.Evaluations,
			"method": m.Fit.Method}, nil
	}
	return r, nil
}

func prepareSBG(n int, data string) (*run, error) {
	rows, err := readCSV(filepath.Join(data, "fader_hardie_2007_sbg_cohorts.csv"), "year", "regular_survivors", "highend_survivors")
	if err != nil {
		return nil, err
	}
	names := []string{"regular", "highend"}
	var counts [2][]float64
	for _, row := range rows[:min(8, len(rows))] { // calibration years 0..7
		for k := range counts {
			x, err := strconv.ParseFloat(row[k+1], 64)
			if err != nil {
				return nil, fmt.Errorf("year %s, %s: %w", row[0], names[k], err)
			}
			counts[k] = append(counts[k], x)
		}
	}
	fits := make([]cohort.SBG, n)
	r := &run{}
	r.work = func() error {
		for i := range fits { // independent fits, alternating the two cohorts
			m, err := cohort.FitSBG([][]float64{counts[i%2]}, cohort.FitOptions{})
			if err != nil {
				return fmt.Errorf("fit %d (%s): %w", i, names[i%2], err)
			}
			fits[i] = m
		}
		return nil
	}
	r.check = func() (map[string]any, error) {
		check := map[string]any{}
		for i := range min(2, n) {
			m := fits[i]
			check[names[i]] = map[string]any{"alpha": round6(m.Alpha), "beta": round6(m.Beta),
				"loglik": round6(m.Fit.LogLikelihood), "evaluations": m.Fit.Evaluations}
		}
		return check, nil
	}
	return r, nil
}

// readCSV reads a CSV file whose header must start with the given columns
// and returns its data rows.
func readCSV(path string, columns ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if len(rows) < 2 || len(rows[0]) < len(columns) {
		return nil, fmt.Errorf("%s: want a header %v and data rows", filepath.Base(path), columns)
	}
	for i, c := range columns {
		if rows[0][i] != c {
			return nil, fmt.Errorf("%s: column %d is %q, want %q", filepath.Base(path), i+1, rows[0][i], c)
		}
	}
	for i, row := range rows[1:] {
		if len(row) < len(columns) {
			return nil, fmt.Errorf("%s: row %d has %d columns, want %d", filepath.Base(path), i+1, len(row), len(columns))
		}
	}
	return rows[1:], nil
}
