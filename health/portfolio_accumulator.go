package health

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// PortfolioAccumulator summarises a book of business: how many accounts and
// how much ARR sit in each band, the ARR-weighted mean score, and the spread
// of scores both in ten fixed 10-point buckets and as decile cut points. It
// uses the reported value and band, so a CSM's override counts as the team's
// call. Money and weighted sums are kept in decimal, never float, so Merge
// combines shards into exactly the result of one pass.
//
// It follows the SDK's accumulator contract (package doc): the zero value is
// empty, Add, AddAll and AddFrom take entries, Merge combines shards, Result
// extracts, and MarshalBinary/UnmarshalBinary are its coder. It keeps the ID
// of every account counted (the ID's length plus about 50 bytes each, in
// memory and in its encoding), so that an account counted twice, within a
// shard or across merged shards, is an error naming it.
type PortfolioAccumulator struct {
	s portfolioState
	// accounts holds every account counted; it is encoded as the sorted
	// list portfolioState.Accounts.
	accounts map[success.AccountID]struct{}
}

// portfolioState is the encoded state of a PortfolioAccumulator. Accounts is
// filled only while encoding and decoding.
type portfolioState struct {
	Currency       success.Currency           `json:"currency,omitempty"`
	Accounts       []success.AccountID        `json:"accounts"`
	ARR            decimal.Decimal            `json:"arr"`
	BandCount      map[string]int             `json:"band_count,omitempty"`
	BandARR        map[string]decimal.Decimal `json:"band_arr,omitempty"`
	Unavailable    int                        `json:"unavailable"`
	UnavailableARR decimal.Decimal            `json:"unavailable_arr"`
	ScoredARR      decimal.Decimal            `json:"scored_arr"`   // ARR of available scores
	WeightedSum    decimal.Decimal            `json:"weighted_sum"` // sum of ARR * value over available scores
	ValueSum       decimal.Decimal            `json:"value_sum"`    // sum of values, for the unweighted mean
	Deciles        bucketCounts               `json:"deciles"`      // [0,10), [10,20), ..., [90,100]
	// LowConfidence counts the scored accounts whose computed score was not
	// Confident and that no override stands in for.
	LowConfidence    int             `json:"low_confidence"`
	LowConfidenceARR decimal.Decimal `json:"low_confidence_arr"`
	// Tenths counts reported values by tenth of a point: key k holds the
	// values that round down to k/10 (100 is key 1000). DecileCuts are read
	// from it, exactly and mergeably.
	Tenths map[int]int `json:"tenths,omitempty"`
}

const (
	portfolioKind    = "health.portfolio"
	portfolioVersion = 1
)

// Add counts one account by its reported value and band (the override where
// one stands, else the computed ones). An empty account, an account already
// counted (ErrDuplicate, naming it), an invalid or negative ARR, a currency
// that differs from earlier entries, a reported value outside 0..100, an
// empty reported band, or reported figures that differ from the computed
// ones without an override (a Score built by hand that set only Value and
// Band) is an error and leaves the accumulator as it was. An unavailable
// score counts as unavailable unless a value override stands in for it.
func (a *PortfolioAccumulator) Add(e PortfolioEntry) error {
	s := e.Score
	if s.Account == "" {
		return fmt.Errorf("%w: portfolio entry has an empty account", ErrInvalid)
	}
	if _, dup := a.accounts[s.Account]; dup {
		return duplicateAccount(s.Account, "portfolio")
	}
	if err := checkARR(s.Account, e.ARR, a.s.Currency, "portfolio"); err != nil {
		return err
	}
	// An unavailable score still counts when a value override stands in.
	scored := s.Available || s.Override != nil && s.Override.Value != nil
	if scored {
		if err := checkReported(s); err != nil {
			return err
		}
	}
	if a.accounts == nil {
		a.accounts = map[success.AccountID]struct{}{}
	}
	a.accounts[s.Account] = struct{}{}
	st := &a.s
	st.Currency = e.ARR.Currency()
	arr := e.ARR.Amount()
	st.ARR = st.ARR.Add(arr)
	if !scored {
		st.Unavailable++
		st.UnavailableARR = st.UnavailableARR.Add(arr)
		return nil
	}
	if st.BandCount == nil {
		st.BandCount, st.BandARR = map[string]int{}, map[string]decimal.Decimal{}
	}
	st.BandCount[s.ReportedBand]++
	st.BandARR[s.ReportedBand] = st.BandARR[s.ReportedBand].Add(arr)
	v := decimal.NewFromFloat(s.ReportedValue)
	st.ScoredARR = st.ScoredARR.Add(arr)
	st.WeightedSum = st.WeightedSum.Add(arr.Mul(v))
	st.ValueSum = st.ValueSum.Add(v)
	st.Deciles[bucketOf(s.ReportedValue)]++
	if lowConfidence(s) {
		st.LowConfidence++
		st.LowConfidenceARR = st.LowConfidenceARR.Add(arr)
	}
	if st.Tenths == nil {
		st.Tenths = map[int]int{}
	}
	st.Tenths[int(v.Shift(1).IntPart())]++
	return nil
}

