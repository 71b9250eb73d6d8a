package health

import (
	"fmt"
	"iter"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/stat"
	"github.com/secondsale/secondsale/success"
)

// BacktestReport says how well a score predicted churn.
type BacktestReport struct {
	Accounts    int     `json:"accounts"` // available scores used
	Churned     int     `json:"churned"`
	ChurnRate   float64 `json:"churn_rate"`
	Unavailable int     `json:"unavailable"`
	// AUC is the probability that an account that stayed scored higher than
	// one that churned (ties count one half): 0.5 is a coin toss, 1 perfect.
	AUC float64 `json:"auc"`
	// Inverted is true when AUC < 0.5: churners scored higher than stayers.
	Inverted    bool             `json:"inverted"`
	Warnings    []string         `json:"warnings,omitempty"`
	Bands       []BandOutcome    `json:"bands"`
	Lift        []DecileLift     `json:"lift"`
	Calibration []CalibrationBin `json:"calibration"`
	Model       CalibrationModel `json:"model"`
	Currency    success.Currency `json:"currency"`
}

// BandOutcome is churn and ARR lost among the accounts of one band.
type BandOutcome struct {
	Band      string        `json:"band"`
	Accounts  int           `json:"accounts"`
	Churned   int           `json:"churned"`
	ChurnRate float64       `json:"churn_rate"` // 0 for an empty band
	ARR       success.Money `json:"arr"`
	ARRLost   success.Money `json:"arr_lost"`
	// LostShare is the band's share of all ARR lost, 0..1.
	LostShare float64 `json:"lost_share"`
}

// DecileLift is one tenth of the accounts ordered by score, lowest first:
// decile 1 holds the lowest-scored 10%. Lift is the decile's churn rate over
// the overall rate; Capture is the share of all churners found in deciles
// 1..Decile.
type DecileLift struct {
	Decile    int     `json:"decile"`
	Accounts  int     `json:"accounts"`
	Churned   int     `json:"churned"`
	MinScore  float64 `json:"min_score"`
	MaxScore  float64 `json:"max_score"`
	ChurnRate float64 `json:"churn_rate"`
	Lift      float64 `json:"lift"`
	Capture   float64 `json:"capture"`
}

// CalibrationBin compares, for scores in [Lo, Hi) (the last bin includes
// 100), the observed churn rate with the rate the fitted CalibrationModel
// predicts: what a score of 40 means in churn probability.
type CalibrationBin struct {
	Lo        float64 `json:"lo"`
	Hi        float64 `json:"hi"`
	Accounts  int     `json:"accounts"`
	MeanScore float64 `json:"mean_score"`
	Observed  float64 `json:"observed"`
	Predicted float64 `json:"predicted"`
}

// CalibrationModel is the logistic curve P(churn | score) =
// σ(Intercept + Slope·score) fitted to the outcomes (L2 penalty 1e-6 on the
// slope, for stability when the data separate).
type CalibrationModel struct {
	Intercept float64 `json:"intercept"`
	Slope     float64 `json:"slope"` // per score point
}

// Backtest runs a BacktestAccumulator over outcomes and returns its report
// with bands in the given order (typically Plan.Bands()). A bad outcome, or
// an account listed twice, is an error naming its index.
func Backtest(outcomes iter.Seq[Outcome], bands []Band) (BacktestReport, error) {
	return BacktestFrom(accum.Values(outcomes), bands)
}

// BacktestFrom is Backtest over a sequence that carries the host's read
// errors: a read error stops it and is returned, so a report is never built
// on part of a file.
func BacktestFrom(outcomes iter.Seq2[Outcome, error], bands []Band) (BacktestReport, error) {
	var a BacktestAccumulator
	if err := a.AddFrom(outcomes); err != nil {
		return BacktestReport{}, err
	}
	return a.Result(bands)
}

// decileLift splits rows (sorted by score) into ten near-equal parts with
// stat.Deciles; row i goes to decile floor(10·i/n)+1, so ties at a boundary
// split by account ID.
func decileLift(rows []backtestRow, rate float64, churned int) []DecileLift {
	values := make([]float64, len(rows))
	events := make([]bool, len(rows))
	for i, row := range rows {
		values[i], events[i] = row.Value, row.Churned
	}
	out := make([]DecileLift, 10)
	for i, d := range stat.Deciles(values, events, rate, churned) {
		out[i] = DecileLift{Decile: i + 1, Accounts: d.Count, Churned: d.Events, MinScore: d.Min, MaxScore: d.Max,
			ChurnRate: d.Rate, Lift: d.Lift, Capture: d.Capture}
	}
	return out
}

func calibrate(values []float64, churned []bool) ([]CalibrationBin, CalibrationModel, error) {
	x := make([][]float64, len(values))
	for i, v := range values {
		x[i] = []float64{v / 100}
	}
	fit, err := stat.Logistic(x, churned, stat.LogisticOptions{L2: 1e-6})
	if err != nil {
		return nil, CalibrationModel{}, fmt.Errorf("%w: calibration model: %v", ErrInvalid, err)
	}
	model := CalibrationModel{Intercept: fit.Coef[0], Slope: fit.Coef[1] / 100}
	bins := make([]CalibrationBin, 10)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(10*i), float64(10*i+10)
	}
	for i, v := range values {
		b := &bins[bucketOf(v)]
		b.Accounts++
		b.MeanScore += v
		if churned[i] {
			b.Observed++
		}
		b.Predicted += stat.Sigmoid(model.Intercept + model.Slope*v)
	}
	for i := range bins {
		if b := &bins[i]; b.Accounts > 0 {
			n := float64(b.Accounts)
			b.MeanScore /= n
			b.Observed /= n
			b.Predicted /= n
		}
	}
	return bins, model, nil
}
