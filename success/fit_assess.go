package success

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/enum"
)

// Match is what a criterion found on an account.
type Match string

const (
	Matched    Match = "matched"     // the attribute passes the rule
	NotMatched Match = "not_matched" // the attribute is known and fails the rule
	// MatchUnknown: the account lacks the attribute. Unknown is not a
	// mismatch: the criterion's weight leaves the score, and the report says
	// how much left.
	MatchUnknown Match = "unknown"
)

// CriterionResult explains one criterion of a fit assessment.
type CriterionResult struct {
	ID         string       `json:"id"`
	Attribute  string       `json:"attribute"`
	Weight     float64      `json:"weight"`
	Disqualify Disqualifier `json:"disqualify,omitempty"`
	Match      Match        `json:"match"`
	// Satisfied is whether the criterion speaks for the customer: a match, or
	// for a must-not-have criterion, a known non-match.
	Satisfied bool `json:"satisfied"`
	// Disqualified is whether this criterion alone made the customer a bad fit.
	Disqualified bool   `json:"disqualified,omitempty"`
	Reason       string `json:"reason"`
}

// FitAssessment is the Success Potential of one account against a profile.
//
// Score = 100 × (weight of satisfied criteria) / (weight of criteria whose
// attribute is known), and 0 when no weight is known. The verdict is GoodFit
// when no disqualifier fired, at least MinKnownShare of the weight is known,
// and Score >= Threshold; otherwise BadFit.
type FitAssessment struct {
	Profile   string    `json:"profile"`
	Account   AccountID `json:"account"`
	Score     float64   `json:"score"` // 0..100
	Verdict   Verdict   `json:"verdict"`
	Threshold float64   `json:"threshold"` // the threshold applied (the default when the profile's is 0)
	// MinKnownShare is the known share of the weight the verdict required
	// (the default when the profile's is 0).
	MinKnownShare float64 `json:"min_known_share"`
	// UnknownWeight is the share (0..1) of the profile's weight whose
	// attributes the account lacks. A high share makes the score fragile.
	UnknownWeight float64 `json:"unknown_weight"`
	// DisqualifiedBy lists the criteria that forced a bad fit.
	DisqualifiedBy []string `json:"disqualified_by,omitempty"`
	// Unconfirmed lists the must-have and must-not-have criteria whose
	// attribute is unknown: they cannot disqualify, but discovery should
	// settle them before the verdict is trusted.
	Unconfirmed []string          `json:"unconfirmed,omitempty"`
	Criteria    []CriterionResult `json:"criteria"`
	Reason      string            `json:"reason"` // the verdict in one sentence
}

