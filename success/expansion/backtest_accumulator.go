package expansion

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/stat"
	"github.com/secondsale/secondsale/success"
)

// BacktestAccumulator collects outcomes for a backtest. It follows the SDK's
// accumulator contract: the zero value is empty and ready to use, Add,
// AddAll and AddFrom take outcomes, Merge combines shards, Result extracts,
// and MarshalBinary/UnmarshalBinary are its coder.
//
// The AUC and deciles need every score, so it keeps one small row per
// account (its ID, score, level, outcome and ARR gained); Result sorts them
// first, so any split into shards merged in any order gives exactly the
// one-pass result. Keeping the IDs is also what lets it reject an account
// counted twice, within a shard or across shards.
type BacktestAccumulator struct {
	s backtestState
	// accounts holds every account counted, for the duplicate check; it is
	// rebuilt from the rows on decode, never encoded.
	accounts map[success.AccountID]struct{}
}

type backtestState struct {
	Currency success.Currency `json:"currency,omitempty"`
	Rows     []backtestRow    `json:"rows"`
}

type backtestRow struct {
	Account  success.AccountID `json:"account"`
	Score    float64           `json:"score"`
	Level    Level             `json:"level"`
	Expanded bool              `json:"expanded"`
	Gained   decimal.Decimal   `json:"gained"`
}

const (
	backtestKind    = "expansion.backtest"
	backtestVersion = 1
)

// Add records one outcome. An empty account, an account already counted
// (ErrDuplicate, naming it), a score outside 0..100, an unknown level, a
// negative gain, a gain without an expansion, or a currency different from
// earlier outcomes' is an error and changes nothing.
func (a *BacktestAccumulator) Add(o Outcome) error {
	s := o.Assessment
	if s.Account == "" {
		return fmt.Errorf("%w: outcome has an empty account", ErrInvalid)
	}
	if _, dup := a.accounts[s.Account]; dup {
		return fmt.Errorf("%w: account %q is counted twice by the backtest", ErrDuplicate, s.Account)
	}
	if !(s.Score >= 0 && s.Score <= 100) {
		return fmt.Errorf("%w: account %q: score %v outside 0..100", ErrInvalid, s.Account, s.Score)
	}
	if err := s.Level.Validate(); err != nil || s.Level == "" {
		return fmt.Errorf("%w: account %q: the assessment has no valid level", ErrInvalid, s.Account)
	}
	c := o.Gained.Currency()
	switch {
	case c == "" && !o.Gained.IsZero():
		return fmt.Errorf("%w: account %q: gained has no currency", ErrInvalid, s.Account)
	case c != "" && a.s.Currency != "" && c != a.s.Currency:
		return fmt.Errorf("account %q: gained: %w: %s, not %s as earlier outcomes", s.Account, ErrCurrencyMismatch, codeOf(c), a.s.Currency)
	case c != "":
		if _, err := success.NewMoney(o.Gained.Amount(), c); err != nil {
			return fmt.Errorf("%w: account %q: gained: %v", ErrInvalid, s.Account, err)
		}
	}
	if o.Gained.IsNegative() {
		return fmt.Errorf("%w: account %q: gained must be >= 0", ErrInvalid, s.Account)
	}
	if !o.Expanded && o.Gained.IsPositive() {
		return fmt.Errorf("%w: account %q: gained ARR without expanding", ErrInvalid, s.Account)
	}
	if c != "" {
		a.s.Currency = c
	}
	if a.accounts == nil {
		a.accounts = map[success.AccountID]struct{}{}
	}
	a.accounts[s.Account] = struct{}{}
	a.s.Rows = append(a.s.Rows, backtestRow{Account: s.Account, Score: s.Score, Level: s.Level, Expanded: o.Expanded, Gained: o.Gained.Amount()})
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
	if a.s.Currency != "" && b.s.Currency != "" && a.s.Currency != b.s.Currency {
		return fmt.Errorf("backtest: %w: a shard in %s merged into one in %s", ErrCurrencyMismatch, b.s.Currency, a.s.Currency)
	}
	small, large := a.accounts, b.accounts
	if len(small) > len(large) {
		small, large = large, small
	}
	var dups []success.AccountID
	for id := range small {
		if _, ok := large[id]; ok {
			dups = append(dups, id)
		}
	}
	if len(dups) > 0 {
		slices.Sort(dups)
		return fmt.Errorf("%w: account %q is in both backtest shards (%d accounts are)", ErrDuplicate, dups[0], len(dups))
	}
	if a.s.Currency == "" {
		a.s.Currency = b.s.Currency
	}
	a.s.Rows = append(a.s.Rows, b.s.Rows...)
	if a.accounts == nil && len(b.accounts) > 0 {
		a.accounts = make(map[success.AccountID]struct{}, len(b.accounts))
	}
	for id := range b.accounts {
		a.accounts[id] = struct{}{}
	}
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
	if s.Currency != "" {
		if err := s.Currency.Validate(); err != nil {
			fielderr.AddErr(&ps, ErrInvalid, "currency", err)
		}
	}
	accounts := make(map[success.AccountID]struct{}, len(s.Rows))
	for i, r := range s.Rows {
		path := "rows[" + strconv.Itoa(i) + "]"
		if r.Account == "" {
			fielderr.Addf(&ps, ErrInvalid, path+".account", "must not be empty")
		} else if _, dup := accounts[r.Account]; dup {
			fielderr.Addf(&ps, ErrInvalid, path+".account", "repeats an earlier row's account")
		} else {
			accounts[r.Account] = struct{}{}
		}
		if !(r.Score >= 0 && r.Score <= 100) {
			fielderr.Addf(&ps, ErrInvalid, path+".score", "%v outside 0..100", r.Score)
		}
		if err := r.Level.Validate(); err != nil || r.Level == "" {
			fielderr.Addf(&ps, ErrInvalid, path+".level", "must be a readiness level")
		}
		switch {
		case r.Gained.IsNegative():
			fielderr.Addf(&ps, ErrInvalid, path+".gained", "must be >= 0")
		case r.Gained.IsPositive() && !r.Expanded:
			fielderr.Addf(&ps, ErrInvalid, path+".gained", "is positive for an account that did not expand")
		case r.Gained.IsPositive() && s.Currency == "":
			fielderr.Addf(&ps, ErrInvalid, path+".gained", "is positive in a state without a currency")
		}
		if _, err := success.NewMoney(r.Gained, "USD"); err != nil { // the bound Add checked, whatever the currency
			fielderr.Addf(&ps, ErrInvalid, path+".gained", "is beyond the bound of an amount")
		}
	}
	if err := ps.Err(); err != nil {
		return fmt.Errorf("backtest state: %w", err)
	}
	a.s, a.accounts = s, accounts
	return nil
}

