// Package cohort measures how customers stay: retention by signup cohort,
// survival analysis of time to churn, and projections of retention and
// customer lifetime value from the published marketing-science models.
//
// # Cohort tables
//
// A cohort is the set of customers whose first subscription falls in the same
// calendar period (month, quarter or year, in an explicit time zone) or who
// share a host-supplied key such as plan, segment or fit verdict. For every
// cohort and period offset since the start, a [Table] reports logo retention
// (customers still paying), net revenue retention (MRR retained, expansion
// included) and gross revenue retention (each customer's MRR capped at its
// starting MRR, so expansion cannot hide churn and contraction). Offsets the
// as-of date does not yet let us observe are marked unobservable, never
// reported as zero.
//
// The input is an iterator of [Fact] values, one per customer and period, as
// a billing system's MRR snapshots produce them. [BuildTable] builds a table
// in one pass; a [TableAccumulator] does the same incrementally, and
// accumulators built on shards Merge into exactly the single-pass result, so
// the table can be computed in parallel or in a pipeline. Memory depends on
// the number of cohorts and offsets only. Each cell carries its numerators
// and denominators (customers reached and retained, starting, current and
// capped MRR), so every rate can be traced to the sums behind it.
// [Table.WriteCSV] exports the table in long form.
//
//	table, err := cohort.BuildTable(facts, asOf, time.UTC, cohort.TableOptions{Period: cohort.PeriodMonth})
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
// hold the reference values.
//
// # Retention projection and lifetime value
//
// For subscriptions, [FitSBG] fits the shifted-beta-geometric model of Fader
// & Hardie (2007) to cohorts' survivor counts and projects retention,
// expected and discounted lifetimes. For repeat purchases without contracts,
// [FitBGNBD] (Fader, Hardie & Lee 2005) predicts who is still alive and how
// many purchases each customer will make, [FitGammaGamma] their average
// spend, and [CustomerLifetimeValue] combines both into a discounted value.
//
// # JSON
//
// Results and input records encode with snake_case keys, enumerations by
// name ("log-log", "month", "start_period", "week"), money as
// {"amount":"120.00","currency":"USD"} and a table's location by its IANA
// name, so a host can serve them as they are and decode inputs from JSON.
// JSON has no NaN or infinity: a figure that is not available is null, as in
// churn.Ratio: a median or confidence limit not reached, a step's hazard
// standard error once survival is 0, a cell's rate where it is undefined, a
// log-rank test that is undefined (with log_rank_undefined saying why).
// Decoding validates enumerations and locations.
//
// # Accumulators
//
// [TableAccumulator] and [SummaryAccumulator] have the shape of every
// accumulator in the SDK (see "Accumulators" in the README): a constructor,
// Add and AddAll, Merge(*A) combining shards into exactly the one-pass state,
// an extract (Table, Summaries), and MarshalBinary/UnmarshalBinary encoding
// the state, so each is an Apache Beam combine function as it stands.
package cohort