// AddAll adds every entry of entries. It stops at the first bad entry and
// returns its error, naming it by its position in entries; the entries before
// it stay added. A nil sequence is ErrInvalid.
func (a *PortfolioAccumulator) AddAll(entries iter.Seq[PortfolioEntry]) error {
	return a.AddFrom(accum.Values(entries))
}

// AddFrom is AddAll over a sequence that carries the host's read errors: it
// stops at the first read error and returns it (wrapped, so errors.Is finds
// it), with the entries before it added.
func (a *PortfolioAccumulator) AddFrom(entries iter.Seq2[PortfolioEntry, error]) error {
	return accum.AddFrom(entries, "entries", ErrInvalid, a.Add)
}

// Merge adds the accounts counted by b, which is not modified. Merging nil or
// a into itself is ErrInvalid, an account counted by both is ErrDuplicate
// naming it, and a failed merge leaves a unchanged.
func (a *PortfolioAccumulator) Merge(b *PortfolioAccumulator) error {
	if err := accum.CheckMerge(a, b, "portfolio", ErrInvalid); err != nil {
		return err
	}
	if err := checkCurrencies(a.s.Currency, b.s.Currency, "portfolio"); err != nil {
		return err
	}
	if err := checkDisjoint(a.accounts, b.accounts, "portfolio"); err != nil {
		return err
	}
	x, y := &a.s, &b.s
	if x.Currency == "" {
		x.Currency = y.Currency
	}
	a.accounts = addAccounts(a.accounts, b.accounts)
	x.ARR = x.ARR.Add(y.ARR)
	x.Unavailable += y.Unavailable
	x.UnavailableARR = x.UnavailableARR.Add(y.UnavailableARR)
	if len(y.BandCount) > 0 && x.BandCount == nil {
		x.BandCount, x.BandARR = map[string]int{}, map[string]decimal.Decimal{}
	}
	for band, n := range y.BandCount {
		x.BandCount[band] += n
		x.BandARR[band] = x.BandARR[band].Add(y.BandARR[band])
	}
	x.ScoredARR = x.ScoredARR.Add(y.ScoredARR)
	x.WeightedSum = x.WeightedSum.Add(y.WeightedSum)
	x.ValueSum = x.ValueSum.Add(y.ValueSum)
	x.LowConfidence += y.LowConfidence
	x.LowConfidenceARR = x.LowConfidenceARR.Add(y.LowConfidenceARR)
	for i := range x.Deciles {
		x.Deciles[i] += y.Deciles[i]
	}
	if len(y.Tenths) > 0 && x.Tenths == nil {
		x.Tenths = map[int]int{}
	}
	for k, n := range y.Tenths {
		x.Tenths[k] += n
	}
	return nil
}

// Result returns the summary with bands in the order given (typically
// Plan.Bands()), then any other bands seen, by name. Every band in order is
// listed, with zero counts where empty.
func (a *PortfolioAccumulator) Result(order []Band) PortfolioSummary {
	st := &a.s
	money := func(d decimal.Decimal) success.Money {
		if st.Currency == "" {
			return success.Money{}
		}
		if d.IsZero() {
			d = decimal.Decimal{} // one zero, whether added to or decoded
		}
		m, _ := success.NewMoney(d, st.Currency)
		return m
	}
	count := len(a.accounts)
	out := PortfolioSummary{Count: count, ARR: money(st.ARR), Unavailable: st.Unavailable, UnavailableARR: money(st.UnavailableARR), Deciles: [10]int(st.Deciles),
		LowConfidence: st.LowConfidence, LowConfidenceARR: money(st.LowConfidenceARR)}
	for _, band := range reportOrder(order, slices.Sorted(maps.Keys(st.BandCount))) {
		bs := BandSummary{Band: band, Count: st.BandCount[band], ARR: money(st.BandARR[band])}
		if st.ARR.IsPositive() {
			bs.Share = st.BandARR[band].Div(st.ARR).InexactFloat64()
		}
		out.Bands = append(out.Bands, bs)
	}
	if st.ScoredARR.IsPositive() {
		out.ARRWeightedMean = st.WeightedSum.DivRound(st.ScoredARR, 16).InexactFloat64()
	}
	if scored := count - st.Unavailable; scored > 0 {
		out.Mean = st.ValueSum.DivRound(decimal.NewFromInt(int64(scored)), 16).InexactFloat64()
		out.DecileCuts = a.decileCuts(scored)
	}
	return out
}

