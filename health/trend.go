package health

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/success"
)

// TrendDirection is where an account's score is heading.
type TrendDirection string

const (
	TrendUp      TrendDirection = "up"      // rose by more than the threshold
	TrendDown    TrendDirection = "down"    // fell by more than the threshold
	TrendFlat    TrendDirection = "flat"    // moved by no more than the threshold
	TrendUnknown TrendDirection = "unknown" // fewer than two available scores in the window
)

// TrendOptions are optional settings of ComputeTrend; the zero value means
// defaults.
type TrendOptions struct {
	// Threshold is the change in points beyond which the trend is up or down
	// rather than flat; 0 means 5 points.
	Threshold float64
}

// Trend summarises an account's computed score over a window ending at AsOf.
// Manual overrides are ignored: a trend follows what the data says.
type Trend struct {
	Account     success.AccountID `json:"account"`
	AsOf        time.Time         `json:"as_of"`
	Window      time.Duration     `json:"window"`
	Direction   TrendDirection    `json:"direction"`
	First       float64           `json:"first"`         // earliest available value in the window
	Last        float64           `json:"last"`          // latest available value in the window
	Change      float64           `json:"change"`        // Last - First, in points
	SlopePerDay float64           `json:"slope_per_day"` // least-squares slope, points per day
	Points      int               `json:"points"`        // available scores used
	Unavailable int               `json:"unavailable"`   // unavailable scores in the window, not used
}

// ComputeTrend computes the trend as of asOf over the window [asOf-window,
// asOf] from one account's scores, given in any order; scores outside the
// window are ignored. The window is closed at both ends, so a score taken
// exactly at asOf counts; Store.Range is half-open [from, to), so read the
// scores with StoreTrend, or with Range(ctx, id, asOf-window, asOf+1ns).
// Scores of several accounts (ErrMismatch), an available score whose value is
// NaN, infinite or outside 0..100, a non-positive window or a negative
// threshold are errors (ErrInvalid, naming the score by position and as-of).
func ComputeTrend(scores []Score, asOf time.Time, window time.Duration, opts TrendOptions) (Trend, error) {
	if window <= 0 {
		return Trend{}, fmt.Errorf("%w: trend window must be > 0, got %s", ErrInvalid, window)
	}
	threshold := opts.Threshold
	if !(threshold >= 0) || !finite(threshold) {
		return Trend{}, fmt.Errorf("%w: trend threshold must be >= 0 and finite, got %v", ErrInvalid, threshold)
	}
	if threshold == 0 {
		threshold = 5
	}
	tr := Trend{AsOf: asOf, Window: window, Direction: TrendUnknown}
	start := asOf.Add(-window)
	var in []Score
	for i, s := range scores {
		if i == 0 {
			tr.Account = s.Account
		} else if s.Account != tr.Account {
			return Trend{}, fmt.Errorf("%w: scores[%d] is for account %q, scores[0] for %q", ErrMismatch, i, s.Account, tr.Account)
		}
		if s.Available && !validPoints(s.Value) {
			// A NaN would make the slope NaN and the direction "flat".
			return Trend{}, fmt.Errorf("%w: scores[%d] (as of %s): an available score's value must be finite and within 0..100, got %v",
				ErrInvalid, i, s.AsOf.Format(time.RFC3339Nano), s.Value)
		}
		if s.AsOf.Before(start) || s.AsOf.After(asOf) {
			continue
		}
		if !s.Available {
			tr.Unavailable++
			continue
		}
		in = append(in, s)
	}
	slices.SortStableFunc(in, func(a, b Score) int { return a.AsOf.Compare(b.AsOf) })
	tr.Points = len(in)
	if len(in) < 2 {
		return tr, nil
	}
	tr.First, tr.Last = in[0].Value, in[len(in)-1].Value
	tr.Change = tr.Last - tr.First
	tr.SlopePerDay = slopePerDay(in, start)
	switch {
	case tr.Change > threshold:
		tr.Direction = TrendUp
	case tr.Change < -threshold:
		tr.Direction = TrendDown
	default:
		tr.Direction = TrendFlat
	}
	return tr, nil
}

// slopePerDay is the ordinary least-squares slope of value on days since
// start. All scores at one instant give a slope of 0.
func slopePerDay(in []Score, start time.Time) float64 {
	n := float64(len(in))
	var mx, my float64
	for _, s := range in {
		mx += s.AsOf.Sub(start).Hours() / 24
		my += s.Value
	}
	mx, my = mx/n, my/n
	var sxy, sxx float64
	for _, s := range in {
		dx := s.AsOf.Sub(start).Hours()/24 - mx
		sxy += dx * (s.Value - my)
		sxx += dx * dx
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}

// StoreTrend reads the account's scores in the window from a store and
// computes their trend.
func StoreTrend(ctx context.Context, st Store, account success.AccountID, asOf time.Time, window time.Duration, opts TrendOptions) (Trend, error) {
	if st == nil {
		return Trend{}, errNilStore
	}
	scores, err := st.Range(ctx, account, asOf.Add(-window), asOf.Add(time.Nanosecond))
	if err != nil {
		return Trend{}, err
	}
	tr, err := ComputeTrend(scores, asOf, window, opts)
	tr.Account = account
	return tr, err
}

// Validate reports whether d is one of the defined values.
func (d TrendDirection) Validate() error {
	return enum.OneOf(d, "trend direction", ErrInvalid, TrendUp, TrendDown, TrendFlat, TrendUnknown)
}

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (d *TrendDirection) UnmarshalText(b []byte) error { return enum.Decode(d, b) }

// MarshalText implements encoding.TextMarshaler (flag.TextVar, text
// encoders); an invalid value is an error, so what is written reads back.
func (d TrendDirection) MarshalText() ([]byte, error) { return enum.Encode(d) }
