// Package burden measures Reduction of Burden: how much support a customer
// needs for the use they make of the product, and how much less (or more) it
// needs than in a baseline period.
//
// Burden of an account in a period is its weighted tickets per unit of usage
// (active users or key actions, as the host counts them). A ticket's weight is
// its type weight times its severity weight, both from the host's [Weights]
// table, raised for a negative thread sentiment s by the factor
// 1 + NegativeFactor·max(0, −s). Reduction of Burden is the relative fall
// (baseline − current) / baseline. Support time saved is the time the current
// usage would have cost at the baseline's handling hours per unit of usage,
// minus the hours actually spent; cost saved is that times an hourly cost.
//
// A period without usage has no burden, and a baseline with zero burden has
// no reduction: such figures are undefined ([Quantity] with Defined false,
// JSON null), never a division by zero. [Compare] is the entry point; every
// figure it returns carries what it is made of.
package burden
