package cohort

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/success"
)

// SummaryAccumulator builds customer summaries from transactions in any
// order. It follows the SDK's accumulator contract (see the package doc):
// AddAll and AddFrom stop at the first bad transaction or read error, Merge
// combines shards split any way into exactly the accumulator of the whole,
// and MarshalBinary and UnmarshalBinary encode its state (per account, the
// amount bought on each calendar day of the calibration period) as versioned
// JSON for a pipeline's coder.
//
// Build one with NewSummaryAccumulator: the zero value has no calibration
// period and rejects every transaction, though it decodes a state. An
// accumulator is not safe for concurrent use.
type SummaryAccumulator struct {
	end      int64 // last calibration day (day number in loc), inclusive
	unit     success.Grain
	unitDays float64
	loc      *time.Location
	currency success.Currency
	// purchases holds each account's calibration-period purchases in the
	// order added; same-day purchases are merged when summarised, so Add is
	// an append.
	purchases map[success.AccountID][]purchase
	after     int // transactions after the calibration period, counted not kept
}

type purchase struct {
	day    int64
	amount decimal.Decimal
}

// NewSummaryAccumulator returns an accumulator for the calibration period
// ending on the calendar day of calibrationEnd (inclusive), measuring time in
// unit (success.Daily or success.Weekly). Recency and age are counted in
// calendar days between civil dates, exact over any span; dates (the
// calibration end and every transaction's) must lie in the years 1 to 9999,
// which the encoded state can write.
func NewSummaryAccumulator(calibrationEnd time.Time, unit success.Grain, opts SummaryOptions) (*SummaryAccumulator, error) {
	unitDays, err := summaryUnitDays(unit)
	if err != nil {
		return nil, err
	}
	if calibrationEnd.IsZero() {
		return nil, fmt.Errorf("%w: calibration end must be set", ErrInvalid)
	}
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	if !calendar.InRange(calibrationEnd.In(loc)) {
		return nil, fmt.Errorf("%w: calibration end is outside the years %d to %d", ErrInvalid, calendar.MinYear, calendar.MaxYear)
	}
	return &SummaryAccumulator{
		end: dayNumber(calibrationEnd, loc), unit: unit, unitDays: unitDays, loc: loc,
		purchases: make(map[success.AccountID][]purchase),
	}, nil
}

