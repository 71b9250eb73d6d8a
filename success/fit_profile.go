package success

import (
	"encoding/json"
	"fmt"

	"github.com/secondsale/secondsale/internal/enum"
)

// Profile is an ideal-customer profile: the criteria that say whether a
// customer has Success Potential, that is, whether with what we can offer now
// they are likely to reach their Desired Outcome. Bad-fit customers are the
// largest source of churn; a profile lets sales and success agree on who they are.
//
// Load profiles from JSON with LoadProfile (json.Unmarshal into a Profile is
// equally strict but cannot resolve custom predicates).
type Profile struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Threshold is the fit score (0..100) at or above which a customer is a
	// good fit. 0 means DefaultFitThreshold.
	Threshold float64 `json:"threshold,omitempty"`
	// MinKnownShare is the share of the weight (0..1) that must be known for a
	// good-fit verdict: a high score over a sliver of known facts is no
	// verdict. 0 means DefaultMinKnownShare.
	MinKnownShare float64     `json:"min_known_share,omitempty"`
	Criteria      []Criterion `json:"criteria"`
	// Personal names the attributes whose values are personal data (a
	// contact's e-mail, a phone number, a person's name). Their explanations
	// say the kind of value and whether it matched, never the value, nor
	// the values the rule compares it with (a match would reveal them).
	// Other attributes keep their values in explanations (industry is
	// "saas"), so that a reader can trace the score. Errors never quote
	// any attribute value. Custom predicates write their own reasons; for a
	// personal attribute they should not quote the value either.
	Personal []string `json:"personal,omitempty"`
}

const (
	// DefaultFitThreshold is the good-fit threshold when Profile.Threshold is 0.
	DefaultFitThreshold = 70
	// DefaultMinKnownShare is the known share of the weight a good-fit verdict
	// needs when Profile.MinKnownShare is 0.
	DefaultMinKnownShare = 0.5
)

// Disqualifier makes a criterion decide the verdict on its own.
type Disqualifier string

const (
	// NotDisqualifying: the criterion only adds to the score (the default).
	NotDisqualifying Disqualifier = ""
	// MustHave: a customer known not to match is a bad fit whatever the score.
	MustHave Disqualifier = "must_have"
	// MustNotHave: a customer known to match is a bad fit whatever the score,
	// and the criterion is satisfied when it does not match.
	MustNotHave Disqualifier = "must_not_have"
)

// Criterion is one test of an account attribute. Exactly one rule is set:
// Equals, OneOf, Range, Present or Custom.
type Criterion struct {
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
	Attribute   string `json:"attribute"`
	// Weight is the criterion's relative share of the score, >= 0. A
	// disqualifier of weight 0 decides the verdict without moving the score.
	Weight     float64      `json:"weight"`
	Disqualify Disqualifier `json:"disqualify,omitempty"`

	Equals  *Value       `json:"equals,omitempty"`
	OneOf   []Value      `json:"one_of,omitempty"`
	Range   *NumberRange `json:"range,omitempty"`
	Present bool         `json:"present,omitempty"` // matches when the attribute is there at all
	// Custom is a host predicate, named so profiles can refer to it from JSON
	// (see ProfileLoadOptions.Predicates).
	Custom *Predicate `json:"custom,omitempty"`
}

// NumberRange matches numbers between Min and Max, both inclusive; a nil
// bound is open.
type NumberRange struct {
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
}

// AtLeast returns the range [min, +inf).
func AtLeast(min float64) *NumberRange { return &NumberRange{Min: &min} }

// AtMost returns the range (-inf, max].
func AtMost(max float64) *NumberRange { return &NumberRange{Max: &max} }

// Between returns the range [min, max].
func Between(min, max float64) *NumberRange { return &NumberRange{Min: &min, Max: &max} }

// String writes the range as "[min, max]", with -inf and +inf for open bounds.
func (r NumberRange) String() string {
	lo, hi := "-inf", "+inf"
	if r.Min != nil {
		lo = fmt.Sprint(*r.Min)
	}
	if r.Max != nil {
		hi = fmt.Sprint(*r.Max)
	}
	return "[" + lo + ", " + hi + "]"
}

// PredicateFunc tests a present attribute value and says whether it matches and why.
type PredicateFunc func(v Value) (matched bool, reason string)

// Predicate is a host-defined test of an attribute value, named so that
// profiles can refer to it from JSON. Test is called only for present
// attributes.
type Predicate struct {
	Name string
	Test PredicateFunc
}

// MarshalJSON writes the predicate as its name.
func (p Predicate) MarshalJSON() ([]byte, error) { return json.Marshal(p.Name) }

