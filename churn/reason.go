package churn

import (
	"fmt"
	"slices"
)

// ReasonCategory names why a customer left, such as "price" or
// "poor_onboarding". The built-in categories are constants below; a host adds
// its own with Taxonomy.Define. A category is valid only if the taxonomy in use
// defines it.
type ReasonCategory string

// The built-in reason categories.
const (
	ReasonProductGap        ReasonCategory = "product_gap"        // the product lacked what the customer needed
	ReasonBadFit            ReasonCategory = "bad_fit"            // the customer never had Success Potential
	ReasonPoorOnboarding    ReasonCategory = "poor_onboarding"    // onboarding or adoption never took hold
	ReasonSupportExperience ReasonCategory = "support_experience" // support or service let them down
	ReasonChampionLeft      ReasonCategory = "champion_left"      // the champion or executive sponsor left
	ReasonBudgetCut         ReasonCategory = "budget_cut"         // the customer cut the budget line
	ReasonPrice             ReasonCategory = "price"              // too expensive for the value seen
	ReasonCompetitor        ReasonCategory = "competitor"         // moved to a competitor
	ReasonOutOfBusiness     ReasonCategory = "out_of_business"    // the customer ceased trading
	ReasonAcquired          ReasonCategory = "acquired_or_merged" // acquired by or merged into another company
	ReasonPaymentFailure    ReasonCategory = "payment_failure"    // involuntary: the payment failed and was not recovered
	ReasonOther             ReasonCategory = "other"              // none of the above; say why in the reason's detail
)

// Category describes one reason category: whether its cause is within the
// vendor's control, and whether it is an upstream (acquisition) failure rather
// than a downstream (customer success) one.
type Category struct {
	Name  ReasonCategory `json:"name"`
	Label string         `json:"label"` // for people, e.g. "Champion or sponsor left"
	// Controllable says the cause is within our control: a customer with
	// Success Potential who leaves for a controllable reason is avoidable churn.
	Controllable bool `json:"controllable"`
	// Upstream marks a failure of acquisition (selling to a customer who could
	// not succeed). Churn with an upstream reason is unavoidable downstream and
	// is reported separately as an acquisition failure.
	Upstream bool `json:"upstream"`
}

// Taxonomy is the set of reason categories a host uses. The zero Taxonomy is
// empty; DefaultTaxonomy returns the built-in categories, which a host may
// override (say, to treat budget cuts as controllable because CS owns value
// proof) or extend with its own. A Taxonomy is not safe for concurrent
// Define; reading it concurrently is safe.
type Taxonomy struct {
	categories map[ReasonCategory]Category
}

// DefaultTaxonomy returns the built-in categories with their default
// controllability. The defaults follow common customer-success practice:
// causes the vendor can act on (product, onboarding, support, price,
// competitor, failed payments through dunning) are controllable; events on the
// customer's side (budget cut, champion left, closure, acquisition) are not.
// "other" is controllable because an unexplained loss should not be excused.
// bad_fit is not controllable downstream and is marked Upstream.
func DefaultTaxonomy() *Taxonomy {
	t := &Taxonomy{}
	for _, c := range []Category{
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
		_ = t.Define(c) // built-in names are valid
	}
	return t
}

// defaultTaxonomy serves callers that pass a nil *Taxonomy; it is never changed.
var defaultTaxonomy = DefaultTaxonomy()

// Define adds the category or replaces the one with the same name. The name
// must be non-empty lower-case snake case ("data_residency"). Defining into a
// nil *Taxonomy is an error, not a panic.
func (t *Taxonomy) Define(c Category) error {
	if err := validCategoryName(c.Name); err != nil {
		return err
	}
	if t == nil {
		return fmt.Errorf("%w: define %q: nil taxonomy (start from DefaultTaxonomy() or &Taxonomy{})", ErrInvalid, string(c.Name))
	}
	if t.categories == nil {
		t.categories = make(map[ReasonCategory]Category)
	}
	if c.Label == "" {
		c.Label = string(c.Name)
	}
	t.categories[c.Name] = c
	return nil
}

// Lookup returns the category named name.
func (t *Taxonomy) Lookup(name ReasonCategory) (Category, bool) {
	if t == nil {
		return Category{}, false
	}
	c, ok := t.categories[name]
	return c, ok
}

// Categories returns every category, sorted by name.
func (t *Taxonomy) Categories() []Category {
	if t == nil {
		return nil
	}
	out := make([]Category, 0, len(t.categories))
	for _, c := range t.categories {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Category) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out
}

func validCategoryName(n ReasonCategory) error {
	if n == "" {
		return fmt.Errorf("%w: reason category name is empty", ErrInvalid)
	}
	for _, r := range n {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return fmt.Errorf("%w: reason category %q: use lower-case letters, digits and '_'", ErrInvalid, string(n))
		}
	}
	return nil
}