// dayNumber is the count of calendar days since 1970-01-01 of t's date in loc,
// so that day differences ignore daylight-saving shifts.
func dayNumber(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func dayDate(day int64) string { return time.Unix(day*86400, 0).UTC().Format(time.DateOnly) }

// Add records one transaction. A transaction after the calibration period is
// counted (see After) but not summarised: it belongs to the hold-out period.
// An invalid transaction is not recorded; the error, a success.FieldErrors,
// lists every problem with it, each path naming the account
// (`(account "b").amount`) as a cohort table's row errors do, so that a host
// calling Add in its own loop knows which record failed.
func (a *SummaryAccumulator) Add(tx Transaction) error {
	if a.purchases == nil {
		return errSummaryNotBuilt
	}
	var problems success.FieldErrors
	at := func(field string) string { return fmt.Sprintf("(account %q).%s", string(tx.Account), field) }
	if tx.Account == "" {
		fielderr.Addf(&problems, ErrInvalid, at("account"), "must not be empty")
	}
	if tx.At.IsZero() {
		fielderr.Addf(&problems, ErrInvalid, at("at"), "must be set")
	} else if !calendar.InRange(tx.At.In(a.loc)) {
		// Days are counted from civil dates, exact in any span, but the state
		// writes them as YYYY-MM-DD.
		fielderr.Addf(&problems, ErrInvalid, at("at"), "is outside the years %d to %d", calendar.MinYear, calendar.MaxYear)
	}
	// The zero Money is a count-only purchase: 0 in no currency.
	countOnly := tx.Amount.Currency() == "" && tx.Amount.IsZero()
	if err := tx.Amount.Validate(); err != nil && !countOnly {
		fielderr.Addf(&problems, ErrInvalid, at("amount"), "currency is not a known code (%s)", textKind(string(tx.Amount.Currency())))
	} else if tx.Amount.IsNegative() {
		fielderr.Addf(&problems, ErrInvalid, at("amount"), "must be >= 0, got a negative amount")
	} else if a.currency != "" && !countOnly && tx.Amount.Currency() != a.currency {
		fielderr.Addf(&problems, ErrCurrencyMismatch, at("amount"), "currency %s differs from %s of earlier transactions", tx.Amount.Currency(), a.currency)
	}
	if len(problems) > 0 {
		return problems
	}
	if !countOnly {
		a.currency = tx.Amount.Currency()
	}
	day := dayNumber(tx.At, a.loc)
	if day > a.end {
		a.after++
		return nil
	}
	a.purchases[tx.Account] = append(a.purchases[tx.Account], purchase{day: day, amount: tx.Amount.Amount()})
	return nil
}

// AddAll adds every transaction of transactions, under the accumulator
// contract: it stops at the first invalid transaction and returns its error,
// naming it by its position ("transactions[41]"); the transactions before it
// stay added. A nil sequence is ErrInvalid.
func (a *SummaryAccumulator) AddAll(transactions iter.Seq[Transaction]) error {
	return a.AddFrom(accum.Values(transactions))
}

// AddFrom is AddAll for transactions that can fail to read, such as a file:
// it stops at the first error transactions yields and returns it with the
// transaction's position; the transactions before it stay added.
func (a *SummaryAccumulator) AddFrom(transactions iter.Seq2[Transaction, error]) error {
	if a.purchases == nil {
		return errSummaryNotBuilt
	}
	return accum.AddFrom(transactions, "transactions", ErrInvalid, a.Add)
}

// After returns the number of transactions added that fell after the
// calibration period.
func (a *SummaryAccumulator) After() int { return a.after }

// errSummaryNotBuilt rejects a SummaryAccumulator that has no calibration
// period: the zero value, unless a state was decoded into it.
var errSummaryNotBuilt = fmt.Errorf("%w: the summary accumulator was not made by NewSummaryAccumulator", ErrInvalid)

// Merge adds the transactions of b into a. Both must share calibration end,
// unit, time zone and currency; b must be another accumulator (merging a
// into itself would count its purchases twice), else the error wraps
// ErrInvalid. A failed merge leaves a unchanged.
func (a *SummaryAccumulator) Merge(b *SummaryAccumulator) error {
	if err := accum.CheckMerge(a, b, "summary", ErrInvalid); err != nil {
		return err
	}
	if a.purchases == nil || b.purchases == nil {
		return errSummaryNotBuilt
	}
	if a.end != b.end || a.unit != b.unit || a.loc.String() != b.loc.String() {
		return fmt.Errorf("%w: cannot merge summaries with different calibration end, unit or time zone", ErrInvalid)
	}
	if a.currency != "" && b.currency != "" && a.currency != b.currency {
		return fmt.Errorf("%w: cannot merge transactions in %s with transactions in %s", ErrCurrencyMismatch, a.currency, b.currency)
	}
	if a.currency == "" {
		a.currency = b.currency
	}
	a.after += b.after
	for id, ps := range b.purchases {
		a.purchases[id] = append(a.purchases[id], ps...)
	}
	return nil
}

// purchaseDays returns a customer's purchases by day: sorted, one entry per
// day with the day's total.
func purchaseDays(ps []purchase) []purchase {
	sorted := slices.Clone(ps)
	slices.SortFunc(sorted, func(x, y purchase) int { return cmp.Compare(x.day, y.day) })
	var out []purchase
	for i := 0; i < len(sorted); {
		var total amountSum
		j := i
		for ; j < len(sorted) && sorted[j].day == sorted[i].day; j++ {
			total.add(sorted[j].amount)
		}
		out = append(out, purchase{day: sorted[i].day, amount: total.decimal()})
		i = j
	}
	return out
}

// Summaries returns one summary per customer with a purchase in the
// calibration period, ordered by account ID.
func (a *SummaryAccumulator) Summaries() []CustomerSummary {
	ids := slices.Sorted(maps.Keys(a.purchases))
	out := make([]CustomerSummary, 0, len(ids))
	for _, id := range ids {
		ps := a.purchases[id]
		// Order is not part of the state, so sort in place.
		slices.SortFunc(ps, func(x, y purchase) int { return cmp.Compare(x.day, y.day) })
		first, last := ps[0].day, ps[len(ps)-1].day
		days := 0
		var repeatSpend amountSum
		for i, p := range ps {
			if i == 0 || p.day != ps[i-1].day {
				days++
			}
			if p.day != first {
				repeatSpend.add(p.amount)
			}
		}
		s := CustomerSummary{
			Account:   id,
			Frequency: days - 1,
			Recency:   float64(last-first) / a.unitDays,
			Age:       float64(a.end-first) / a.unitDays,
			Currency:  a.currency,
			Unit:      a.unit,
		}
		if s.Frequency > 0 {
			s.MeanRepeatSpend = repeatSpend.float() / float64(s.Frequency)
		}
		out = append(out, s)
	}
	return out
}

// summaryState is the encodable state of a SummaryAccumulator.
type summaryState struct {
	CalibrationEnd string           `json:"calibration_end"` // YYYY-MM-DD in Location
	Location       string           `json:"location"`
	Unit           success.Grain    `json:"unit"`
	Currency       success.Currency `json:"currency,omitempty"`
	After          int              `json:"after"`
	Accounts       []accountDays    `json:"accounts"`
}

// accountDays is one account's purchases in the calibration period, one
// entry per calendar day, in day order.
type accountDays struct {
	Account success.AccountID `json:"account"`
	Days    []purchaseDay     `json:"days"`
}

// purchaseDay is the total bought on one calendar day (YYYY-MM-DD).
type purchaseDay struct {
	Date   string          `json:"date"`
	Amount decimal.Decimal `json:"amount"`
}

const (
	summaryKind    = "cohort.summary"
	summaryVersion = 1
)

// state returns the accumulator's state for encoding, accounts in ID order.
func (a *SummaryAccumulator) state() summaryState {
	s := summaryState{
		CalibrationEnd: dayDate(a.end), Location: a.loc.String(), Unit: a.unit,
		Currency: a.currency, After: a.after,
	}
	for _, id := range slices.Sorted(maps.Keys(a.purchases)) {
		days := purchaseDays(a.purchases[id])
		c := accountDays{Account: id, Days: make([]purchaseDay, len(days))}
		for i, d := range days {
			c.Days[i] = purchaseDay{Date: dayDate(d.day), Amount: d.amount}
		}
		s.Accounts = append(s.Accounts, c)
	}
	return s
}

// MarshalBinary encodes the accumulator's state in the SDK's versioned
// accumulator encoding, for a pipeline runner (an Apache Beam coder, say)
// to ship between workers.
func (a *SummaryAccumulator) MarshalBinary() ([]byte, error) {
	if a.purchases == nil {
		return nil, errSummaryNotBuilt
	}
	return accum.Encode(summaryKind, summaryVersion, a.state())
}

// UnmarshalBinary replaces a's state with the encoded one, after checking it
// is one Add and Merge could have built (every problem reported, wrapping
// ErrInvalid). The location is a's own when it has the state's location
// name, else loaded by name (a zero accumulator decodes a state built in UTC
// or an IANA zone; one built in a time.FixedZone decodes into an accumulator
// built in that zone). On error a is unchanged.
func (a *SummaryAccumulator) UnmarshalBinary(data []byte) error {
	var s summaryState
	if _, err := accum.Decode(data, summaryKind, summaryVersion, &s, ErrInvalid); err != nil {
		return err
	}
	loc, err := stateLocation(a.loc, s.Location)
	if err != nil {
		return err
	}
	restored, err := restoreSummary(s, loc)
	if err != nil {
		return err
	}
	*a = *restored
	return nil
}

// restoreSummary rebuilds an accumulator from its state. loc must be the
// location the state was built with (its name is checked). Every problem in
// the state is reported.
func restoreSummary(s summaryState, loc *time.Location) (*SummaryAccumulator, error) {
	if loc.String() != s.Location {
		return nil, fmt.Errorf("%w: state was built in another location (%s) than the receiver's", ErrInvalid, textKind(s.Location))
	}
	end, err := time.ParseInLocation(time.DateOnly, s.CalibrationEnd, loc)
	if err != nil {
		return nil, fmt.Errorf("%w: state calibration_end: not a YYYY-MM-DD date (%s)", ErrInvalid, textKind(s.CalibrationEnd))
	}
	a, err := NewSummaryAccumulator(end, s.Unit, SummaryOptions{Location: loc})
	if err != nil {
		return nil, err
	}
	var problems success.FieldErrors
	if s.Currency != "" {
		if err := s.Currency.Validate(); err != nil {
			fielderr.Addf(&problems, ErrInvalid, "currency", "not a known currency code (%s)", textKind(string(s.Currency)))
		}
	}
	if s.After < 0 {
		fielderr.Addf(&problems, ErrInvalid, "after", "must be >= 0, got a negative count")
	}
	for i, c := range s.Accounts {
		if c.Account == "" {
			fielderr.Addf(&problems, ErrInvalid, indexPath("accounts", i, "account"), "must not be empty")
		}
		if _, dup := a.purchases[c.Account]; dup {
			fielderr.Addf(&problems, ErrInvalid, indexPath("accounts", i, "account"), "%q appears twice", c.Account)
		}
		if len(c.Days) == 0 {
			fielderr.Addf(&problems, ErrInvalid, indexPath("accounts", i, "days"), "account %q has no purchase day", c.Account)
		}
		ps := make([]purchase, 0, len(c.Days))
		for j, d := range c.Days {
			path := fmt.Sprintf("accounts[%d].days[%d]", i, j)
			day, err := time.Parse(time.DateOnly, d.Date)
			switch {
			case err != nil:
				fielderr.Addf(&problems, ErrInvalid, path+".date", "not a YYYY-MM-DD date (%s)", textKind(d.Date))
			case day.Unix()/86400 > a.end:
				fielderr.Addf(&problems, ErrInvalid, path+".date", "is after the calibration end")
			case d.Amount.IsNegative():
				fielderr.Addf(&problems, ErrInvalid, path+".amount", "must be >= 0, got a negative amount")
			case s.Currency == "" && !d.Amount.IsZero():
				fielderr.Addf(&problems, ErrInvalid, path+".amount", "is not zero but the state has no currency")
			default:
				ps = append(ps, purchase{day: day.Unix() / 86400, amount: d.Amount})
			}
		}
		a.purchases[c.Account] = ps
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	a.currency, a.after = s.Currency, s.After
	return a, nil
}

// stateLocation returns the location a decoded state or table names: the
// receiver's own when it has one of that name (so a time.FixedZone, which
// cannot be loaded by name, works on a receiver built with it), else the
// location loaded by name (IANA names need the system's zone database or an
// import of time/tzdata).
func stateLocation(own *time.Location, name string) (*time.Location, error) {
	if own != nil && own.String() == name {
		return own, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: location (%s) does not load by name (decode into a receiver built in that location)", ErrInvalid, textKind(name))
	}
	return loc, nil
}
