package main

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

// The logistic_fit job: scikit-learn's L2 logistic regression of churn on
// the Telco design, fitted with health.FitWeights. FitWeights regresses
// churn on measures' points/100, so the design is a scorecard with one
// measure per design column:
//   - a one-hot column is a categorical measure giving its level 100 points
//     and every other level 0, so points/100 is the column itself;
//   - a standardised numeric column z = (v-mean)/std is a linear measure
//     over the column's range [lo, lo+span] in the data, so points/100 =
//     (v-lo)/span = (std/span)·z + const (the constant goes into the
//     unpenalised intercept, and no row is clamped). Its coefficient is
//     span/std times the peer's, so the penalty factor (std/span)² makes
//     FitWeights' penalty 0.5·L2·factor·c² the peer's 0.5·β² exactly.
//
// The fit is then the peer's model (it reaches the optimum that
// scikit-learn's newton-cholesky solver reaches; the peer's lbfgs stops a
// little short of it), and its coefficients map back to the peer's columns.
// -n counts the file's rows (compare.sh passes 7,043); the line reports the
// training rows, as the peer does.
var logisticFit = job{unit: "training rows", repeats: 10, prepare: prepareLogisticFit}

var (
	telcoHeader = []string{"customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
		"MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport",
		"StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges",
		"TotalCharges", "Churn"}
	telcoNumeric     = []string{"tenure", "MonthlyCharges", "TotalCharges", "SeniorCitizen"}
	telcoCategorical = []string{"gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService",
		"OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV",
		"StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod"}
)

// numericColumn is one standardised column as a linear measure.
type numericColumn struct{ mean, std, lo, span float64 }

func prepareLogisticFit(n int, data string) (*run, error) {
	file, err := readCSV(filepath.Join(data, "Telco-Customer-Churn.csv"), telcoHeader...)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, name := range telcoHeader {
		col[name] = i
	}
	// Row i is file row i mod 7,043 and keeps that row's split (the peer's rule for n other than 7,043).
	rows := make([][]string, n)
	train := make([]bool, n)
	for i := range rows {
		rows[i] = file[i%len(file)]
		train[i] = i%len(file)%10 < 7
	}

	var sc health.Scorecard
	sc.ID, sc.Name, sc.Version = "telco_design", "Telco design columns", 1
	factors := map[string]float64{}
	numbers := make([][]float64, len(telcoNumeric))
	nums := make([]numericColumn, len(telcoNumeric))
	for j, name := range telcoNumeric {
		numbers[j] = make([]float64, n)
		var sum, count float64
		for i, r := range rows {
			s := strings.TrimSpace(r[col[name]])
			if s == "" {
				s = "0" // the 11 blank TotalCharges
			}
			if numbers[j][i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("row %d %s: %w", i%len(file)+1, name, err)
			}
			if train[i] {
				sum += numbers[j][i]
				count++
			}
		}
		c := numericColumn{mean: sum / count, lo: slices.Min(numbers[j])}
		c.span = slices.Max(numbers[j]) - c.lo
		var ss float64
		for i, v := range numbers[j] {
			if train[i] {
				ss += (v - c.mean) * (v - c.mean)
			}
		}
		c.std = math.Sqrt(ss / count) // ddof = 0, as numpy's std
		if !(c.span > 0 && c.std > 0) {
			return nil, fmt.Errorf("column %s is constant", name)
		}
		nums[j] = c
		sc.Measures = append(sc.Measures, health.Measure{ID: name, Weight: 1,
			Normaliser: health.Linear(c.lo, c.lo+c.span, success.HigherIsBetter)})
		factors[name] = (c.std / c.span) * (c.std / c.span)
	}
	for _, name := range telcoCategorical {
		var levels []string
		for _, r := range rows {
			if v := r[col[name]]; !slices.Contains(levels, v) {
				levels = append(levels, v)
			}
		}
		slices.Sort(levels)
		for _, level := range levels {
			sc.Measures = append(sc.Measures, health.Measure{ID: name + "=" + level, Weight: 1,
				Normaliser: health.CategoricalWithDefault(0, health.CategoryPoints{Name: level, Points: 100})})
		}
	}
	plan, err := health.Compile(sc)
	if err != nil {
		return nil, err
	}

	// Score every row: the outcomes FitWeights learns from (not timed, as the peer's encoding).
	asOf := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	values := make([]success.Value, len(sc.Measures))
	arr := success.MustMoney("0", "USD")
	var trainOutcomes, testOutcomes []health.Outcome
	for i, r := range rows {
		for j := range telcoNumeric {
			values[j] = success.NumberValue(numbers[j][i])
		}
		for j, m := range sc.Measures[len(telcoNumeric):] {
			values[len(telcoNumeric)+j] = success.StringValue(r[col[m.ID[:strings.IndexByte(m.ID, '=')]]])
		}
		var s health.Score
		if err := plan.ScoreValues(&s, success.AccountID(strconv.Itoa(i)), values, asOf, health.ScoreOptions{}); err != nil {
			return nil, fmt.Errorf("row %d: %w", i%len(file)+1, err)
		}
		o := health.Outcome{Score: s, Churned: r[col["Churn"]] == "Yes", ARR: arr}
		if train[i] {
			trainOutcomes = append(trainOutcomes, o)
		} else {
			testOutcomes = append(testOutcomes, o)
		}
	}

	opts := health.WeightFitOptions{L2: 1, PenaltyFactors: factors}
	var fit health.WeightFit
	r := &run{n: len(trainOutcomes), inputMB: float64(len(trainOutcomes)*len(sc.Measures)) * 8 / (1 << 20)}
	r.work = func() (err error) {
		fit, err = health.FitWeights(plan, trainOutcomes, nil, opts)
		return err
	}
	r.check = func() (map[string]any, error) {
		// The peer's intercept: FitWeights' plus what its numeric measures' offsets put in the linear predictor.
		intercept := fit.Intercept.Estimate
		for j, c := range nums {
			intercept += 100 * fit.Coefficients[j].Estimate * (c.mean - c.lo) / c.span
		}
		eta := make([]float64, len(testOutcomes))
		churned := make([]bool, len(testOutcomes))
		for i, o := range testOutcomes {
			eta[i] = fit.Intercept.Estimate
			for j := range o.Score.NumMeasures() {
				eta[i] += fit.Coefficients[j].Estimate * o.Score.Measure(j).Points
			}
			churned[i] = o.Churned
		}
		return map[string]any{"test_auc": round6(auc(eta, churned)), "n_test": len(testOutcomes),
			"n_iter": fit.Iterations, "intercept": round6(intercept)}, nil
	}
	return r, nil
}

// auc is the area under the ROC curve of score for the positive labels,
// ties counting one half (the rank-sum form, as scikit-learn's roc_auc_score).
func auc(score []float64, positive []bool) float64 {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmpFloat(score[a], score[b]) })
	var rankSum, pos float64
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && score[idx[end]] == score[idx[start]] {
			end++
		}
		for _, i := range idx[start:end] {
			if positive[i] {
				rankSum += float64(start+1+end) / 2
				pos++
			}
		}
		start = end
	}
	neg := float64(len(score)) - pos
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
