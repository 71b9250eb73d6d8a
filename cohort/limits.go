package cohort

// Caps on the counts a caller passes in. The cost of these calls grows with
// the number given (a projection allocates one row per period, a valuation
// evaluates the model once per period), and the number may come from a
// config file or a request, so each is bounded far beyond any real use and
// rejected with ErrInvalid past its cap, before any work is done.
const (
	// MaxPeriods caps SBG.Project's horizon, the renewals of SBG.DERL and
	// SBG.ResidualCLV, and Valuation.Periods: 1,200 periods are 100 years
	// of months (success.MaxSubscriptionMonths) or 23 years of weeks.
	MaxPeriods = 1_200
	// MaxPurchaseCount caps the purchase count n of
	// BGNBD.PurchaseCountProbability and PopulationPurchaseCountProbability,
	// whose cost grows with n.
	MaxPurchaseCount = 10_000
	// MaxFitIterations caps FitOptions.MaxIterations. A fit that converges
	// does so in tens of iterations; the default is 1,000.
	MaxFitIterations = 100_000
)
