package cohort

import (
	"iter"
	"time"

	"github.com/secondsale/secondsale/internal/accum"

	"github.com/secondsale/secondsale/success"
)

// SummaryOptions tunes Summarize. The zero value means the defaults.
type SummaryOptions struct {
	// Location is the time zone whose calendar days merge same-day purchases
	// and measure recency and age. Default UTC.
	Location *time.Location
}

// Summarize builds the summaries of every customer who bought in the
// calibration period ending on the day of calibrationEnd, from transactions
// in any order. Transactions after that day belong to the hold-out period and
// are not summarised (a SummaryAccumulator counts them in After). Recency
// and age are measured in unit: success.Daily or success.Weekly. Invalid
// transactions are reported (as success.FieldErrors with paths like
// "transactions[12].amount"; the first 100 in full, then a count) and then
// nothing is returned: a summary built on part of a customer's purchases
// would be wrong. A customer whose first purchase falls on the last
// calibration day has age 0; the models accept that (such a customer carries
// no information yet).
//
// Summaries are an aggregate, so empty input (no transaction, or none on or
// before the calibration end) is a valid empty result: no summaries and a
// nil error. The models fitted on summaries, which estimate, report ErrEmpty
// instead. A nil sequence is ErrInvalid.
func Summarize(transactions iter.Seq[Transaction], calibrationEnd time.Time, unit success.Grain, opts SummaryOptions) ([]CustomerSummary, error) {
	return SummarizeFrom(accum.Values(transactions), calibrationEnd, unit, opts)
}

// SummarizeFrom is Summarize reading transactions that can fail to read: it
// stops at the first error transactions yields and returns it with the
// transaction's position (and the invalid transactions before it), and no
// summaries.
func SummarizeFrom(transactions iter.Seq2[Transaction, error], calibrationEnd time.Time, unit success.Grain, opts SummaryOptions) ([]CustomerSummary, error) {
	acc, err := NewSummaryAccumulator(calibrationEnd, unit, opts)
	if err != nil {
		return nil, err
	}
	if err := acc.AddFrom(transactions); err != nil {
		return nil, err
	}
	return acc.Summaries(), nil
}
