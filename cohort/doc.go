// Package cohort measures how customers stay: retention by signup cohort,
// survival analysis of time to churn, and (in the model files) projections of
// retention and customer lifetime value from the published marketing-science
// models.
//
// # Cohort tables
//
// A cohort is the set of customers whose first subscription falls in the same
// calendar period (month, quarter or year, in an explicit time zone) or who
// share a host-supplied key such as plan, segment or fit verdict. For every
// cohort and period offset since the start, a [Table] reports logo retention
// (customers still subscribed), net revenue retention (MRR retained, counting
// expansion) and gross revenue retention (MRR retained with each customer
// capped at their starting MRR, so expansion cannot hide churn). Offsets that
// the as-of date does not yet let us observe are marked unobservable rather
// than reported as zero. Tables are built from an iterator of subscription
// facts by a [TableAccumulator]; accumulators built on shards Merge into
// exactly the single-pass table.
//
// # Survival analysis
//
// [KaplanMeier] estimates the probability that a customer is still a customer
// t periods after starting, with customers still active censored at the as-of
// date. It reports, at every event time, the number at risk, events, censored,
// the survival estimate, its Greenwood standard error and a 95% confidence
// interval (log-log by default, plain and log available), plus the median
// survival time (or that it is not reached) and the restricted mean survival
// time up to a horizon. [KaplanMeierStrata] estimates one curve per stratum
// (good fit vs bad fit, contract type) and [LogRank] tests whether the strata
// differ. The estimates agree with R's survival package.
package cohort
