package health_test

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/internal/shareddata"
	"github.com/secondsale/secondsale/internal/stat"
	"github.com/secondsale/secondsale/success"
)

// telcoCard is a scorecard a CSM could write from the Telco columns before
// seeing any outcome: commitment, product depth and account profile.
func telcoCard() health.Scorecard {
	yesNoInternet := health.CategoricalWithDefault(50,
		health.CategoryPoints{Name: "Yes", Points: 100},
		health.CategoryPoints{Name: "No", Points: 0},
		health.CategoryPoints{Name: "No internet service", Points: 100})
	return health.Scorecard{
		ID: "telco", Name: "Telco customer health", Version: 1,
		Groups: []health.Group{
			{ID: "commitment", Weight: 40, Measures: []health.Measure{
				{ID: "tenure", Weight: 3, Normaliser: health.Linear(0, 72, success.HigherIsBetter)},
				{ID: "contract", Weight: 3, Normaliser: health.CategoricalWithDefault(0,
					health.CategoryPoints{Name: "Month-to-month", Points: 0},
					health.CategoryPoints{Name: "One year", Points: 60},
					health.CategoryPoints{Name: "Two year", Points: 100})},
				{ID: "total_charges", Weight: 1, Normaliser: health.Linear(0, 8700, success.HigherIsBetter)},
				{ID: "payment_method", Weight: 1, Normaliser: health.CategoricalWithDefault(50,
					health.CategoryPoints{Name: "Electronic check", Points: 0},
					health.CategoryPoints{Name: "Mailed check", Points: 60},
					health.CategoryPoints{Name: "Bank transfer (automatic)", Points: 100},
					health.CategoryPoints{Name: "Credit card (automatic)", Points: 100})},
				{ID: "paperless_billing", Weight: 1, Normaliser: health.Boolean(30, 100)},
			}},
			{ID: "product", Weight: 35, Measures: []health.Measure{
				{ID: "internet_service", Weight: 2, Normaliser: health.CategoricalWithDefault(50,
					health.CategoryPoints{Name: "Fiber optic", Points: 0},
					health.CategoryPoints{Name: "DSL", Points: 70},
					health.CategoryPoints{Name: "No", Points: 100})},
				{ID: "online_security", Weight: 2, Normaliser: yesNoInternet},
				{ID: "tech_support", Weight: 2, Normaliser: yesNoInternet},
				{ID: "online_backup", Weight: 1, Normaliser: yesNoInternet},
				{ID: "device_protection", Weight: 1, Normaliser: yesNoInternet},
			}},
			{ID: "profile", Weight: 25, Measures: []health.Measure{
				{ID: "monthly_charges", Weight: 2, Normaliser: health.Linear(18, 119, success.LowerIsBetter)},
				{ID: "senior_citizen", Weight: 1, Normaliser: health.Boolean(0, 100)},
				{ID: "partner", Weight: 1, Normaliser: health.Boolean(100, 0)},
				{ID: "dependents", Weight: 1, Normaliser: health.Boolean(100, 0)},
			}},
		},
	}
}

type telcoRow struct {
	id      success.AccountID
	in      health.Inputs
	churned bool
	arr     success.Money
}

