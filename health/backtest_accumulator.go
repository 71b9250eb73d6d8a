package health

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strconv"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/stat"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// BacktestAccumulator collects outcomes for a backtest. It follows the SDK's
// accumulator contract (package doc): the zero value is empty and ready to
// use, Add, AddAll and AddFrom take outcomes, Merge combines shards, Result
// extracts, and MarshalBinary/UnmarshalBinary are its coder.
//
// AUC and deciles need every score, so it keeps one small row per account
// with an available score (its ID, value, band, outcome and ARR: about 100
// bytes plus the ID) and the ID of every account without one; Result sorts
// the rows first, so any split into shards merged in any order gives exactly
// the one-pass result. Keeping the IDs is also what lets it reject an account
// counted twice, within a shard or across shards.
//
// The backtest judges the computed score (Score.Value and Score.Band), not
// manual overrides: it asks whether the model predicts churn.
type BacktestAccumulator struct {
	s backtestState
	// accounts holds every account counted, for the duplicate check; it is
	// rebuilt from the rows on decode, never encoded.
	accounts map[success.AccountID]struct{}
}

// backtestState is the encoded state of a BacktestAccumulator.
type backtestState struct {
	Currency    success.Currency     `json:"currency,omitempty"`
	Rows        []backtestRow        `json:"rows"`
	Unavailable []unavailableOutcome `json:"unavailable"` // accounts without an available score, left out
}

// backtestRow is the part of an Outcome a backtest keeps.
type backtestRow struct {
	Account success.AccountID `json:"account"`
	Value   float64           `json:"value"`
	Band    string            `json:"band"`
	Churned bool              `json:"churned"`
	ARR     decimal.Decimal   `json:"arr"`
}

// unavailableOutcome is an account the backtest leaves out for want of a
// score; it is kept to report how many churned and to reject duplicates.
type unavailableOutcome struct {
	Account success.AccountID `json:"account"`
	Churned bool              `json:"churned"`
}

const (
	backtestKind    = "health.backtest"
	backtestVersion = 1
)

// Add records one outcome. An empty account, an account already counted (an
// error wrapping ErrDuplicate that names it, whatever the two outcomes say),
// a bad or negative ARR, or a currency different from earlier outcomes is an
// error and changes nothing.
func (a *BacktestAccumulator) Add(o Outcome) error {
	s := o.Score
	if s.Account == "" {
		return fmt.Errorf("%w: outcome has an empty account", ErrInvalid)
	}
	if _, dup := a.accounts[s.Account]; dup {
		return duplicateAccount(s.Account, "backtest")
	}
	if err := checkARR(s.Account, o.ARR, a.s.Currency, "backtest"); err != nil {
		return err
	}
	if s.Available && !validPoints(s.Value) {
		return fmt.Errorf("%w: account %q: score %v outside 0..100", ErrInvalid, s.Account, s.Value)
	}
	a.s.Currency = o.ARR.Currency()
	if a.accounts == nil {
		a.accounts = map[success.AccountID]struct{}{}
	}
	a.accounts[s.Account] = struct{}{}
	if !s.Available {
		a.s.Unavailable = append(a.s.Unavailable, unavailableOutcome{Account: s.Account, Churned: o.Churned})
		return nil
	}
	a.s.Rows = append(a.s.Rows, backtestRow{Account: s.Account, Value: s.Value, Band: s.Band, Churned: o.Churned, ARR: o.ARR.Amount()})
	return nil
}

// AddAll adds every outcome of outcomes. It stops at the first bad outcome
// and returns its error, naming it by its position in outcomes; the outcomes
// before it stay added. A nil sequence is ErrInvalid.
func (a *BacktestAccumulator) AddAll(outcomes iter.Seq[Outcome]) error {
	return a.AddFrom(accum.Values(outcomes))
}

// AddFrom is AddAll over a sequence that carries the host's read errors: it
// stops at the first read error and returns it (wrapped, so errors.Is finds
// it), with the outcomes before it added.
func (a *BacktestAccumulator) AddFrom(outcomes iter.Seq2[Outcome, error]) error {
	return accum.AddFrom(outcomes, "outcomes", ErrInvalid, a.Add)
}

// Merge adds the outcomes collected by b, which is not modified. Merging nil
// or a into itself is ErrInvalid, an account counted by both is ErrDuplicate
// naming it, and a failed merge leaves a unchanged.
func (a *BacktestAccumulator) Merge(b *BacktestAccumulator) error {
	if err := accum.CheckMerge(a, b, "backtest", ErrInvalid); err != nil {
		return err
	}
	if err := checkCurrencies(a.s.Currency, b.s.Currency, "backtest"); err != nil {
		return err
	}
	if err := checkDisjoint(a.accounts, b.accounts, "backtest"); err != nil {
		return err
	}
	if a.s.Currency == "" {
		a.s.Currency = b.s.Currency
	}
	a.s.Rows = append(a.s.Rows, b.s.Rows...)
	a.s.Unavailable = append(a.s.Unavailable, b.s.Unavailable...)
	a.accounts = addAccounts(a.accounts, b.accounts)
	return nil
}

// MarshalBinary encodes the accumulator's state in the SDK's versioned
// envelope, for a pipeline runner (an Apache Beam coder, say) to ship
// between workers.
func (a *BacktestAccumulator) MarshalBinary() ([]byte, error) {
	s := a.s
	if s.Rows == nil {
		s.Rows = []backtestRow{}
	}
	if s.Unavailable == nil {
		s.Unavailable = []unavailableOutcome{}
	}
	return accum.Encode(backtestKind, backtestVersion, s)
}

