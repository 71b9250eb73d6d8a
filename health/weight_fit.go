package health

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/stat"
	"github.com/secondsale/secondsale/success"
)

// WeightFitOptions are optional settings of FitWeights; the zero value means the
// documented defaults.
type WeightFitOptions struct {
	// L2 is the ridge penalty λ on the coefficients of the measures' points
	// scaled to 0..1 (points/100); 0 means 1. The intercept is not penalised.
	L2 float64
	// Tolerance ends the Newton (IRLS) iteration when every step satisfies
	// |Δβ_j| <= Tolerance·(1+|β_j|); 0 means 1e-10.
	Tolerance float64
	// MaxIterations bounds the Newton steps; 0 means 100, and more than
	// MaxWeightFitIterations is ErrInvalid (each step costs a pass over the
	// training outcomes, so an unbounded count is an unbounded cost).
	MaxIterations int
	// PenaltyFactors scale L2 per measure, by measure ID (glmnet's
	// penalty.factor): the measure's coefficient is penalised by
	// L2·factor. A measure not listed has factor 1; 0 leaves it
	// unpenalised. Factors must be finite and >= 0, and name measures of
	// the plan. They make the penalty the one a model on differently scaled
	// columns would have: a measure whose points/100 is c·z for a column z
	// penalised by λ gets factor c².
	PenaltyFactors map[string]float64
	// MeasureAUC also computes each measure's own training AUC
	// (Coefficient.AUC), a sort of the training outcomes per measure; off,
	// Coefficient.AUC is 0.
	MeasureAUC bool
}

// MaxWeightFitIterations is the most Newton steps FitWeights may be asked
// for; a fit that needs more than a few dozen is not converging anyway.
const MaxWeightFitIterations = 10000

// Coefficient is one fitted logistic-regression coefficient of churn on a
// measure's points, per point: a negative estimate means more points, less
// churn, as a health measure should.
type Coefficient struct {
	Measure  string  `json:"measure"` // empty for the intercept
	Estimate float64 `json:"estimate"`
	StdErr   float64 `json:"std_err"`
	Z        float64 `json:"z"` // Estimate / StdErr
	// AUC is the measure's own training AUC: how well its points alone
	// separate accounts that stayed from accounts that churned, over the
	// accounts where it is present (0 when undefined, e.g. for the intercept,
	// and unless WeightFitOptions.MeasureAUC asked for it).
	AUC float64 `json:"auc,omitempty"`
}

// Imputation records how missing points of a measure were filled for the fit.
type Imputation struct {
	Measure string  `json:"measure"`
	Missing int     `json:"missing"` // training accounts without the input
	Points  float64 `json:"points"`  // the training mean used in their place
}

// WeightFit is the result of FitWeights: the logistic regression of churn
// on the measures' points and the scorecard it proposes. (It is not customer
// fit, which success.Profile judges.)
type WeightFit struct {
	Intercept     Coefficient   `json:"intercept"`
	Coefficients  []Coefficient `json:"coefficients"` // in MeasureIDs order
	Imputations   []Imputation  `json:"imputations,omitempty"`
	L2            float64       `json:"l2"`
	Iterations    int           `json:"iterations"`
	LogLikelihood float64       `json:"log_likelihood"`
	// Proposed is the scorecard with weights that follow the coefficients:
	// each measure's share of the score is proportional to -Estimate (zero
	// for measures whose points went with more churn), version + 1.
	Proposed Scorecard `json:"proposed"`
	Warnings []string  `json:"warnings,omitempty"`
	// Held-out comparison on the test outcomes (0 when none were given):
	// AUC of the original scores and of the proposed scorecard, over the
	// TestAccounts accounts with an available score under both.
	TestAccounts    int     `json:"test_accounts"`
	TestAUCOriginal float64 `json:"test_auc_original"`
	TestAUCProposed float64 `json:"test_auc_proposed"`
}