// decileCuts walks the tenths from the lowest up to find the nearest-rank
// percentiles 10, 20, ..., 90 of n scores.
func (a *PortfolioAccumulator) decileCuts(n int) [9]float64 {
	var cuts [9]float64
	seen, d := 0, 0
	for _, k := range slices.Sorted(maps.Keys(a.s.Tenths)) {
		seen += a.s.Tenths[k]
		for ; d < len(cuts) && seen*10 >= (d+1)*n; d++ { // rank ceil((d+1)n/10) reached
			cuts[d] = float64(k) / 10
		}
	}
	return cuts
}

// MarshalBinary encodes the accumulator's state in the SDK's versioned
// envelope, for a pipeline runner (an Apache Beam coder, say) to ship
// between workers.
func (a *PortfolioAccumulator) MarshalBinary() ([]byte, error) {
	s := a.s
	s.Accounts = sortedAccounts(a.accounts)
	return accum.Encode(portfolioKind, portfolioVersion, s)
}

// UnmarshalBinary replaces a's state with the encoded one after checking it
// is a state Add and Merge could have built: accounts listed once, counts
// and sums non-negative, the per-band, per-bucket and per-tenth counts
// adding up to the scored accounts, and the ARR totals adding up exactly.
// Every problem is reported, as a success.FieldErrors wrapping ErrInvalid
// with JSON paths; on error a is unchanged.
func (a *PortfolioAccumulator) UnmarshalBinary(data []byte) error {
	var s portfolioState
	if _, err := accum.Decode(data, portfolioKind, portfolioVersion, &s, ErrInvalid); err != nil {
		return err
	}
	var ps success.FieldErrors
	accounts := make(map[success.AccountID]struct{}, len(s.Accounts))
	for i, id := range s.Accounts {
		checkStateAccount(&ps, "accounts["+strconv.Itoa(i)+"]", id, accounts)
	}
	s.checkSums(&ps, len(s.Accounts))
	if err := ps.Err(); err != nil {
		return fmt.Errorf("portfolio state: %w", err)
	}
	s.Accounts = nil
	a.s, a.accounts = s, accounts
	return nil
}

// checkSums reports every way the counts and sums of a decoded state differ
// from what Add and Merge build for count accounts.
func (s *portfolioState) checkSums(ps *success.FieldErrors, count int) {
	checkStateCurrency(ps, s.Currency, count != 0)
	scored := count - s.Unavailable
	if s.Unavailable < 0 || scored < 0 {
		fielderr.Addf(ps, ErrInvalid, "unavailable", "%d must be between 0 and the %d accounts", s.Unavailable, count)
	}
	amountsOK := true
	for _, f := range []struct {
		path string
		d    decimal.Decimal
	}{{"arr", s.ARR}, {"unavailable_arr", s.UnavailableARR}, {"scored_arr", s.ScoredARR}, {"weighted_sum", s.WeightedSum}, {"value_sum", s.ValueSum}, {"low_confidence_arr", s.LowConfidenceARR}} {
		amountsOK = checkStateAmount(ps, f.path, f.d) && amountsOK
	}
	for _, band := range slices.Sorted(maps.Keys(s.BandARR)) {
		amountsOK = checkStateAmount(ps, "band_arr."+band, s.BandARR[band]) && amountsOK
	}
	if s.LowConfidence < 0 || s.LowConfidence > max(scored, 0) {
		fielderr.Addf(ps, ErrInvalid, "low_confidence", "%d is not between 0 and the %d scored accounts", s.LowConfidence, scored)
	}
	s.checkCounts(ps, scored)
	if amountsOK {
		s.checkAmounts(ps, scored)
	}
}

