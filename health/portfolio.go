package health

import (
	"fmt"
	"iter"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/success"
)

// PortfolioEntry is one account's score and its ARR.
type PortfolioEntry struct {
	Score Score         `json:"score"`
	ARR   success.Money `json:"arr"`
}

// BandSummary is the count and ARR of the accounts in one band.
type BandSummary struct {
	Band  string        `json:"band"`
	Count int           `json:"count"`
	ARR   success.Money `json:"arr"`
	Share float64       `json:"share"` // share of the portfolio's ARR, 0..1
}

// PortfolioSummary is the result of a PortfolioAccumulator.
type PortfolioSummary struct {
	Count          int           `json:"count"`
	ARR            success.Money `json:"arr"`
	Bands          []BandSummary `json:"bands"`
	Unavailable    int           `json:"unavailable"`
	UnavailableARR success.Money `json:"unavailable_arr"`
	// ARRWeightedMean is the mean reported score weighted by ARR, over
	// available scores; Mean is the unweighted mean. Both are 0 when there
	// are none.
	ARRWeightedMean float64 `json:"arr_weighted_mean"`
	Mean            float64 `json:"mean"`
	// Deciles counts scores in ten fixed 10-point buckets, [0,10) to
	// [90,100].
	Deciles [10]int `json:"deciles"`
	// DecileCuts are the score deciles of the book: DecileCuts[i] is the
	// (i+1)·10th percentile of the reported scores (nearest rank: the
	// ceil(p·n)-th lowest), rounded down to a tenth of a point. The bottom
	// 10% of accounts score at most DecileCuts[0]. All 0 when no score is
	// available.
	DecileCuts [9]float64 `json:"decile_cuts"`
	// LowConfidence and LowConfidenceARR are the accounts among the scored
	// ones whose score rests on less of the scorecard's weight than its
	// ConfidencePolicy asks (Score.Confident false) and that no override
	// stands in for. They are counted in their bands like every other score,
	// and listed here so a report can say how much of the book is scored on
	// thin data.
	LowConfidence    int           `json:"low_confidence"`
	LowConfidenceARR success.Money `json:"low_confidence_arr"`
}

// SummarizePortfolio runs a PortfolioAccumulator over entries. A bad entry,
// or an account listed twice, is an error naming its index; nothing is
// skipped silently.
func SummarizePortfolio(entries iter.Seq[PortfolioEntry], bands []Band) (PortfolioSummary, error) {
	return SummarizePortfolioFrom(accum.Values(entries), bands)
}

// SummarizePortfolioFrom is SummarizePortfolio over a sequence that carries
// the host's read errors: a read error stops it and is returned, so a
// summary is never built on part of a file.
func SummarizePortfolioFrom(entries iter.Seq2[PortfolioEntry, error], bands []Band) (PortfolioSummary, error) {
	var a PortfolioAccumulator
	if err := a.AddFrom(entries); err != nil {
		return PortfolioSummary{}, err
	}
	return a.Result(bands), nil
}

// lowConfidence reports whether a counted score stands on a low-confidence
// computed value: an override in force is the team's call, not the data's.
func lowConfidence(s Score) bool {
	return s.Override == nil && !s.Confident
}

// checkReported checks the reported figures of a score that counts.
func checkReported(s Score) error {
	switch {
	case !validPoints(s.ReportedValue):
		return fmt.Errorf("%w: account %q: reported value %v outside 0..100", ErrInvalid, s.Account, s.ReportedValue)
	case s.ReportedBand == "":
		return fmt.Errorf("%w: account %q: reported band is empty (set ReportedValue and ReportedBand as Plan.Score does)", ErrInvalid, s.Account)
	case s.Override == nil && (s.ReportedValue != s.Value || s.ReportedBand != s.Band):
		// Band names are not quoted: a hand-built score may carry any text there.
		return fmt.Errorf("%w: account %q: reported value %v or band differs from computed value %v or band with no override", ErrInvalid, s.Account, s.ReportedValue, s.Value)
	}
	return nil
}

// UnmarshalJSON reads a portfolio entry strictly: unknown fields, repeated
// keys and wrong types are errors with their paths.
func (e *PortfolioEntry) UnmarshalJSON(data []byte) error { return decodeRecord(data, e) }