// FitWeights learns from outcomes how much each measure should weigh. It fits
// an L2-regularised logistic regression of churn on the measures' points in
// the training outcomes (scored by plan), proposes a scorecard whose weights
// follow the coefficients, and compares the original and proposed scorecards
// on the held-out test outcomes by AUC (when test outcomes are given;
// otherwise the Test fields are 0). Missing points are filled with the
// measure's training mean (reported in Imputations). Outcomes scored by
// another scorecard are ErrMismatch; training outcomes that are all churned
// or all retained are ErrInvalid (no model separates one class). A Newton
// iteration that stops at MaxIterations returns ErrNotConverged, as a
// *success.NotConvergedError carrying the last iterate (errors.As finds it);
// no approximate fit is returned.
func FitWeights(plan *Plan, train, test []Outcome, opts WeightFitOptions) (WeightFit, error) {
	if !plan.usable() {
		return WeightFit{}, errNotCompiled
	}
	ids := plan.MeasureIDs()
	d, err := newTrainingDesign(plan, train)
	if err != nil {
		return WeightFit{}, err
	}
	if err := checkOutcomes(plan, "test", test); err != nil {
		return WeightFit{}, err
	}
	if err := opts.validate(ids).Err(); err != nil {
		return WeightFit{}, err
	}
	lambda := opts.L2
	if lambda == 0 {
		lambda = 1
	}
	imputations, err := d.impute(ids)
	if err != nil {
		return WeightFit{}, err
	}
	n := len(train)
	if d.churned == 0 || d.churned == n {
		return WeightFit{}, fmt.Errorf("%w: training outcomes need both churned and retained accounts (%d of %d churned)", ErrInvalid, d.churned, n)
	}
	var factors []float64
	if len(opts.PenaltyFactors) > 0 {
		factors = make([]float64, len(ids))
		for j, id := range ids {
			factors[j] = 1
			if f, ok := opts.PenaltyFactors[id]; ok {
				factors[j] = f
			}
		}
	}
	res, err := stat.LogisticColumns(d.cols, d.y, stat.LogisticOptions{L2: lambda, Tolerance: opts.Tolerance, MaxIterations: opts.MaxIterations, PenaltyFactors: factors})
	if errors.Is(err, stat.ErrNotConverged) {
		return WeightFit{}, notConverged(ids, res)
	}
	if err != nil {
		return WeightFit{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	f := WeightFit{L2: lambda, Iterations: res.Iterations, LogLikelihood: res.LogLik, Imputations: imputations}
	coef := func(measure string, j int, scale float64) Coefficient {
		c := Coefficient{Measure: measure, Estimate: res.Coef[j] / scale, StdErr: res.StdErr[j] / scale}
		if c.StdErr > 0 {
			c.Z = c.Estimate / c.StdErr
		}
		return c
	}
	f.Intercept = coef("", 0, 1)
	share := map[string]float64{}
	for j, id := range ids {
		c := coef(id, j+1, 100)
		if opts.MeasureAUC {
			c.AUC = measureAUC(train, j)
		}
		f.Coefficients = append(f.Coefficients, c)
		if c.Estimate < 0 {
			share[id] = -c.Estimate
		} else {
			f.Warnings = append(f.Warnings, fmt.Sprintf("measure %q: more points went with more churn (coefficient %+.4g per point); its proposed weight is 0, check its normaliser", id, c.Estimate))
		}
	}
	proposed, err := proposeScorecard(plan.Scorecard(), share)
	if err != nil {
		return WeightFit{}, err
	}
	f.Proposed = proposed
	if len(test) > 0 {
		if err := f.compare(plan, test); err != nil {
			return WeightFit{}, err
		}
	}
	return f, nil
}

// notConverged is FitWeights' error when the Newton iteration hits
// MaxIterations: a *success.NotConvergedError (wrapping ErrNotConverged)
// with the last iterate per point, as the coefficients are reported.
func notConverged(ids []string, res stat.LogisticResult) error {
	e := &success.NotConvergedError{
		Model:         "logistic regression of churn on the measures' points",
		Names:         append([]string{"intercept"}, ids...),
		Last:          make([]float64, len(res.Coef)),
		LogLikelihood: res.LogLik,
		Reason:        "the Newton (IRLS) steps did not meet the tolerance",
		Iterations:    res.Iterations,
	}
	for j, c := range res.Coef {
		if j > 0 {
			c /= 100 // per point, like Coefficient.Estimate
		}
		e.Last[j] = c
	}
	return fmt.Errorf("fitting weights: %w", e)
}

// validate reports every option outside its domain, paths relative to the options.
func (o WeightFitOptions) validate(ids []string) success.FieldErrors {
	var ps success.FieldErrors
	if !(o.L2 >= 0) || math.IsInf(o.L2, 1) {
		fielderr.Addf(&ps, ErrInvalid, "l2", "must be >= 0 and finite, got %v", o.L2)
	}
	if !(o.Tolerance >= 0) || math.IsInf(o.Tolerance, 1) {
		fielderr.Addf(&ps, ErrInvalid, "tolerance", "must be >= 0 and finite, got %v", o.Tolerance)
	}
	if o.MaxIterations < 0 || o.MaxIterations > MaxWeightFitIterations {
		fielderr.Addf(&ps, ErrInvalid, "max_iterations", "must be within 0..%d, got %d", MaxWeightFitIterations, o.MaxIterations)
	}
	for _, id := range slices.Sorted(maps.Keys(o.PenaltyFactors)) {
		path := fmt.Sprintf("penalty_factors[%q]", id)
		if f := o.PenaltyFactors[id]; !(f >= 0) || math.IsInf(f, 1) {
			fielderr.Addf(&ps, ErrInvalid, path, "must be >= 0 and finite, got %v", f)
		}
		if !slices.Contains(ids, id) {
			fielderr.Addf(&ps, ErrInvalid, path, "names no measure of the scorecard")
		}
	}
	return ps
}

func checkOutcomes(plan *Plan, name string, outcomes []Outcome) error {
	var ps success.FieldErrors
	for i := range outcomes {
		checkOutcome(plan, name, i, &outcomes[i], &ps)
	}
	return ps.Err()
}

// checkOutcome adds to ps what makes outcome i not scored by plan's
// scorecard and reports whether it was.
func checkOutcome(plan *Plan, name string, i int, o *Outcome, ps *success.FieldErrors) bool {
	if !checkScorecard(plan, name, i, o, ps) {
		return false
	}
	ok := true
	for j := range o.Score.parts.measures() {
		ok = checkMeasure(plan, name, i, j, &o.Score.parts.measures()[j], ps) && ok
	}
	return ok
}

// checkScorecard is checkOutcome's test of the scorecard and its size.
func checkScorecard(plan *Plan, name string, i int, o *Outcome, ps *success.FieldErrors) bool {
	if o.Score.ScorecardID != plan.sc.ID || len(o.Score.parts.measures()) != len(plan.measures) {
		fielderr.Addf(ps, ErrMismatch, fmt.Sprintf("%s[%d]", name, i), "account %q was scored by scorecard %q with %d measures, not %q with %d",
			o.Score.Account, o.Score.ScorecardID, len(o.Score.parts.measures()), plan.sc.ID, len(plan.measures))
		return false
	}
	return true
}

// checkMeasure is checkOutcome's test of measure j.
func checkMeasure(plan *Plan, name string, i, j int, m *MeasureScore, ps *success.FieldErrors) bool {
	// A score of plan points at plan's own info: no ID to compare.
	sameID := m.MeasureInfo == &plan.measureInfo[j] || m.ID() == plan.measures[j].id
	if !sameID || !m.Missing && !validPoints(m.Points) {
		fielderr.Addf(ps, ErrMismatch, fmt.Sprintf("%s[%d].measures[%d]", name, i, j), "measure %q with %v points does not match scorecard %q", m.ID(), m.Points, plan.sc.ID)
		return false
	}
	return true
}

// trainingDesign is the regression's design: the training outcomes'
// points/100 column by column (the layout the Newton steps read), built in
// the one pass over the outcomes that also checks them, with each
// measure's sum and count of present points for the imputation.
type trainingDesign struct {
	cols    []float64 // measure j of outcome i at cols[j·n+i]; NaN where missing until impute
	y       []bool
	churned int
	sum     []float64
	count   []int
}

func newTrainingDesign(plan *Plan, train []Outcome) (trainingDesign, error) {
	n, k := len(train), len(plan.measures)
	d := trainingDesign{cols: make([]float64, n*k), y: make([]bool, n), sum: make([]float64, k), count: make([]int, k)}
	var ps success.FieldErrors
	for i := range train {
		o := &train[i]
		if !checkScorecard(plan, "train", i, o, &ps) {
			continue
		}
		// One pass over the measures checks and lays out: the outcomes are
		// most of the memory FitWeights reads.
		for j := range o.Score.parts.measures() {
			m := &o.Score.parts.measures()[j]
			switch {
			case !checkMeasure(plan, "train", i, j, m, &ps):
			case m.Missing:
				d.cols[j*n+i] = math.NaN()
			default:
				d.sum[j] += m.Points
				d.count[j]++
				d.cols[j*n+i] = m.Points / 100
			}
		}
		d.y[i] = o.Churned
		if o.Churned {
			d.churned++
		}
	}
	return d, ps.Err()
}

// impute fills each measure's missing points with its mean points over the
// training accounts where it is present.
func (d *trainingDesign) impute(ids []string) ([]Imputation, error) {
	n := len(d.y)
	if n == 0 {
		return nil, fmt.Errorf("%w: no training outcomes", ErrInvalid)
	}
	var imputations []Imputation
	for j, id := range ids {
		if d.count[j] == 0 {
			return nil, fmt.Errorf("%w: measure %q is missing in every training outcome", ErrInvalid, id)
		}
		mean := d.sum[j] / float64(d.count[j])
		if missing := n - d.count[j]; missing > 0 {
			imputations = append(imputations, Imputation{Measure: id, Missing: missing, Points: mean})
			col := d.cols[j*n : (j+1)*n]
			for i, v := range col {
				if v != v { // NaN: missing
					col[i] = mean / 100
				}
			}
		}
	}
	return imputations, nil
}

// measureAUC is the training AUC of measure j's points alone.
func measureAUC(train []Outcome, j int) float64 {
	var points []float64
	var stayed []bool
	for _, o := range train {
		if m := o.Score.parts.measures()[j]; !m.Missing {
			points = append(points, m.Points)
			stayed = append(stayed, !o.Churned)
		}
	}
	auc, err := stat.AUC(points, stayed)
	if err != nil {
		return 0
	}
	return auc
}

// proposeScorecard sets each measure's weight to its target share and each
// group's to the sum of its descendants', so the effective weights are the
// shares normalised. A group whose shares are all zero keeps its measures'
// relative weights but gets weight 0.
func proposeScorecard(sc Scorecard, share map[string]float64) (Scorecard, error) {
	var walk func(ms []Measure, gs []Group) float64
	walk = func(ms []Measure, gs []Group) float64 {
		total := 0.0
		for i := range ms {
			total += share[ms[i].ID]
		}
		for i := range gs {
			gs[i].Weight = walk(gs[i].Measures, gs[i].Groups)
			total += gs[i].Weight
		}
		if total > 0 {
			for i := range ms {
				ms[i].Weight = share[ms[i].ID]
			}
		}
		return total
	}
	if walk(sc.Measures, sc.Groups) == 0 {
		return Scorecard{}, fmt.Errorf("%w: no measure's points went with less churn; cannot propose weights", ErrInvalid)
	}
	sc.Version++
	return sc, nil
}

// compare fills the held-out AUCs.
func (f *WeightFit) compare(plan *Plan, test []Outcome) error {
	proposed, err := Compile(f.Proposed)
	if err != nil {
		return err
	}
	// The test outcomes' measures are in plan's order; at[k] is where the
	// proposed scorecard's measure k is among them.
	at := make([]int, len(proposed.measures))
	for k, m := range proposed.measures {
		at[k] = slices.IndexFunc(plan.measures, func(pm planMeasure) bool { return pm.id == m.id })
	}
	values := make([]success.Value, len(at))
	var original, fitted []float64
	var stayed []bool
	var rescored Score
	for i := range test {
		o := &test[i]
		if !o.Score.Available {
			continue
		}
		for k, j := range at {
			values[k] = success.Value{} // missing
			if m := &o.Score.parts.measures()[j]; !m.Missing {
				values[k] = m.Input()
			}
		}
		if err := proposed.ScoreValues(&rescored, o.Score.Account, values, o.Score.AsOf, ScoreOptions{}); err != nil {
			return fmt.Errorf("test[%d]: rescoring with the proposed scorecard: %w", i, err)
		}
		if !rescored.Available {
			continue
		}
		original = append(original, o.Score.Value)
		fitted = append(fitted, rescored.Value)
		stayed = append(stayed, !o.Churned)
	}
	aucOriginal, err := stat.AUC(original, stayed)
	if err != nil {
		return fmt.Errorf("%w: test outcomes need churned and retained accounts: %v", ErrInvalid, err)
	}
	aucProposed, err := stat.AUC(fitted, stayed)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	f.TestAccounts, f.TestAUCOriginal, f.TestAUCProposed = len(original), aucOriginal, aucProposed
	if aucProposed < aucOriginal {
		f.Warnings = append(f.Warnings, fmt.Sprintf("the proposed scorecard's held-out AUC %.3f is below the original's %.3f; keep the original", aucProposed, aucOriginal))
	}
	return nil
}
