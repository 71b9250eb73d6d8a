package churn

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/secondsale/secondsale/internal/strictjson"
)

// ReasonCode names why a customer left, such as "price" or
// "poor_onboarding". The built-in codes are constants below; a host adds its
// own with Taxonomy.Define. A code is valid only if the taxonomy in use
// defines it.
type ReasonCode string

// The built-in reason codes.
const (
	ReasonProductGap        ReasonCode = "product_gap"        // the product lacked what the customer needed
	ReasonBadFit            ReasonCode = "bad_fit"            // the customer never had Success Potential
	ReasonPoorOnboarding    ReasonCode = "poor_onboarding"    // onboarding or adoption never took hold
	ReasonSupportExperience ReasonCode = "support_experience" // support or service let them down
	ReasonChampionLeft      ReasonCode = "champion_left"      // the champion or executive sponsor left
	ReasonBudgetCut         ReasonCode = "budget_cut"         // the customer cut the budget line
	ReasonPrice             ReasonCode = "price"              // too expensive for the value seen
	ReasonCompetitor        ReasonCode = "competitor"         // moved to a competitor
	ReasonOutOfBusiness     ReasonCode = "out_of_business"    // the customer ceased trading
	ReasonAcquired          ReasonCode = "acquired_or_merged" // acquired by or merged into another company
	ReasonPaymentFailure    ReasonCode = "payment_failure"    // involuntary: the payment failed and was not recovered
	ReasonOther             ReasonCode = "other"              // none of the above; say why in the reason's detail
)

// ReasonDefinition is a Taxonomy's entry for one reason code: whether its
// cause is within the vendor's control, and whether it is an upstream
// (acquisition) failure rather than a downstream (customer success) one.
type ReasonDefinition struct {
	Code  ReasonCode `json:"code"`
	Label string     `json:"label"` // for people, e.g. "Champion or sponsor left"
	// Controllable says the cause is within our control: a customer with
	// Success Potential who leaves for a controllable reason is avoidable churn.
	Controllable bool `json:"controllable"`
	// Upstream marks a failure of acquisition (selling to a customer who could
	// not succeed). Churn with an upstream reason is unavoidable downstream and
	// is reported separately as an acquisition failure.
	Upstream bool `json:"upstream"`
}

// Taxonomy is the set of reason definitions a host uses. The zero Taxonomy is
// empty; DefaultTaxonomy returns the built-in definitions, which a host may
// override (say, to treat budget cuts as controllable because CS owns value
// proof) or extend with its own. A Taxonomy is not safe for concurrent
// Define; reading it concurrently is safe.
type Taxonomy struct {
	definitions map[ReasonCode]ReasonDefinition
}

// DefaultTaxonomy returns the built-in reason codes with their default
// controllability. The defaults follow common customer-success practice:
// causes the vendor can act on (product, onboarding, support, price,
// competitor, failed payments through dunning) are controllable; events on the
// customer's side (budget cut, champion left, closure, acquisition) are not.
// "other" is controllable because an unexplained loss should not be excused.
// bad_fit is not controllable downstream and is marked Upstream.
func DefaultTaxonomy() *Taxonomy {
	t := &Taxonomy{}
	for _, d := range []ReasonDefinition{
		{ReasonProductGap, "Product gap", true, false},
		{ReasonBadFit, "Bad fit", false, true},
		{ReasonPoorOnboarding, "Poor onboarding or adoption", true, false},
		{ReasonSupportExperience, "Support experience", true, false},
		{ReasonChampionLeft, "Champion or sponsor left", false, false},
		{ReasonBudgetCut, "Budget cut", false, false},
		{ReasonPrice, "Price", true, false},
		{ReasonCompetitor, "Competitor", true, false},
		{ReasonOutOfBusiness, "Customer went out of business", false, false},
		{ReasonAcquired, "Customer acquired or merged", false, false},
		{ReasonPaymentFailure, "Payment failure", true, false},
		{ReasonOther, "Other", true, false},
	} {
		_ = t.Define(d) // built-in codes are valid
	}
	return t
}

// defaultTaxonomy serves callers that pass a nil *Taxonomy; it is never changed.
var defaultTaxonomy = DefaultTaxonomy()

// Define adds the definition or replaces the one with the same code. The
// code must be non-empty lower-case snake case ("data_residency"). Defining
// into a nil *Taxonomy is an error, not a panic.
func (t *Taxonomy) Define(d ReasonDefinition) error {
	if err := validReasonCode(d.Code); err != nil {
		return err
	}
	if t == nil {
		return fmt.Errorf("%w: define %q: nil taxonomy (start from DefaultTaxonomy() or &Taxonomy{})", ErrInvalid, string(d.Code))
	}
	if t.definitions == nil {
		t.definitions = make(map[ReasonCode]ReasonDefinition)
	}
	if d.Label == "" {
		d.Label = string(d.Code)
	}
	t.definitions[d.Code] = d
	return nil
}

// Lookup returns the definition of code.
func (t *Taxonomy) Lookup(code ReasonCode) (ReasonDefinition, bool) {
	if t == nil {
		return ReasonDefinition{}, false
	}
	d, ok := t.definitions[code]
	return d, ok
}

// Definitions returns every definition, sorted by code.
func (t *Taxonomy) Definitions() []ReasonDefinition {
	if t == nil {
		return nil
	}
	out := slices.Collect(maps.Values(t.definitions))
	slices.SortFunc(out, func(a, b ReasonDefinition) int { return strings.Compare(string(a.Code), string(b.Code)) })
	return out
}

func validReasonCode(c ReasonCode) error {
	if c == "" {
		return fmt.Errorf("%w: reason code is empty", ErrInvalid)
	}
	for _, r := range c {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return fmt.Errorf("%w: reason code %s: use lower-case letters, digits and '_'", ErrInvalid, strictjson.QuoteName(string(c)))
		}
	}
	return nil
}
