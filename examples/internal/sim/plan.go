package sim

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/expansion"
)

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

// EntitlementSeats is the ID of the seats entitlement (Customer.Entitlements,
// PriceList).
const EntitlementSeats = "seats"

// PriceList returns the prices expansion opportunities are valued with for
// an account on plan in segment: one more seat at the plan's price and the
// Insights add-on at the segment's, both per year.
func PriceList(plan, segment string) expansion.PriceList {
	return expansion.PriceList{Currency: Currency,
		Units:    []expansion.UnitPrice{{Entitlement: EntitlementSeats, Price: cents(12 * seatCents(plan))}},
		Products: []expansion.Product{{ID: ProductInsights, ARR: cents(12 * insightsCents(segment))}},
	}
}

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

// cents returns an amount of USD cents as Money. The simulated amounts are
// bounded by construction (at most 30,000 seats, the largest head count, at list price), far inside
// what NewMoney accepts, so an error here is a bug in the simulator.
func cents(c int64) success.Money {
	m, err := success.NewMoney(decimal.New(c, -2), Currency)
	if err != nil {
		panic(fmt.Sprintf("sim: amount out of range: %v", err))
	}
	return m
}