// checkAmounts reports the ARR totals and score sums that do not add up,
// once every amount is known to be within the state bounds. The messages name
// the fields, not the amounts.
func (s *portfolioState) checkAmounts(ps *success.FieldErrors, scored int) {
	if s.LowConfidenceARR.GreaterThan(s.ScoredARR) {
		fielderr.Addf(ps, ErrInvalid, "low_confidence_arr", "exceeds scored_arr")
	}
	if !s.ScoredARR.Add(s.UnavailableARR).Equal(s.ARR) {
		fielderr.Addf(ps, ErrInvalid, "arr", "is not scored_arr + unavailable_arr")
	}
	if s.ValueSum.GreaterThan(decimal.NewFromInt(100).Mul(decimal.NewFromInt(int64(max(scored, 0))))) {
		fielderr.Addf(ps, ErrInvalid, "value_sum", "exceeds 100 points for each of %d scored accounts", scored)
	}
	if s.WeightedSum.GreaterThan(s.ScoredARR.Mul(decimal.NewFromInt(100))) {
		fielderr.Addf(ps, ErrInvalid, "weighted_sum", "exceeds 100 points times scored_arr")
	}
	bandARR := decimal.Zero
	for band := range s.BandCount { // a band_arr without a count is reported by checkCounts
		bandARR = bandARR.Add(s.BandARR[band])
	}
	if !bandARR.Equal(s.ScoredARR) {
		fielderr.Addf(ps, ErrInvalid, "band_arr", "does not add up to scored_arr")
	}
}

// checkCounts reports the band, bucket and tenth counts that are out of
// range, overflow or do not add up to the scored accounts.
func (s *portfolioState) checkCounts(ps *success.FieldErrors, scored int) {
	// A sum that overflows is reported once, where it overflows, and is not
	// compared with the scored accounts.
	bandCount, deciles, tenths := 0, 0, 0
	var bandOver, decilesOver, tenthsOver bool
	for _, band := range slices.Sorted(maps.Keys(s.BandCount)) {
		n := s.BandCount[band]
		if n <= 0 {
			fielderr.Addf(ps, ErrInvalid, "band_count."+band, "must be > 0, got %d", n)
		}
		if !bandOver && !addCount(&bandCount, n) {
			bandOver = true
			fielderr.Addf(ps, ErrInvalid, "band_count."+band, "the band counts overflow an int")
		}
		if _, ok := s.BandARR[band]; !ok {
			fielderr.Addf(ps, ErrInvalid, "band_arr."+band, "is missing")
		}
	}
	for _, band := range slices.Sorted(maps.Keys(s.BandARR)) {
		if _, ok := s.BandCount[band]; !ok {
			fielderr.Addf(ps, ErrInvalid, "band_arr."+band, "has no band_count")
		}
	}
	for i, n := range s.Deciles {
		if n < 0 {
			fielderr.Addf(ps, ErrInvalid, "deciles["+strconv.Itoa(i)+"]", "must be >= 0, got %d", n)
		}
		if !decilesOver && !addCount(&deciles, n) {
			decilesOver = true
			fielderr.Addf(ps, ErrInvalid, "deciles["+strconv.Itoa(i)+"]", "the bucket counts overflow an int")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.Tenths)) {
		n := s.Tenths[k]
		if k < 0 || k > 1000 || n <= 0 {
			fielderr.Addf(ps, ErrInvalid, "tenths."+strconv.Itoa(k), "count %d for tenth %d: want a count > 0 for a tenth in 0..1000", n, k)
		}
		if !tenthsOver && !addCount(&tenths, n) {
			tenthsOver = true
			fielderr.Addf(ps, ErrInvalid, "tenths."+strconv.Itoa(k), "the tenth counts overflow an int")
		}
	}
	for _, c := range []struct {
		path     string
		n        int
		overflow bool
	}{{"band_count", bandCount, bandOver}, {"deciles", deciles, decilesOver}, {"tenths", tenths, tenthsOver}} {
		if scored >= 0 && !c.overflow && c.n != scored { // a negative scored is reported above
			fielderr.Addf(ps, ErrInvalid, c.path, "adds up to %d, not the %d scored accounts (accounts - unavailable)", c.n, scored)
		}
	}
}