// Assess judges an account's fit. Attributes are read with Account.Attribute,
// so criteria may test the built-in fields segment, plan, stage, arr and
// arr_currency. An invalid profile, an empty account ID, a non-finite
// attribute value or an attribute of the wrong kind for its rule (a string
// where a range compares numbers) returns an error wrapping ErrInvalid.
//
// Only the account's ID and the attributes the criteria read are checked, not
// the whole account: fit is judged before or at the sale, when a prospect has
// no start date or ARR yet.
func (p Profile) Assess(a Account) (FitAssessment, error) {
	if err := p.Validate(); err != nil {
		return FitAssessment{}, fmt.Errorf("fit profile %q: %w", p.ID, err)
	}
	if err := a.ID.Validate(); err != nil {
		return FitAssessment{}, err
	}
	threshold, minKnown := p.Threshold, p.MinKnownShare
	if threshold == 0 {
		threshold = DefaultFitThreshold
	}
	if minKnown == 0 {
		minKnown = DefaultMinKnownShare
	}
	fa := FitAssessment{Profile: p.ID, Account: a.ID, Threshold: threshold, MinKnownShare: minKnown, Criteria: make([]CriterionResult, 0, len(p.Criteria))}
	var total, known, satisfied float64
	for _, c := range p.Criteria {
		personal := slices.Contains(p.Personal, c.Attribute)
		v, present := a.Attribute(c.Attribute)
		if present {
			if err := v.validate(); err != nil {
				return FitAssessment{}, fmt.Errorf("account %q attribute %q: %w", a.ID, c.Attribute, err)
			}
		}
		var exact *decimal.Decimal
		if d, ok := a.exactAmount(c.Attribute); ok {
			exact = &d
		}
		r, err := c.evaluate(v, present, exact, personal)
		if err != nil {
			return FitAssessment{}, fmt.Errorf("%w: account %q: criterion %q: %v", ErrInvalid, a.ID, c.ID, err)
		}
		total += c.Weight
		if r.Match != MatchUnknown {
			known += c.Weight
			if r.Satisfied {
				satisfied += c.Weight
			}
		}
		if r.Disqualified {
			fa.DisqualifiedBy = append(fa.DisqualifiedBy, c.ID)
		}
		if r.Match == MatchUnknown && c.Disqualify != NotDisqualifying {
			fa.Unconfirmed = append(fa.Unconfirmed, c.ID)
		}
		fa.Criteria = append(fa.Criteria, r)
	}
	if known > 0 {
		// 100·s/k, not 100·(s/k): with whole weights 100·s is exact and the one
		// rounded division lands exactly on a whole-number threshold (57 of 100
		// scores 57, where 100·0.57 is 56.99999999999999 and would fail 57).
		fa.Score = min(100, 100*satisfied/known)
	}
	// total > 0: Validate guarantees it. The known share is compared as known/total,
	// one rounding, for the same reason as the score.
	knownShare := known / total
	fa.UnknownWeight = (total - known) / total
	var notes []string
	switch {
	case len(fa.DisqualifiedBy) > 0:
		fa.Verdict = BadFit
		fa.Reason = "disqualified by " + strings.Join(fa.DisqualifiedBy, ", ")
	case known == 0:
		fa.Verdict = BadFit
		fa.Reason = "no weighted criterion could be judged: their attributes are unknown"
	case knownShare < minKnown:
		fa.Verdict = BadFit
		fa.Reason = fmt.Sprintf("only %.4g%% of the weight is known, below the %.4g%% a verdict needs", 100*knownShare, 100*minKnown)
	case fa.Score >= threshold:
		fa.Verdict = GoodFit
		fa.Reason = fmt.Sprintf("score %.1f >= threshold %g", fa.Score, threshold)
	default:
		fa.Verdict = BadFit
		fa.Reason = fmt.Sprintf("score %.1f < threshold %g", fa.Score, threshold)
	}
	if fa.UnknownWeight > 0 {
		notes = append(notes, fmt.Sprintf("%.0f%% of the weight unknown", 100*fa.UnknownWeight))
	}
	if len(fa.Unconfirmed) > 0 {
		notes = append(notes, "unconfirmed: "+strings.Join(fa.Unconfirmed, ", "))
	}
	if len(notes) > 0 {
		fa.Reason += "; " + strings.Join(notes, "; ")
	}
	return fa, nil
}

// evaluate applies the criterion's rule to a value that may be absent. A
// value of the wrong type (a string where the rule compares numbers) is an
// error, not a mismatch: a typing slip in host data must not disqualify a
// customer in silence. exact, when not nil, is the value's exact decimal
// (the built-in arr), which numeric rules compare instead of the float.
// personal says the value may not appear in the reason; no value ever
// appears in the error.
func (c Criterion) evaluate(v Value, present bool, exact *decimal.Decimal, personal bool) (CriterionResult, error) {
	r := CriterionResult{ID: c.ID, Attribute: c.Attribute, Weight: c.Weight, Disqualify: c.Disqualify}
	if !present && !c.Present {
		r.Match, r.Reason = MatchUnknown, fmt.Sprintf("%s is unknown", c.Attribute)
		return r, nil
	}
	if want, ok := c.wantKind(v); !ok {
		return r, fmt.Errorf("attribute %q is %s, the rule compares it with a %s", c.Attribute, v.describe(), want)
	}
	var matched bool
	var reason string
	if personal {
		matched, reason = c.testPersonal(v, present, exact)
	} else {
		matched, reason = c.test(v, present, exact)
	}
	r.Match, r.Reason = NotMatched, reason
	if matched {
		r.Match = Matched
	}
	r.Satisfied = matched != (c.Disqualify == MustNotHave)
	r.Disqualified = c.Disqualify != NotDisqualifying && !r.Satisfied
	return r, nil
}

// wantKind reports whether v has a kind the rule can compare, and names the
// kind it wants when it has not.
func (c Criterion) wantKind(v Value) (ValueKind, bool) {
	switch {
	case c.Equals != nil:
		return c.Equals.Kind(), v.Kind() == c.Equals.Kind()
	case c.OneOf != nil:
		for _, o := range c.OneOf {
			if o.Kind() == v.Kind() {
				return o.Kind(), true
			}
		}
		return c.OneOf[0].Kind(), false
	case c.Range != nil:
		return KindNumber, v.Kind() == KindNumber
	}
	return v.Kind(), true // present and custom accept any kind
}