// UnmarshalBinary replaces a's state with the encoded one after checking it
// is a state Add and Merge could have built. Every problem is reported, as a
// success.FieldErrors wrapping ErrInvalid with JSON paths; on error a is
// unchanged.
func (a *BacktestAccumulator) UnmarshalBinary(data []byte) error {
	var s backtestState
	if _, err := accum.Decode(data, backtestKind, backtestVersion, &s, ErrInvalid); err != nil {
		return err
	}
	var ps success.FieldErrors
	checkStateCurrency(&ps, s.Currency, len(s.Rows)+len(s.Unavailable) > 0)
	accounts := make(map[success.AccountID]struct{}, len(s.Rows)+len(s.Unavailable))
	for i, r := range s.Rows {
		path := "rows[" + strconv.Itoa(i) + "]"
		checkStateAccount(&ps, path+".account", r.Account, accounts)
		if !validPoints(r.Value) {
			fielderr.Addf(&ps, ErrInvalid, path+".value", "%v outside 0..100", r.Value)
		}
		checkStateAmount(&ps, path+".arr", r.ARR)
	}
	for i, u := range s.Unavailable {
		checkStateAccount(&ps, "unavailable["+strconv.Itoa(i)+"].account", u.Account, accounts)
	}
	if err := ps.Err(); err != nil {
		return fmt.Errorf("backtest state: %w", err)
	}
	a.s, a.accounts = s, accounts
	return nil
}

// Result computes the report. It needs at least one churned and one retained
// account with an available score.
func (a *BacktestAccumulator) Result(bands []Band) (BacktestReport, error) {
	rows := slices.Clone(a.s.Rows)
	slices.SortFunc(rows, func(x, y backtestRow) int {
		if c := cmp.Compare(x.Value, y.Value); c != 0 {
			return c
		}
		return cmp.Compare(x.Account, y.Account)
	})
	r := BacktestReport{Accounts: len(rows), Unavailable: len(a.s.Unavailable), Currency: a.s.Currency}
	values := make([]float64, len(rows))
	stayed := make([]bool, len(rows))
	churned := make([]bool, len(rows))
	for i, row := range rows {
		if !validPoints(row.Value) { // Add and UnmarshalBinary keep these out; never index by one
			return BacktestReport{}, fmt.Errorf("%w: account %q: score %v outside 0..100", ErrInvalid, row.Account, row.Value)
		}
		values[i], stayed[i], churned[i] = row.Value, !row.Churned, row.Churned
		if row.Churned {
			r.Churned++
		}
	}
	if len(rows) == 0 {
		return BacktestReport{}, fmt.Errorf("%w: a backtest needs accounts with available scores (got none, %d unavailable)", ErrEmpty, r.Unavailable)
	}
	if r.Churned == 0 || r.Churned == len(rows) {
		return BacktestReport{}, fmt.Errorf("%w: a backtest needs both churned and retained accounts with available scores (got %d of %d churned)", ErrInvalid, r.Churned, len(rows))
	}
	r.ChurnRate = float64(r.Churned) / float64(len(rows))
	auc, err := stat.AUC(values, stayed)
	if err != nil {
		return BacktestReport{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	r.AUC = auc
	if auc < 0.5 {
		r.Inverted = true
		r.Warnings = append(r.Warnings, fmt.Sprintf("AUC %.3f is below 0.5: the score is inverted, accounts that churned scored higher than accounts that stayed; check each measure's direction", auc))
	}
	if r.Unavailable > 0 {
		churned := 0
		for _, u := range a.s.Unavailable {
			if u.Churned {
				churned++
			}
		}
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d accounts (%d churned) had no available score and were left out", r.Unavailable, churned))
	}
	r.Bands = a.bandOutcomes(rows, bands)
	r.Lift = decileLift(rows, r.ChurnRate, r.Churned)
	r.Calibration, r.Model, err = calibrate(values, churned)
	if err != nil {
		return BacktestReport{}, err
	}
	return r, nil
}

func (a *BacktestAccumulator) bandOutcomes(rows []backtestRow, bands []Band) []BandOutcome {
	seen := make([]string, len(rows))
	for i, row := range rows {
		seen[i] = row.Band
	}
	names := reportOrder(bands, seen)
	index := make(map[string]int, len(names))
	for i, name := range names {
		if _, ok := index[name]; !ok {
			index[name] = i // the first, as slices.Index would find
		}
	}
	arr := make([]decimal.Decimal, len(names))
	lost := make([]decimal.Decimal, len(names))
	out := make([]BandOutcome, len(names))
	totalLost := decimal.Zero
	for _, row := range rows {
		i := index[row.Band]
		out[i].Accounts++
		arr[i] = arr[i].Add(row.ARR)
		if row.Churned {
			out[i].Churned++
			lost[i] = lost[i].Add(row.ARR)
			totalLost = totalLost.Add(row.ARR)
		}
	}
	for i, name := range names {
		out[i].Band = name
		out[i].ARR, _ = success.NewMoney(arr[i], a.s.Currency)
		out[i].ARRLost, _ = success.NewMoney(lost[i], a.s.Currency)
		if out[i].Accounts > 0 {
			out[i].ChurnRate = float64(out[i].Churned) / float64(out[i].Accounts)
		}
		if totalLost.IsPositive() {
			out[i].LostShare = lost[i].DivRound(totalLost, 16).InexactFloat64()
		}
	}
	return out
}
