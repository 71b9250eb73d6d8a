// Package cohort measures how customers stay: retention by signup cohort,
// survival analysis of time to churn, and projections of retention and
// customer lifetime value from the published marketing-science models.
//
// # Cohort tables
//
// A cohort is the set of customers who first paid in the same calendar
// period (month, quarter or year) or who share a host-supplied key such as
// plan, segment or fit verdict. For every cohort and period offset since the
// start, a [Table] reports logo retention (customers still paying), net
// revenue retention (MRR retained, expansion included) and gross revenue
// retention (each customer's MRR capped at its starting MRR, so expansion
// cannot hide churn and contraction). Offsets the as-of date does not yet let
// us observe are marked unobservable, never reported as zero.
//
// The input is the MRR ledger (success.LedgerRow) that churn.Movements reads
// too, in any order. Customers are accounts, counted once: a customer's MRR
// in a period is the sum of its lines on its last observed date in the
// period, and its cohort and starting MRR are those of the first period it
// pays in, worked out by the table itself. The same ledger at the same grain
// gives the same customers and MRR here and in churn.Movements. [BuildTable]
// builds a table in one pass; a [TableAccumulator] does the same
// incrementally. Each cell carries its numerators and denominators
// (customers reached and retained, starting, current and capped MRR), so
// every rate can be traced to the sums behind it. [Table.WriteCSV] exports
// the table in long form.
//
//	table, err := cohort.BuildTable(rows, asOf, cohort.TableOptions{Grain: success.Monthly})
//
// # Survival analysis
//
// [KaplanMeier] estimates the probability that a customer is still a customer
// t periods after starting, with customers still active censored at the as-of
// date ([ObserveSpells] turns start and churn dates into such observations).
// At every observed time it reports the number at risk, churn events,
// censored customers, the survival estimate, its Greenwood standard error and
// a 95% confidence interval (log-log by default; plain and log available); the
// curve also carries the median survival time (or that it is not reached) and
// the restricted mean survival time up to a horizon with its standard error.
// [KaplanMeierByStratum] estimates one curve per stratum (good fit vs bad fit,
// contract type) together with the [LogRank] test of whether the strata
// retain differently, with each stratum's observed and expected churn (or
// the reason the test is undefined). Estimates agree with R's survival
// package (survfit, survdiff) to 1e-6 on the IBM Telco churn data; the tests
// hold the reference values. A [SurvivalAccumulator] gives the same curves
// and test, bit for bit, from shards merged on many machines: its state is
// the churns and censorings at each distinct time per stratum, not one
// record per customer.
//
// # Competing risks: the time to the Second Sale
//
// Expansion and churn compete: a customer who churns can no longer expand,
// so one minus a Kaplan-Meier curve of the time to expansion that censors
// churners overstates expansion. [CumulativeIncidence] estimates the
// cumulative incidence of each competing event (Aalen-Johansen) from
// [CompetingObservation]s (a duration and the first event: expansion, churn,
// a host's own kinds, or none yet), with the number at risk, events and
// censorings at every time, standard errors and pointwise intervals.
// [VarianceJackknife], the default, is the infinitesimal jackknife R's
// survfit reports for multi-state curves; [VarianceDelta] is the delta
// method of cmprsk::cuminc. [CumulativeIncidenceByStratum] adds Gray's test
// ([GrayTest]) of whether strata (good against bad fit, onboarding cohorts)
// differ in the incidence of an event. Estimates agree with R (survfit and
// cmprsk) on the mgus2 competing-risks data; the tests hold the R calls.
//
// # Retention projection and lifetime value
//
// For subscriptions, [FitSBG] fits the shifted-beta-geometric model of Fader
// & Hardie (2007) to cohorts' survivor counts and projects retention,
// expected and discounted lifetimes. For repeat purchases without contracts,
// [FitBGNBD] (Fader, Hardie & Lee 2005) predicts who is still alive and how
// many purchases each customer will make, [FitGammaGamma] their average
// spend, and [CustomerLifetimeValue] combines both into a discounted value.
// The fits' cost grows with the distinct (frequency, recency, age) histories,
// not the customers: equal summaries are merged (and [CompressSummaries] or
// [CustomerSummary.Count] lets a host pass them merged), so millions of
// customers fit in about a second with finite standard errors. For many
// customers, [BGNBD.ProbabilityAliveInto], [BGNBD.ExpectedPurchasesInto] and
// [CustomerLifetimeValuesInto] write predictions into a caller's slice,
// equal to the one-customer methods, allocating nothing per customer.
//
// A fit polishes its estimate with Newton steps after BFGS, so it sits at
// the maximum of the likelihood, not on a flat spot near it; one that does
// not converge returns an error wrapping [ErrNotConverged] (the SDK's one
// success.ErrNotConverged) that is a *success.NotConvergedError carrying the
// last iterate and why it stopped, never NaN parameters.
//
// # JSON
//
// Results and input records encode with snake_case keys, enumerations by
// name ("log-log", "month", "start_period", "week") and money as
// {"amount":"120.00","currency":"USD"}, so a host can serve them as they are
// and decode inputs from JSON.
// JSON has no NaN or infinity: a figure that is not available is null, as in
// churn.Ratio: a median or confidence limit not reached, a step's hazard
// standard error once survival is 0, a cell's rate where it is undefined, a
// log-rank test that is undefined (with log_rank_undefined saying why).
// Decoding validates enumerations.
//
// # Accumulators
//
// [TableAccumulator], [SummaryAccumulator], [SurvivalAccumulator] and
// [IncidenceAccumulator] follow the SDK's one
// accumulator contract, as every aggregate does (churn.Movements, health's
// backtest and portfolio): Add takes an item; AddAll and AddFrom stop at the
// first bad item or read error and name its position, the items before it
// staying added; Merge(*A) combines shards into exactly the one-pass state
// and rejects nil and itself, changing nothing when it fails; an extract
// (Table, Summaries, Pooled, ByStratum); MarshalBinary and UnmarshalBinary encode an unexported
// state as versioned JSON and decode it strictly. Each is an Apache Beam
// combine function as it stands.
//
// # Limits and privacy
//
// Every count a caller passes is capped far beyond real use and rejected
// with [ErrInvalid] past its cap before any work: [MaxPeriods] (projection
// horizons, renewals, valuation periods), [MaxPurchaseCount] and
// [MaxFitIterations]. A valuation's series share one budget of terms, past
// which it returns [ErrNotConverged]. Dates must lie in the years 1 to 9999.
// Errors name the field, the kind and the length of a bad value, never the
// value itself; account IDs are the host's and do appear, so hosts should
// not use e-mail addresses as IDs.
//
// # Empty input
//
// Where the answer is a count or a sum (a cohort table, customer summaries),
// empty input is an empty answer, never an error. Where the answer is an
// estimate (Kaplan-Meier, log-rank, a model fit), empty input is [ErrEmpty]:
// there is nothing to estimate from. A nil sequence is not empty input but a
// host bug: every entry point that reads a sequence ([BuildTable],
// [Summarize], [ObserveSpells], [KaplanMeier], [KaplanMeierByStratum],
// [LogRank], [CumulativeIncidence], [CumulativeIncidenceByStratum], their
// From forms and the accumulators' AddAll and AddFrom)
// returns [ErrInvalid] for it.
package cohort