// UnmarshalJSON refuses: a name alone cannot be turned back into a test
// function. Profiles that name custom predicates load with LoadProfile and
// ProfileLoadOptions.Predicates.
func (p *Predicate) UnmarshalJSON([]byte) error {
	return fmt.Errorf("%w: a custom predicate cannot be decoded alone: load the profile with LoadProfile and ProfileLoadOptions.Predicates to resolve it", ErrInvalid)
}

// Validate reports whether d is one of the defined disqualifiers.
func (d Disqualifier) Validate() error {
	return oneOf(d, "disqualifier", NotDisqualifying, MustHave, MustNotHave)
}

// MarshalText implements encoding.TextMarshaler: the name, nothing for the
// empty value, and an error for an invalid one, which could not be read back.
func (d Disqualifier) MarshalText() ([]byte, error) { return enum.Encode(d) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the value.
func (d *Disqualifier) UnmarshalText(b []byte) error { return enum.Decode(d, b) }

// rules lists the names of the criterion's rules that are set, in field order.
func (c Criterion) rules() []string {
	var set []string
	if c.Equals != nil {
		set = append(set, "equals")
	}
	if c.OneOf != nil {
		set = append(set, "one_of")
	}
	if c.Range != nil {
		set = append(set, "range")
	}
	if c.Present {
		set = append(set, "present")
	}
	if c.Custom != nil {
		set = append(set, "custom")
	}
	return set
}

// Validate checks the profile and returns every problem with its path.
func (p Profile) Validate() error {
	var errs FieldErrors
	if p.ID == "" {
		errs.addf(nil, "id", "must not be empty")
	}
	checkFinite(&errs, "threshold", p.Threshold)
	if p.Threshold < 0 || p.Threshold > 100 {
		errs.addf(nil, "threshold", "must be within [0,100], got %v", p.Threshold)
	}
	checkFinite(&errs, "min_known_share", p.MinKnownShare)
	if p.MinKnownShare < 0 || p.MinKnownShare > 1 {
		errs.addf(nil, "min_known_share", "must be within [0,1], got %v", p.MinKnownShare)
	}
	if len(p.Criteria) == 0 {
		errs.addf(nil, "criteria", "a profile needs at least one criterion")
	}
	seen := map[string]string{}
	var total float64
	for i, c := range p.Criteria {
		path := fmt.Sprintf("criteria[%d]", i)
		errs = append(errs, c.validate().prefix(path)...)
		checkUnique(&errs, seen, c.ID, path)
		if c.Weight > 0 && c.Weight <= MaxWeight {
			total += c.Weight
		}
	}
	if len(p.Criteria) > 0 && total == 0 {
		errs.addf(nil, "criteria", "weights sum to 0; at least one criterion needs a positive weight")
	}
	for i, name := range p.Personal {
		if name == "" {
			errs.addf(nil, fmt.Sprintf("personal[%d]", i), "must not be empty")
		}
	}
	return errs.Err()
}

func (c Criterion) validate() FieldErrors {
	var p FieldErrors
	if c.ID == "" {
		p.addf(nil, "id", "must not be empty")
	}
	if c.Attribute == "" {
		p.addf(nil, "attribute", "must not be empty")
	}
	checkWeight(&p, "weight", c.Weight)
	if err := c.Disqualify.Validate(); err != nil {
		p.addErr(nil, "disqualify", err)
	}
	// A second rule is reported at its own field, so that a loader can tell it
	// apart from problems elsewhere in the criterion.
	rules := c.rules()
	if len(rules) == 0 {
		p.addf(nil, "", "needs one rule: equals, one_of, range, present or custom")
	}
	for _, extra := range rules[min(1, len(rules)):] {
		p.addf(nil, extra, "a criterion has exactly one rule, and %s is set already", rules[0])
	}
	if c.Equals != nil {
		if err := c.Equals.validate(); err != nil {
			p.addErr(nil, "equals", err)
		}
	}
	if c.OneOf != nil && len(c.OneOf) == 0 {
		p.addf(nil, "one_of", "must list at least one value")
	}
	for i, v := range c.OneOf {
		if err := v.validate(); err != nil {
			p.addErr(nil, fmt.Sprintf("one_of[%d]", i), err)
		}
	}
	if r := c.Range; r != nil {
		if r.Min == nil && r.Max == nil {
			p.addf(nil, "range", "needs min, max or both")
		}
		if r.Min != nil {
			checkFinite(&p, "range.min", *r.Min)
		}
		if r.Max != nil {
			checkFinite(&p, "range.max", *r.Max)
		}
		if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
			p.addf(nil, "range", "min %v is above max %v", *r.Min, *r.Max)
		}
	}
	if c.Custom != nil && (c.Custom.Name == "" || c.Custom.Test == nil) {
		p.addf(nil, "custom", "a predicate needs a name and a test function")
	}
	return p
}
