package voice

import "fmt"

// CSATScale is the host's satisfaction scale: responses run from Min to Max
// and those at or above SatisfiedFrom count as satisfied. The common 1..5
// scale with 4 and 5 satisfied is CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}.
type CSATScale struct {
	Min           float64 `json:"min"`
	Max           float64 `json:"max"`
	SatisfiedFrom float64 `json:"satisfied_from"`
}

// Validate reports whether the scale is usable: finite, Min < Max and
// SatisfiedFrom within (Min, Max].
func (s CSATScale) Validate() error {
	if s.Min-s.Min != 0 || s.Max-s.Max != 0 || s.SatisfiedFrom-s.SatisfiedFrom != 0 {
		return invalidf("scale: min, max and satisfied_from must be finite")
	}
	if !(s.Min < s.Max) {
		return invalidf("scale.max: must be > min (%v), got %v", s.Min, s.Max)
	}
	if !(s.SatisfiedFrom > s.Min && s.SatisfiedFrom <= s.Max) {
		return invalidf("scale.satisfied_from: must be within (%v, %v], got %v", s.Min, s.Max, s.SatisfiedFrom)
	}
	return nil
}

func (s CSATScale) classify(x float64) (satisfied, _ bool, problem string) {
	if !(x >= s.Min && x <= s.Max) {
		return false, false, fmt.Sprintf("score: must be on the scale %v..%v, got a value %s", s.Min, s.Max, scoreKind(x))
	}
	return x >= s.SatisfiedFrom, false, ""
}
