package health

import (
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// addAll is the AddAll of both accumulators: it stops at the first bad item
// and names it by its position.
func addAll[T any](items iter.Seq[T], name string, add func(T) error) error {
	if items == nil {
		return fmt.Errorf("%w: %s: nil sequence", ErrInvalid, name)
	}
	i := 0
	for item := range items {
		if err := add(item); err != nil {
			return fmt.Errorf("%s[%d]: %w", name, i, err)
		}
		i++
	}
	return nil
}

// checkMerge rejects merging nil, and merging an accumulator into itself
// (its items would count twice).
func checkMerge[A any](a, b *A, what string) error {
	switch {
	case b == nil:
		return fmt.Errorf("%w: cannot merge a nil %s accumulator", ErrInvalid, what)
	case a == b:
		return fmt.Errorf("%w: cannot merge a %s accumulator into itself (its items would count twice)", ErrInvalid, what)
	}
	return nil
}

// decodeState decodes an accumulator's JSON state strictly into v.
func decodeState(data []byte, v any, what string) error {
	if err := strictjson.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: decoding %s state: %v", ErrInvalid, what, err)
	}
	return nil
}

// MarshalBinary encodes the accumulator's exported state as JSON, for a
// pipeline runner (an Apache Beam coder, say) to ship between workers.
func (a *BacktestAccumulator) MarshalBinary() ([]byte, error) {
	type plain BacktestAccumulator // without methods, so json does not recurse
	return json.Marshal((*plain)(a))
}

// UnmarshalBinary replaces a's state with the encoded one after checking it
// is a state Add and Merge could have built. Every problem is reported, as a
// success.FieldErrors wrapping ErrInvalid with JSON paths; on error a is
// unchanged.
func (a *BacktestAccumulator) UnmarshalBinary(data []byte) error {
	type plain BacktestAccumulator
	var s plain
	if err := decodeState(data, &s, "backtest"); err != nil {
		return err
	}
	var ps success.FieldErrors
	checkStateCurrency(&ps, s.Currency, len(s.Rows) > 0 || s.Unavailable > 0)
	for i, r := range s.Rows {
		path := "rows[" + strconv.Itoa(i) + "]"
		if r.Account == "" {
			ps.Addf(ErrInvalid, path+".account", "must not be empty")
		}
		if !validPoints(r.Value) {
			ps.Addf(ErrInvalid, path+".value", "%v outside 0..100", r.Value)
		}
		checkNotNegative(&ps, path+".arr", r.ARR)
	}
	if s.Unavailable < 0 {
		ps.Addf(ErrInvalid, "unavailable", "must be >= 0, got %d", s.Unavailable)
	}
	if s.UnavailableChurned < 0 || s.UnavailableChurned > max(s.Unavailable, 0) {
		ps.Addf(ErrInvalid, "unavailable_churned", "%d is not between 0 and unavailable %d", s.UnavailableChurned, s.Unavailable)
	}
	if err := ps.Err(); err != nil {
		return fmt.Errorf("backtest state: %w", err)
	}
	*a = BacktestAccumulator(s)
	return nil
}

// MarshalBinary encodes the accumulator's exported state as JSON, for a
// pipeline runner (an Apache Beam coder, say) to ship between workers.
func (a *PortfolioAccumulator) MarshalBinary() ([]byte, error) {
	type plain PortfolioAccumulator
	return json.Marshal((*plain)(a))
}