// loadTelco reads the CSV into inputs. TotalCharges is a single space for
// the 11 customers with tenure 0 (data README): those inputs are left
// missing, on purpose, and counted.
func loadTelco(t testing.TB) (rows []telcoRow, blankTotal int, records [][]string) {
	f, err := os.Open(shareddata.Path(t, "Telco-Customer-Churn.csv"))
	require.NoError(t, err)
	defer f.Close()
	records, err = csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, name := range records[0] {
		col[name] = i
	}
	yes := func(s string) success.Value {
		switch s {
		case "Yes", "1":
			return success.BoolValue(true)
		case "No", "0":
			return success.BoolValue(false)
		}
		t.Fatalf("unexpected yes/no value %q", s)
		return success.Value{}
	}
	number := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, s)
		return x
	}
	for i, r := range records[1:] {
		get := func(name string) string { return r[col[name]] }
		in := health.Inputs{
			"tenure":            success.NumberValue(number(get("tenure"))),
			"contract":          success.StringValue(get("Contract")),
			"payment_method":    success.StringValue(get("PaymentMethod")),
			"paperless_billing": yes(get("PaperlessBilling")),
			"internet_service":  success.StringValue(get("InternetService")),
			"online_security":   success.StringValue(get("OnlineSecurity")),
			"tech_support":      success.StringValue(get("TechSupport")),
			"online_backup":     success.StringValue(get("OnlineBackup")),
			"device_protection": success.StringValue(get("DeviceProtection")),
			"monthly_charges":   success.NumberValue(number(get("MonthlyCharges"))),
			"senior_citizen":    yes(get("SeniorCitizen")),
			"partner":           yes(get("Partner")),
			"dependents":        yes(get("Dependents")),
		}
		if total := get("TotalCharges"); strings.TrimSpace(total) == "" {
			blankTotal++
			require.Equal(t, "0", get("tenure"), "row %d: blank TotalCharges only for new customers", i)
		} else {
			in["total_charges"] = success.NumberValue(number(total))
		}
		monthly, err := decimal.NewFromString(get("MonthlyCharges"))
		require.NoError(t, err)
		arr, err := success.NewMoney(monthly.Mul(decimal.NewFromInt(12)), "USD")
		require.NoError(t, err)
		rows = append(rows, telcoRow{id: success.AccountID(get("customerID")), in: in, churned: get("Churn") == "Yes", arr: arr})
	}
	return rows, blankTotal, records
}

// telcoReferenceAUC is the test AUC of the textbook model the issue compares
// against: a logistic regression of Churn on all 19 predictor columns, the
// categorical ones one-hot encoded (first level dropped), numbers scaled to
// about 0..1, a blank TotalCharges read as 0, fitted on the training rows
// (i mod 10 < 7). A tiny ridge penalty (1e-4) only resolves the exact
// collinearity of the "No internet service" levels, which R's glm resolves
// by dropping aliased columns; predictions are unaffected.
func telcoReferenceAUC(t *testing.T, records [][]string) float64 {
	t.Helper()
	header, data := records[0], records[1:]
	scale := map[string]float64{"tenure": 72, "MonthlyCharges": 120, "TotalCharges": 9000}
	levels := map[int][]string{} // column -> its levels in order of appearance
	for j, name := range header {
		if name == "customerID" || name == "Churn" || scale[name] != 0 {
			continue
		}
		for _, r := range data {
			if !slices.Contains(levels[j], r[j]) {
				levels[j] = append(levels[j], r[j])
			}
		}
	}
	encode := func(r []string) []float64 {
		var x []float64
		for j, name := range header {
			if s := scale[name]; s != 0 {
				v, err := strconv.ParseFloat(strings.TrimSpace(r[j]), 64)
				if err != nil {
					v = 0 // the 11 blank TotalCharges
				}
				x = append(x, v/s)
				continue
			}
			for _, level := range levels[j][min(1, len(levels[j])):] {
				x = append(x, map[bool]float64{true: 1}[r[j] == level])
			}
		}
		return x
	}
	churnCol := slices.Index(header, "Churn")
	var xTrain [][]float64
	var yTrain []bool
	for i, r := range data {
		if i%10 < 7 {
			xTrain = append(xTrain, encode(r))
			yTrain = append(yTrain, r[churnCol] == "Yes")
		}
	}
	fit, err := stat.Logistic(xTrain, yTrain, stat.LogisticOptions{L2: 1e-4})
	require.NoError(t, err)
	require.True(t, fit.Converged)
	var pStay []float64
	var stayed []bool
	for i, r := range data {
		if i%10 >= 7 {
			eta := fit.Coef[0]
			for j, v := range encode(r) {
				eta += fit.Coef[j+1] * v
			}
			pStay = append(pStay, -eta) // a higher value means less churn, like a health score
			stayed = append(stayed, r[churnCol] != "Yes")
		}
	}
	auc, err := stat.AUC(pStay, stayed)
	require.NoError(t, err)
	return auc
}