// Result computes the report. It needs at least one account that expanded
// and one that did not (ErrEmpty for no outcome at all, ErrInvalid for one
// class only).
func (a *BacktestAccumulator) Result() (BacktestReport, error) {
	rows := slices.Clone(a.s.Rows)
	if len(rows) == 0 {
		return BacktestReport{}, fmt.Errorf("%w: a backtest needs outcomes (got none)", ErrEmpty)
	}
	slices.SortFunc(rows, func(x, y backtestRow) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c // highest first
		}
		return cmp.Compare(x.Account, y.Account)
	})
	r := BacktestReport{Accounts: len(rows), Currency: a.s.Currency}
	scores := make([]float64, len(rows))
	expanded := make([]bool, len(rows))
	for i, row := range rows {
		if !(row.Score >= 0 && row.Score <= 100) { // Add and UnmarshalBinary keep these out
			return BacktestReport{}, fmt.Errorf("%w: account %q: score %v outside 0..100", ErrInvalid, row.Account, row.Score)
		}
		scores[i], expanded[i] = row.Score, row.Expanded
		if row.Expanded {
			r.Expanded++
		}
	}
	if r.Expanded == 0 || r.Expanded == len(rows) {
		return BacktestReport{}, fmt.Errorf("%w: a backtest needs accounts that expanded and accounts that did not (got %d of %d expanded)", ErrInvalid, r.Expanded, len(rows))
	}
	r.ExpansionRate = float64(r.Expanded) / float64(len(rows))
	auc, err := stat.AUC(scores, expanded)
	if err != nil {
		return BacktestReport{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	r.AUC = auc
	if auc < 0.5 {
		r.Inverted = true
		r.Warnings = append(r.Warnings, fmt.Sprintf("AUC %.3f is below 0.5: accounts that did not expand scored higher than accounts that did", auc))
	}
	for i, d := range stat.Deciles(scores, expanded, r.ExpansionRate, r.Expanded) {
		r.Lift = append(r.Lift, DecileLift{Decile: i + 1, Accounts: d.Count, Expanded: d.Events, MinScore: d.Min, MaxScore: d.Max,
			ExpansionRate: d.Rate, Lift: d.Lift, Capture: d.Capture})
	}
	if err := a.levels(&r, rows); err != nil {
		return BacktestReport{}, err
	}
	return r, nil
}

func (a *BacktestAccumulator) levels(r *BacktestReport, rows []backtestRow) error {
	levels := Levels()
	gained := make([]decimal.Decimal, len(levels))
	total := decimal.Zero
	r.Levels = make([]LevelOutcome, len(levels))
	for _, row := range rows {
		i := row.Level.Rank()
		if i < 0 {
			return fmt.Errorf("%w: account %q: the assessment has no valid level", ErrInvalid, row.Account)
		}
		l := &r.Levels[i]
		l.Accounts++
		if row.Expanded {
			l.Expanded++
		}
		if !row.Gained.IsZero() { // most accounts gain nothing; each decimal Add allocates
			gained[i] = gained[i].Add(row.Gained)
			total = total.Add(row.Gained)
		}
	}
	currency := a.s.Currency
	money := func(d decimal.Decimal) (success.Money, error) {
		if currency == "" {
			return success.Money{}, nil // nothing gained in any currency
		}
		m, err := success.NewMoney(d, currency)
		if err != nil {
			return success.Money{}, fmt.Errorf("%w: the ARR gained is beyond the bound of an amount: %v", ErrInvalid, err)
		}
		return m, nil
	}
	var err error
	if r.Gained, err = money(total); err != nil {
		return err
	}
	for i, lv := range levels {
		l := &r.Levels[i]
		l.Level = lv
		if l.Gained, err = money(gained[i]); err != nil {
			return err
		}
		if l.Accounts > 0 {
			l.ExpansionRate = float64(l.Expanded) / float64(l.Accounts)
		}
		if total.IsPositive() {
			l.GainedShare = gained[i].DivRound(total, 16).InexactFloat64()
		}
	}
	return nil
}