// test applies the rule and explains it with the attribute's value, as
// long strings shortened (Value.short).
func (c Criterion) test(v Value, present bool, exact *decimal.Decimal) (bool, string) {
	shown := v.short()
	if exact != nil {
		shown = exact.String()
	}
	switch {
	case c.Present:
		if present {
			return true, fmt.Sprintf("%s is present (%s)", c.Attribute, shown)
		}
		return false, fmt.Sprintf("%s is absent", c.Attribute)
	case c.Equals != nil:
		if equalValue(v, exact, *c.Equals) {
			return true, fmt.Sprintf("%s is %s", c.Attribute, shown)
		}
		return false, fmt.Sprintf("%s is %s, want %s", c.Attribute, shown, *c.Equals)
	case c.OneOf != nil:
		for _, want := range c.OneOf {
			if equalValue(v, exact, want) {
				return true, fmt.Sprintf("%s is %s, one of %s", c.Attribute, shown, valueList(c.OneOf))
			}
		}
		return false, fmt.Sprintf("%s is %s, not one of %s", c.Attribute, shown, valueList(c.OneOf))
	case c.Range != nil:
		if !c.Range.contains(v, exact) {
			return false, fmt.Sprintf("%s is %s, outside %s", c.Attribute, shown, c.Range)
		}
		return true, fmt.Sprintf("%s is %s, within %s", c.Attribute, shown, c.Range)
	default: // Custom; Validate guarantees exactly one rule
		matched, reason := c.Custom.Test(v)
		return matched, fmt.Sprintf("%s: %s", c.Custom.Name, reason)
	}
}

// testPersonal applies the rule and explains it with the kind of the value
// and the match alone: neither the value nor the values it is compared with
// (on a match, they are the value). A range is named: it tells no more than
// the match does.
func (c Criterion) testPersonal(v Value, present bool, exact *decimal.Decimal) (bool, string) {
	attr := fmt.Sprintf("%s (personal, %s)", c.Attribute, v.Kind())
	switch {
	case c.Present:
		if present {
			return true, attr + " is present"
		}
		return false, c.Attribute + " (personal) is absent"
	case c.Equals != nil:
		if equalValue(v, exact, *c.Equals) {
			return true, attr + " equals the profile's value"
		}
		return false, attr + " does not equal the profile's value"
	case c.OneOf != nil:
		for _, want := range c.OneOf {
			if equalValue(v, exact, want) {
				return true, fmt.Sprintf("%s is one of the profile's %d values", attr, len(c.OneOf))
			}
		}
		return false, fmt.Sprintf("%s is none of the profile's %d values", attr, len(c.OneOf))
	case c.Range != nil:
		if !c.Range.contains(v, exact) {
			return false, fmt.Sprintf("%s is outside %s", attr, c.Range)
		}
		return true, fmt.Sprintf("%s is within %s", attr, c.Range)
	default: // Custom: the host's predicate writes the reason
		matched, reason := c.Custom.Test(v)
		return matched, fmt.Sprintf("%s: %s", c.Custom.Name, reason)
	}
}

// equalValue reports whether v equals want, comparing a number with its
// exact decimal when there is one.
func equalValue(v Value, exact *decimal.Decimal, want Value) bool {
	if n, ok := want.Num(); ok && exact != nil && v.Kind() == KindNumber {
		return exact.Equal(decimal.NewFromFloat(n))
	}
	return v.Equal(want)
}

// contains reports whether the number v (or its exact decimal) is within
// the range. A bound is read as the shortest decimal that rounds to it, as
// it was written (50000, not 50000.0000000000000000001).
func (r NumberRange) contains(v Value, exact *decimal.Decimal) bool {
	if exact != nil {
		return (r.Min == nil || exact.Cmp(decimal.NewFromFloat(*r.Min)) >= 0) &&
			(r.Max == nil || exact.Cmp(decimal.NewFromFloat(*r.Max)) <= 0)
	}
	n, _ := v.Num() // wantKind checked the kind
	return (r.Min == nil || n >= *r.Min) && (r.Max == nil || n <= *r.Max)
}

func valueList(vs []Value) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.short()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Validate reports whether m is one of the defined values.
func (m Match) Validate() error {
	return oneOf(m, "match", Matched, NotMatched, MatchUnknown)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (m Match) MarshalText() ([]byte, error) { return enum.Encode(m) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (m *Match) UnmarshalText(b []byte) error { return enum.Decode(m, b) }