// UnmarshalBinary replaces a's state with the encoded one after checking it
// is a state Add and Merge could have built: counts and sums non-negative,
// the per-band, per-bucket and per-tenth counts adding up to the scored
// accounts, and the ARR totals adding up exactly. Every problem is reported,
// as a success.FieldErrors wrapping ErrInvalid with JSON paths; on error a is
// unchanged.
func (a *PortfolioAccumulator) UnmarshalBinary(data []byte) error {
	type plain PortfolioAccumulator
	var s plain
	if err := decodeState(data, &s, "portfolio"); err != nil {
		return err
	}
	var ps success.FieldErrors
	checkStateCurrency(&ps, s.Currency, s.Count != 0)
	scored := s.Count - s.Unavailable
	if s.Count < 0 || s.Unavailable < 0 || scored < 0 {
		ps.Addf(ErrInvalid, "unavailable", "count %d and unavailable %d must satisfy 0 <= unavailable <= count", s.Count, s.Unavailable)
	}
	checkNotNegative(&ps, "arr", s.ARR)
	checkNotNegative(&ps, "unavailable_arr", s.UnavailableARR)
	checkNotNegative(&ps, "scored_arr", s.ScoredARR)
	checkNotNegative(&ps, "weighted_sum", s.WeightedSum)
	checkNotNegative(&ps, "value_sum", s.ValueSum)
	checkNotNegative(&ps, "low_confidence_arr", s.LowConfidenceARR)
	if s.LowConfidence < 0 || s.LowConfidence > max(scored, 0) {
		ps.Addf(ErrInvalid, "low_confidence", "%d is not between 0 and the %d scored accounts", s.LowConfidence, scored)
	}
	if s.LowConfidenceARR.GreaterThan(s.ScoredARR) {
		ps.Addf(ErrInvalid, "low_confidence_arr", "%s exceeds scored_arr %s", s.LowConfidenceARR, s.ScoredARR)
	}
	if !s.ScoredARR.Add(s.UnavailableARR).Equal(s.ARR) {
		ps.Addf(ErrInvalid, "arr", "%s is not scored_arr %s + unavailable_arr %s", s.ARR, s.ScoredARR, s.UnavailableARR)
	}
	if s.ValueSum.GreaterThan(decimal.NewFromInt(100 * int64(max(scored, 0)))) {
		ps.Addf(ErrInvalid, "value_sum", "%s exceeds 100 points for each of %d scored accounts", s.ValueSum, scored)
	}
	if s.WeightedSum.GreaterThan(s.ScoredARR.Mul(decimal.NewFromInt(100))) {
		ps.Addf(ErrInvalid, "weighted_sum", "%s exceeds 100 points times scored_arr %s", s.WeightedSum, s.ScoredARR)
	}
	bandCount, bandARR := 0, decimal.Zero
	for _, band := range slices.Sorted(maps.Keys(s.BandCount)) {
		n := s.BandCount[band]
		if n <= 0 {
			ps.Addf(ErrInvalid, "band_count."+band, "must be > 0, got %d", n)
		}
		bandCount += n
		arr, ok := s.BandARR[band]
		if !ok {
			ps.Addf(ErrInvalid, "band_arr."+band, "is missing")
		}
		checkNotNegative(&ps, "band_arr."+band, arr)
		bandARR = bandARR.Add(arr)
	}
	for _, band := range slices.Sorted(maps.Keys(s.BandARR)) {
		if _, ok := s.BandCount[band]; !ok {
			ps.Addf(ErrInvalid, "band_arr."+band, "has no band_count")
		}
	}
	if !bandARR.Equal(s.ScoredARR) {
		ps.Addf(ErrInvalid, "band_arr", "adds up to %s, not scored_arr %s", bandARR, s.ScoredARR)
	}
	deciles, tenths := 0, 0
	for i, n := range s.Deciles {
		if n < 0 {
			ps.Addf(ErrInvalid, "deciles["+strconv.Itoa(i)+"]", "must be >= 0, got %d", n)
		}
		deciles += n
	}
	for _, k := range slices.Sorted(maps.Keys(s.Tenths)) {
		n := s.Tenths[k]
		if k < 0 || k > 1000 || n <= 0 {
			ps.Addf(ErrInvalid, "tenths."+strconv.Itoa(k), "count %d for tenth %d: want a count > 0 for a tenth in 0..1000", n, k)
		}
		tenths += n
	}
	for _, c := range []struct {
		path string
		n    int
	}{{"band_count", bandCount}, {"deciles", deciles}, {"tenths", tenths}} {
		if scored >= 0 && c.n != scored { // a negative scored is reported above
			ps.Addf(ErrInvalid, c.path, "adds up to %d, not the %d scored accounts (count - unavailable)", c.n, scored)
		}
	}
	if err := ps.Err(); err != nil {
		return fmt.Errorf("portfolio state: %w", err)
	}
	*a = PortfolioAccumulator(s)
	return nil
}

// checkStateCurrency requires a valid currency once anything was counted
// (Add takes it from the first ARR) and allows none before.
func checkStateCurrency(ps *success.FieldErrors, c success.Currency, counted bool) {
	switch {
	case c != "":
		if err := c.Validate(); err != nil {
			ps.AddErr(ErrInvalid, "currency", err)
		}
	case counted:
		ps.Addf(ErrInvalid, "currency", "is required once accounts are counted")
	}
}

func checkNotNegative(ps *success.FieldErrors, path string, d decimal.Decimal) {
	if d.IsNegative() {
		ps.Addf(ErrInvalid, path, "must be >= 0, got %s", d)
	}
}
