// Package sim simulates a B2B SaaS customer base for the examples, tests and
// benchmarks that need realistic data: a few thousand accounts signing up
// over three years, each with everything the secondsale packages read.
//
//	base, err := sim.Generate(sim.Options{Seed: 1}) // 5,000 accounts to 2026-12-01
//	for row, err := range base.Ledger() { ... }     // the MRR ledger
//
// Same seed, same data, byte for byte, on every machine (see Generate).
//
// # What is simulated
//
//   - Accounts (success.Account) signing up at a growing rate (density
//     proportional to time) across three segments by head count (smb under
//     200 employees, mid_market under 2,000, enterprise), on plans starter,
//     growth and enterprise (25, 45 and 80 USD a seat a month), billed yearly
//     (40% of mid-market and 90% of enterprise accounts) or monthly (the
//     rest, all of smb); each with an owner (one of 16 CSMs, pooled by
//     segment) and attributes: employees, industry, crm, region, data_team.
//   - Seats are a team, not the company: 5-25% of the head count in smb (3
//     to 40 seats), 2-8% in mid-market (10 to 150) and 0.3-1.5% in
//     enterprise (25 to 300) at the first sale; expansions never take them
//     beyond the head count. With the default options (seed 1) that makes
//     3,927 paying customers on AsOf with 108M USD of ARR: a mean of 28k
//     USD, a median of 17k, the top 1% above 189k. About 5% of accounts
//     have more than the profile's 5,000 employees (all bad fits); bad fits
//     are 38% of the accounts signed but 35% of today's ARR, because they
//     churn more and expand less.
//   - Success Potential: Profile() is the ideal-customer profile. 70% of
//     accounts come from the ideal population (each attribute matches with
//     probability 0.9), 30% from outside it (0.35); about 38% end up bad fit.
//     An account outside the profile's 50 to 5,000 employees is smaller (5
//     to 50) four times in five, larger (to 30,000) the fifth.
//   - A Desired Outcome per segment (one Required Outcome measured every 30
//     days while a customer, plus one to three experience requirements) and
//     four onboarding milestones.
//   - Daily active users (Customer.Usage, one float32 a day), support tickets
//     (burden.Ticket), NPS (0..10, every 90 days, 35% answer) and CSAT (1..5,
//     after 40% of tickets) responses (voice.Response).
//   - Billing lines (success.Subscription): the core seats, a new line at
//     every expansion or contraction; the Insights add-on (the cross-sell);
//     churn and downgrade events (churn.Event, with reasons and the fit
//     verdict) and reactivations. Ledger turns the lines into the MRR ledger
//     with success.NormalizeSubscriptions.
//   - One-off purchases of training credits (cohort.Transaction), for BG/NBD
//     and Gamma-Gamma.
//   - CSM at-risk flags (churn.RiskObservation): 55% of voluntary churns
//     were flagged 10 to 80 days before (expected churn), and 3% of healthy
//     accounts a quarter are flagged by mistake. Base.RiskLog feeds
//     churn.NewClassifier.
//   - CSM touchpoints (playbook.Touchpoint) with goals, and the observations
//     that meet them: e-mail 35%, in-app 25%, calls 60%, meetings 70% for a
//     good fit, ×0.6 for a bad fit.
//
// # Cause and effect
//
// The rules, with their magnitudes (hazards per month), so that the analytics
// have something true to find:
//
//   - Churn: 3% (smb), 1.5% (mid-market), 0.8% (enterprise) a month for a good
//     fit, onboarded account; ×2.5 for a bad fit, ×2 if onboarding never took
//     hold (85% of good and 55% of bad fits are onboarded), ×0.5 once the
//     Desired Outcome is achieved. Yearly contracts churn only at an
//     anniversary of the start, with the year's compounded hazard
//     (1-(1-h)^12, h as of the anniversary). Before a
//     voluntary churn usage falls off: from 60 to 140 days before it, it halves
//     every 7 to 20 days, and 40% of these churners go silent for the last 14
//     to 60 days; an acquisition and 10% of the other voluntary churns come
//     without warning. So churn's default DropOff and Decline signals catch
//     about 40% of the accounts that churn in the next 60 to 90 days and flag
//     under 1% of those that stay. A customer on AsOf draws its churn of the
//     140 days to come too, unrecorded, so that today's usage shows it as the
//     past shows the churns that happened. NPS drops 2 points in the 120 days
//     before a churn, and tickets triple in the 60 days before a churn over
//     support or a product gap. Reasons: 8% payment failure (involuntary), 6%
//     out of business (never back), 5% acquired; the rest bad_fit, product_gap,
//     price and competitor for a bad fit, poor_onboarding first for an account
//     never onboarded, champion_left, budget_cut, price and competitor
//     otherwise.
//   - Desired Outcome: achieved by 80% of good-fit onboarded accounts, 30%
//     of good fit not onboarded, 35% of bad fit onboarded, 10% otherwise,
//     between half the due time and the due date; each experience
//     requirement is met with probability 0.9 (good fit) or 0.5 (bad fit).
//   - Expansion: seats grow by 10-50% (up to the head count) with
//     probability 2% a month, ×0.3 for a bad fit, ×3 once the outcome is
//     achieved. Contraction: 0.8% a month,
//     ×2 for a bad fit and ×2 if not onboarded.
//   - Cross-sell: the Insights add-on is bought with probability 20% in each
//     of the first two months (so most cross-sell falls in the first 90 days,
//     about 80%) and 0.8% a month afterwards (×3 once the outcome is
//     achieved); a third of that for a bad fit.
//   - Reactivation: 2% (good fit) or 0.8% (bad fit) a month for 18 months
//     after a churn, at 50-100% of the former seats.
//   - Repeat purchases: 60% (good fit) or 40% (bad fit) of accounts buy
//     training credits, at a personal rate around one every 90 days,
//     dropping out after each purchase with probability 0.3 (0.45); a second
//     purchase within 30 days of the first raises the rate by half and cuts
//     the dropout to 40% of itself, so a third purchase follows far more often.
//     What a purchase costs follows the Gamma-Gamma model, independent of how
//     often the account buys: each buyer's amounts vary around its own mean
//     as Gamma(6.25, ν), and ν across buyers as Gamma(3.74, 350) (the CDNOW
//     estimates, γ scaled from dollars to the credits' price), a mean of
//     about 800 USD a purchase.
//
// Usage follows fit and onboarding: a plateau of 65% (good fit) or 45% (bad
// fit) of seats active on a weekday when onboarded, reached in about 20
// days; 20% reached in about 60 days when not; 15% more once the outcome is
// achieved; a quarter of that at weekends. Each day's active users are a
// count: every seat is active with that day's share as its chance (±15% from
// day to day for the whole team), so even a team of two, never onboarded, is
// seen on some days.
package sim
