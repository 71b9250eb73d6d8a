package health

import (
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// PortfolioEntry is one account's score and its ARR.
type PortfolioEntry struct {
	Score Score         `json:"score"`
	ARR   success.Money `json:"arr"`
}

// PortfolioAccumulator summarises a book of business: how many accounts and
// how much ARR sit in each band, the ARR-weighted mean score, and the spread
// of scores both in ten fixed 10-point buckets and as decile cut points. It uses the reported value and band, so
// a CSM's override counts as the team's call. Its state is plain exported
// data (JSON-encodable), and Merge combines shards into exactly the result of
// one pass: money and weighted sums are kept in decimal, never float.
//
// The zero value is an empty accumulator.
type PortfolioAccumulator struct {
	Currency       success.Currency           `json:"currency,omitempty"`
	Count          int                        `json:"count"`
	ARR            decimal.Decimal            `json:"arr"`
	BandCount      map[string]int             `json:"band_count,omitempty"`
	BandARR        map[string]decimal.Decimal `json:"band_arr,omitempty"`
	Unavailable    int                        `json:"unavailable"`
	UnavailableARR decimal.Decimal            `json:"unavailable_arr"`
	ScoredARR      decimal.Decimal            `json:"scored_arr"`   // ARR of available scores
	WeightedSum    decimal.Decimal            `json:"weighted_sum"` // sum of ARR * value over available scores
	ValueSum       decimal.Decimal            `json:"value_sum"`    // sum of values, for the unweighted mean
	Deciles        [10]int                    `json:"deciles"`      // [0,10), [10,20), ..., [90,100]
	// LowConfidence counts the scored accounts whose computed score was not
	// Confident and that no override stands in for.
	LowConfidence    int             `json:"low_confidence"`
	LowConfidenceARR decimal.Decimal `json:"low_confidence_arr"`
	// Tenths counts reported values by tenth of a point: key k holds the
	// values that round down to k/10 (100 is key 1000). DecileCuts are read
	// from it, exactly and mergeably.
	Tenths map[int]int `json:"tenths,omitempty"`
}

// Add counts one account by its reported value and band (the override where
// one stands, else the computed ones). An invalid or negative ARR, a currency
// that differs from earlier entries, a reported value outside 0..100, an empty
// reported band, or reported figures that differ from the computed ones
// without an override (a Score built by hand that set only Value and Band) is
// an error and leaves the accumulator as it was. An unavailable score counts as
// unavailable unless a value override stands in for it.
func (a *PortfolioAccumulator) Add(e PortfolioEntry) error {
	if err := checkARR(e.Score.Account, e.ARR, a.Currency, "portfolio"); err != nil {
		return err
	}
	s := e.Score
	// An unavailable score still counts when a value override stands in.
	scored := s.Available || s.Override != nil && s.Override.Value != nil
	if scored {
		if err := checkReported(s); err != nil {
			return err
		}
	}
	a.Currency = e.ARR.Currency()
	arr := e.ARR.Amount()
	a.Count++
	a.ARR = a.ARR.Add(arr)
	if !scored {
		a.Unavailable++
		a.UnavailableARR = a.UnavailableARR.Add(arr)
		return nil
	}
	if a.BandCount == nil {
		a.BandCount, a.BandARR = map[string]int{}, map[string]decimal.Decimal{}
	}
	a.BandCount[s.ReportedBand]++
	a.BandARR[s.ReportedBand] = a.BandARR[s.ReportedBand].Add(arr)
	v := decimal.NewFromFloat(s.ReportedValue)
	a.ScoredARR = a.ScoredARR.Add(arr)
	a.WeightedSum = a.WeightedSum.Add(arr.Mul(v))
	a.ValueSum = a.ValueSum.Add(v)
	a.Deciles[min(int(s.ReportedValue/10), 9)]++
	if lowConfidence(s) {
		a.LowConfidence++
		a.LowConfidenceARR = a.LowConfidenceARR.Add(arr)
	}
	if a.Tenths == nil {
		a.Tenths = map[int]int{}
	}
	a.Tenths[int(v.Shift(1).IntPart())]++
	return nil
}

// AddAll adds every entry of entries. It stops at the first bad entry and
// returns its error, naming it by its position in entries; the entries before
// it stay added. A nil sequence is ErrInvalid.
func (a *PortfolioAccumulator) AddAll(entries iter.Seq[PortfolioEntry]) error {
	return addAll(entries, "entries", a.Add)
}

// Merge adds the accounts counted by b, which is not modified. Merging nil or
// a into itself is ErrInvalid; a failed merge leaves a unchanged.
func (a *PortfolioAccumulator) Merge(b *PortfolioAccumulator) error {
	if err := checkMerge(a, b, "portfolio"); err != nil {
		return err
	}
	if err := mergeCurrency(&a.Currency, b.Currency, "portfolio"); err != nil {
		return err
	}
	a.Count += b.Count
	a.ARR = a.ARR.Add(b.ARR)
	a.Unavailable += b.Unavailable
	a.UnavailableARR = a.UnavailableARR.Add(b.UnavailableARR)
	if len(b.BandCount) > 0 && a.BandCount == nil {
		a.BandCount, a.BandARR = map[string]int{}, map[string]decimal.Decimal{}
	}
	for band, n := range b.BandCount {
		a.BandCount[band] += n
		a.BandARR[band] = a.BandARR[band].Add(b.BandARR[band])
	}
	a.ScoredARR = a.ScoredARR.Add(b.ScoredARR)
	a.WeightedSum = a.WeightedSum.Add(b.WeightedSum)
	a.ValueSum = a.ValueSum.Add(b.ValueSum)
	a.LowConfidence += b.LowConfidence
	a.LowConfidenceARR = a.LowConfidenceARR.Add(b.LowConfidenceARR)
	for i := range a.Deciles {
		a.Deciles[i] += b.Deciles[i]
	}
	if len(b.Tenths) > 0 && a.Tenths == nil {
		a.Tenths = map[int]int{}
	}
	for k, n := range b.Tenths {
		a.Tenths[k] += n
	}
	return nil
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

// Result returns the summary with bands in the order given (typically
// Plan.Bands()), then any other bands seen, by name. Every band in order is
// listed, with zero counts where empty.
func (a *PortfolioAccumulator) Result(order []Band) PortfolioSummary {
	money := func(d decimal.Decimal) success.Money {
		if d.IsZero() {
			d = decimal.Decimal{} // one zero, whether added to or decoded
		}
		m, _ := success.NewMoney(d, a.Currency)
		if a.Currency == "" {
			return success.Money{}
		}
		return m
	}
	out := PortfolioSummary{Count: a.Count, ARR: money(a.ARR), Unavailable: a.Unavailable, UnavailableARR: money(a.UnavailableARR), Deciles: a.Deciles,
		LowConfidence: a.LowConfidence, LowConfidenceARR: money(a.LowConfidenceARR)}
	for _, band := range reportOrder(order, slices.Sorted(maps.Keys(a.BandCount))) {
		bs := BandSummary{Band: band, Count: a.BandCount[band], ARR: money(a.BandARR[band])}
		if a.ARR.IsPositive() {
			bs.Share = a.BandARR[band].Div(a.ARR).InexactFloat64()
		}
		out.Bands = append(out.Bands, bs)
	}
	if a.ScoredARR.IsPositive() {
		out.ARRWeightedMean = a.WeightedSum.DivRound(a.ScoredARR, 16).InexactFloat64()
	}
	if scored := a.Count - a.Unavailable; scored > 0 {
		out.Mean = a.ValueSum.DivRound(decimal.NewFromInt(int64(scored)), 16).InexactFloat64()
		out.DecileCuts = a.decileCuts(scored)
	}
	return out
}

// decileCuts walks the tenths from the lowest up to find the nearest-rank
// percentiles 10, 20, ..., 90 of n scores.
func (a *PortfolioAccumulator) decileCuts(n int) [9]float64 {
	var cuts [9]float64
	seen, d := 0, 0
	for _, k := range slices.Sorted(maps.Keys(a.Tenths)) {
		seen += a.Tenths[k]
		for ; d < len(cuts) && seen*10 >= (d+1)*n; d++ { // rank ceil((d+1)n/10) reached
			cuts[d] = float64(k) / 10
		}
	}
	return cuts
}

// SummarizePortfolio runs a PortfolioAccumulator over entries. A bad entry is
// an error naming its index; nothing is skipped silently.
func SummarizePortfolio(entries iter.Seq[PortfolioEntry], bands []Band) (PortfolioSummary, error) {
	var a PortfolioAccumulator
	if err := a.AddAll(entries); err != nil {
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
		return fmt.Errorf("%w: account %q: reported %v %q differs from computed %v %q with no override", ErrInvalid, s.Account, s.ReportedValue, s.ReportedBand, s.Value, s.Band)
	}
	return nil
}