func TestTelcoValidation(t *testing.T) {
	rows, blank, records := loadTelco(t)
	// Source: ../shared/data/README.md (7,043 customers, 1,869 churned, 11 blank TotalCharges).
	require.Len(t, rows, 7043)
	require.Equal(t, 11, blank)

	plan := mustCompile(t, telcoCard())
	require.Len(t, plan.MeasureIDs(), 14)
	assert.Zero(t, testing.AllocsPerRun(10, func() { _, _ = plan.Score(rows[0].id, rows[0].in, t0, health.ScoreOptions{}) }),
		"14 measures fit in the Score itself")
	var train, test []health.Outcome
	churned := 0
	for i, r := range rows {
		s, err := plan.Score(r.id, r.in, t0, health.ScoreOptions{})
		require.NoError(t, err, "row %d (%s)", i, r.id)
		if r.churned {
			churned++
		}
		o := health.Outcome{Score: s, Churned: r.churned, ARR: r.arr}
		if i%10 < 7 { // the split the issue prescribes
			train = append(train, o)
		} else {
			test = append(test, o)
		}
	}
	require.Equal(t, 1869, churned)
	// Source: R 4.2.2 on the same split (see below): 4,931 training and 2,112 test rows.
	require.Len(t, train, 4931)
	require.Len(t, test, 2112)

	original, err := health.Backtest(slices.Values(test), plan.Bands())
	require.NoError(t, err)
	t.Logf("original scorecard, test set: AUC %.4f, churn %.3f; bands: %+v", original.AUC, original.ChurnRate, original.Bands)
	assert.False(t, original.Inverted)
	assert.Greater(t, original.AUC, 0.75, "a hand-written scorecard already ranks churners low")
	assert.Greater(t, original.Lift[0].Lift, 2.0, "the lowest decile churns at more than twice the average")
	red, green := original.Bands[0], original.Bands[2]
	assert.Greater(t, red.ChurnRate, green.ChurnRate)

	fit, err := health.FitWeights(plan, train, test, health.WeightFitOptions{MeasureAUC: true})
	require.NoError(t, err)
	t.Logf("fit: %d iterations, test AUC original %.4f proposed %.4f; warnings %v",
		fit.Iterations, fit.TestAUCOriginal, fit.TestAUCProposed, fit.Warnings)
	for _, c := range fit.Coefficients {
		t.Logf("  %-18s %+.5f per point (se %.5f, z %+.2f), alone AUC %.3f", c.Measure, c.Estimate, c.StdErr, c.Z, c.AUC)
	}
	for _, c := range fit.Coefficients {
		if c.Measure == "contract" || c.Measure == "tenure" {
			assert.Greater(t, c.AUC, 0.7, "%s alone separates churners well", c.Measure)
		}
	}
	assert.Equal(t, 2112, fit.TestAccounts)
	assert.InDelta(t, original.AUC, fit.TestAUCOriginal, 1e-12)
	// The reference is computed here, on the same split: the unconstrained
	// one-hot logistic model on all 19 predictors. Its test AUC must be in
	// the "low 0.8s" the issue quotes, and agrees with R 4.2.2's
	// glm(Churn ~ ., family = binomial) on the same encoding and split
	// (0.8376430256). The scorecard's single weighted sum of points must be
	// competitive with it.
	referenceAUC := telcoReferenceAUC(t, records)
	t.Logf("reference one-hot logistic model, test AUC %.6f", referenceAUC)
	assert.InDelta(t, 0.8376430256, referenceAUC, 1e-4)
	assert.Greater(t, fit.TestAUCProposed, referenceAUC-0.02)
	assert.GreaterOrEqual(t, fit.TestAUCProposed, fit.TestAUCOriginal-1e-9, "fitting should not make the score worse")
	require.Len(t, fit.Imputations, 1)
	assert.Equal(t, "total_charges", fit.Imputations[0].Measure)
	assert.Equal(t, countBlankTrain(rows), fit.Imputations[0].Missing)
	assert.Equal(t, 2, fit.Proposed.Version)

	// The proposed scorecard backtests as reported.
	proposed := mustCompile(t, fit.Proposed)
	var rescored []health.Outcome
	for i, r := range rows {
		if i%10 < 7 {
			continue
		}
		s, err := proposed.Score(r.id, r.in, t0, health.ScoreOptions{})
		require.NoError(t, err)
		rescored = append(rescored, health.Outcome{Score: s, Churned: r.churned, ARR: r.arr})
	}
	report, err := health.Backtest(slices.Values(rescored), proposed.Bands())
	require.NoError(t, err)
	assert.InDelta(t, fit.TestAUCProposed, report.AUC, 1e-12)
}

func countBlankTrain(rows []telcoRow) int {
	n := 0
	for i, r := range rows {
		if _, ok := r.in["total_charges"]; !ok && i%10 < 7 {
			n++
		}
	}
	return n
}
