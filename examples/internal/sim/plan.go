package sim

// Plans of the simulated price list: a per-seat monthly list price in cents
// (USD). Yearly-billed lines charge twelve months at once.
const (
	PlanStarter    = "starter"
	PlanGrowth     = "growth"
	PlanEnterprise = "enterprise"
)

// Currency is the currency of every simulated amount.
const Currency = "USD"

// Product IDs: the core seat-based product, the Insights add-on (a flat
// monthly line, the cross-sell) and training credits (one-off repeat
// purchases, the non-contractual side of the business).
const (
	ProductCore     = "core"
	ProductInsights = "insights"
	ProductCredits  = "training_credits"
)

// seatCents is the monthly list price of one seat per plan, in cents.
func seatCents(plan string) int64 {
	switch plan {
	case PlanStarter:
		return 2500
	case PlanGrowth:
		return 4500
	default:
		return 8000
	}
}

// insightsCents is the monthly price of the Insights add-on per segment.
func insightsCents(segment string) int64 {
	switch segment {
	case SegmentSMB:
		return 9900
	case SegmentMidMarket:
		return 39900
	default:
		return 150000
	}
}
