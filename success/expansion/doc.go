// Package expansion judges when a customer is ready to buy again (the Second
// Sale), what to offer and what stands in the way.
//
// Existing customers buy far more readily than prospects, and most
// cross-sell opportunities come in the first 90 days after the first sale.
// But asking before the customer has reached their Desired Outcome burns the
// relationship: time is not a signal, behaviour is. [Assess] reads an
// account's Desired Outcome assessment, fit verdict, health, entitlement
// utilisation, advocacy, purchase history and open risk as of a date, and
// returns an [Assessment]: a [Level] (not ready, nurture, ready), a score
// 0..100 whose formula is documented on Assess, the [Reason]s behind it and,
// separately, the [Blocker]s that must change before asking, each with the
// numbers behind it, and [Flag]s (overage, a second purchase due).
//
// [PriceList.Opportunities] turns an assessment into expansion opportunities
// (more of an entitlement near its limit, the next tier, a product not
// owned), each with its ARR uplift; a blocked account's opportunities carry
// the blockers that stop them and are never proposable. [Backtest] checks
// the score against what happened: AUC, expansion rate and ARR gained per
// level, with lift by decile.
//
// The results of health, churn and cohort come in as plain values (a score,
// a band, booleans with reasons, a probability), so this package imports
// none of them. Every threshold is in [Options], whose zero value means the
// documented defaults.
//
//	a, err := expansion.Assess(in, asOf, expansion.Options{})
//	if a.Level == expansion.Ready { ... }
//
// Assess, AssessInto (each with its own dst) and Opportunities are pure and
// safe for concurrent use; a [BacktestAccumulator] is not, and shards merge
// instead.
//
// Errors wrap [ErrInvalid] (or [ErrCurrencyMismatch], [ErrDuplicate],
// [ErrEmpty]) and name the account and the field; like the rest of the SDK
// they, explanations and log values never quote a personal value: the
// hosts' risk notes appear in JSON results but are never logged, and an
// NPS response out of range is not repeated.
package expansion
