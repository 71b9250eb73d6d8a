// Package health scores how healthy a customer account is, explains every
// score, keeps its history, scores millions of accounts per second for
// pipelines, and proves (or disproves) that the score predicts churn.
//
// A health score is the customer-success team's early-warning system: a single
// number and colour per account, built from signals such as product adoption,
// support load, relationship strength and the CSM's own judgement. Teams
// distrust scores they cannot trace, that move without a reason, or that stay
// green while accounts churn. This package answers each complaint:
//
//   - A Scorecard is data: measures (each turning a raw input into points
//     0..100 by a linear range, step tiers, a boolean, categories or a host
//     function), nested weighted groups, bands (red/yellow/green by default),
//     a policy for missing inputs, critical measures that cap the band
//     ("payment failed" forces red) and subjective (manual) measures. Build it
//     in Go or load it from JSON with LoadScorecard, which reports every
//     problem at once with its path. A Set (CompileSet, LoadSet) picks the
//     scorecard per segment and lifecycle stage.
//   - Compile turns a Scorecard into a Plan. Plan.Score returns a Score that
//     carries each measure's input, points, effective weight and contribution
//     (the contributions add up to the value), what was missing, which caps
//     applied, the subjective share and any manual Override beside the
//     computed value. It also says how much it knows: KnownShare is the
//     share of the weight whose inputs are present, and a score below the
//     scorecard's ConfidencePolicy (half the weight by default) is flagged
//     not Confident, or unavailable, as the policy says. A category a
//     categorical measure does not list is an error unless the measure has
//     DefaultPoints. A Score holds its measures and groups itself, so
//     Plan.Score allocates nothing for a scorecard of up to 16 measures in
//     up to 6 groups; Plan.ScoreInto (inputs by ID) and Plan.ScoreValues
//     (inputs by position) write into a reused Score, allocation-free for
//     larger scorecards too. Explain lists what moved between two scores,
//     biggest effect first.
//   - A Store keeps score history (MemoryStore is the embedded default;
//     healthtest checks any implementation); ComputeTrend says whether an
//     account is going up, down or flat, and PortfolioAccumulator summarises a
//     book of business by band and ARR.
//   - Plan.ScoreColumns scores columns of inputs into a caller's slice with no
//     allocation per account, with results equal to Plan.Score exactly.
//   - Backtest measures whether low scores preceded churn (ROC AUC, churn and
//     ARR lost per band, lift by decile, calibration) and FitWeights proposes
//     weights learned from outcomes by L2-regularised logistic regression.
//
// BacktestAccumulator and PortfolioAccumulator follow the SDK's one
// accumulator contract, written once in internal/accum (its package comment
// is the full statement): the zero value is empty; Add takes one item, AddAll
// a sequence and AddFrom a sequence carrying the host's read errors, each
// stopping at the first bad item or read error, which it names by position,
// with the items before it kept; Merge(*A) combines shards into exactly the
// one-pass state and rejects nil, itself and an account already counted,
// changing nothing when it fails; Result extracts; MarshalBinary and
// UnmarshalBinary encode the unexported state as versioned JSON and decode it
// strictly, changing nothing when decoding fails. Each is an Apache Beam
// combine function as it stands. Every account is counted once: the same
// account twice, in one pass or across merged shards, is ErrDuplicate naming
// it. Backtest and SummarizePortfolio have BacktestFrom and
// SummarizePortfolioFrom forms for sequences that carry read errors.
//
// Records a host decodes from JSON (Inputs, Score snapshots, Outcome,
// PortfolioEntry, Override) are read as strictly as scorecards: unknown
// fields, repeated keys and wrong types are errors with their paths, naming
// what was expected and never quoting the value. In Inputs, null is a
// missing input.
//
// Time is always an argument: scoring "as of 1 March" is as easy as today.
//
//	plan, err := health.Compile(scorecard)
//	score, err := plan.Score("acme", health.Inputs{"logins": success.NumberValue(12)}, asOf, health.ScoreOptions{})
package health
