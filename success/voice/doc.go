// Package voice measures the customer's voice: Net Promoter Score (NPS) and
// customer satisfaction (CSAT) from survey responses, per account, per
// segment and per calendar period, each with the response count and a
// confidence interval, so a team can tell a real movement from noise.
//
// NPS asks "how likely are you to recommend us?" on 0..10: 9 and 10 are
// promoters, 7 and 8 passives, 0 to 6 detractors, and NPS is the percentage
// of promoters minus the percentage of detractors, in −100..100. CSAT is the
// share of responses at or above a satisfied threshold on a scale the host
// chooses ([CSATScale]), in 0..1.
//
// A group with fewer responses than [Options.MinResponses] is reported as
// insufficient data: its InsufficientData flag is set and its figures are
// null in JSON, never a number a dashboard could show as if it meant
// something.
//
// The main entry points are [NPS] and [CSAT] (and their From forms, which
// read sequences that can fail). A respondent's comment is personal: no
// error names it.
//
// As a health measure, score an account's latest NPS with
// health.NPSNormaliser and its CSAT with health.CSATNormaliser.
package voice
