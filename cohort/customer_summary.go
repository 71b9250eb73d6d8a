package cohort

import (
	"math"
	"slices"

	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// CustomerSummary is a customer's purchase history in the form the BG/NBD and
// Gamma-Gamma models read (often called RFM: recency, frequency, monetary
// value). Purchases on the same calendar day count as one.
//
// One summary may stand for many customers with the same history (Count),
// so a fit's cost grows with the distinct histories, not the customers:
// CompressSummaries merges them.
type CustomerSummary struct {
	Account success.AccountID `json:"account"`
	// Frequency is the number of repeat purchase days: distinct days with a
	// purchase, minus the first.
	Frequency int `json:"frequency"`
	// Recency is the time from the first purchase day to the last, in Unit;
	// 0 when Frequency is 0.
	Recency float64 `json:"recency"`
	// Age is the time from the first purchase day to the end of the
	// calibration period, in Unit (the "T" of the literature); 0 for a
	// customer whose first purchase is on the last day.
	Age float64 `json:"age"`
	// MeanRepeatSpend is the mean amount of the repeat purchase days (the
	// first day excluded, as the Gamma-Gamma model requires), in Currency; 0
	// when Frequency is 0.
	MeanRepeatSpend float64 `json:"mean_repeat_spend"`
	// Currency is that of the amounts; empty (omitted from JSON) when no
	// transaction carried one.
	Currency success.Currency `json:"currency,omitempty"`
	Unit     success.Grain    `json:"unit"` // success.Daily or success.Weekly
	// Count is the number of customers with exactly this summary; 0 means
	// 1, so a summary of one account needs no count. Fits weigh each
	// summary by its count, as if it were repeated; predictions are per
	// customer and ignore it. JSON omits a zero count.
	Count int `json:"count,omitempty"`
}

// customers returns the number of customers the summary stands for.
func (c *CustomerSummary) customers() float64 {
	if c.Count == 0 {
		return 1
	}
	return float64(c.Count)
}

// Validate reports every problem with the summary as success.FieldErrors.
func (c CustomerSummary) Validate() error {
	var problems success.FieldErrors
	if _, err := summaryUnitDays(c.Unit); err != nil {
		fielderr.Addf(&problems, ErrInvalid, "unit", "%s", strictjson.WithoutSentinel(err))
	}
	if c.Frequency < 0 {
		fielderr.Addf(&problems, ErrInvalid, "frequency", "must be >= 0, got a negative count")
	}
	if c.Count < 0 {
		fielderr.Addf(&problems, ErrInvalid, "count", "must be >= 0 (0 means 1), got a negative count")
	}
	switch {
	case !finiteFloat(c.Age) || c.Age < 0:
		fielderr.Addf(&problems, ErrInvalid, "age", "must be a finite number >= 0, got %s", numberKind(c.Age))
	case !finiteFloat(c.Recency) || c.Recency < 0 || c.Recency > c.Age:
		fielderr.Addf(&problems, ErrInvalid, "recency", "must be within [0, age], got %s", recencyKind(c.Recency, c.Age))
	case c.Frequency == 0 && c.Recency != 0:
		fielderr.Addf(&problems, ErrInvalid, "recency", "must be 0 when frequency is 0, got %s", numberKind(c.Recency))
	case c.Frequency > 0 && c.Recency == 0:
		fielderr.Addf(&problems, ErrInvalid, "recency", "must be > 0 when frequency is > 0 (repeat purchases fall on later days)")
	}
	if !finiteFloat(c.MeanRepeatSpend) || c.MeanRepeatSpend < 0 {
		fielderr.Addf(&problems, ErrInvalid, "mean_repeat_spend", "must be a finite number >= 0, got %s", numberKind(c.MeanRepeatSpend))
	}
	if c.Currency != "" { // a model fitted on it carries it, and must encode
		if err := c.Currency.Validate(); err != nil {
			fielderr.Addf(&problems, ErrInvalid, "currency", "not a known currency code (%s)", textKind(string(c.Currency)))
		}
	}
	return problems.Err()
}

// CompressSummaries returns the distinct summaries among customers, in the
// order of their first occurrence, each with Count the number of customers
// it stands for (the sum of their counts, a count of 0 being 1). Summaries
// are the same when every field the models read is equal: Frequency,
// Recency, Age, MeanRepeatSpend, Currency and Unit, the numbers compared
// exactly (float64 ==), so recency and age measured in whole days (as
// Summarize measures them, in days or in weeks of seven days) repeat: 2.5
// million customers like CDNOW's have about a million distinct summaries
// with spends in cents, and 150,000 distinct (x, t_x, T) without them (leave
// MeanRepeatSpend 0 to compress for BG/NBD alone). Account is left empty: a
// compressed summary stands for many accounts.
//
// FitBGNBD and FitGammaGamma give the same estimates on the result as on
// customers (they merge equal summaries themselves; compressing first
// saves holding and reading the customers again), and their cost then
// grows with the distinct summaries only. Invalid summaries are reported as
// the fits report them (paths like "customers[3].recency") and nothing is
// returned; so is a total count beyond math.MaxInt. Empty input gives no
// summaries and a nil error.
func CompressSummaries(customers []CustomerSummary) ([]CustomerSummary, error) {
	// The key holds the numbers and the position of the (currency, unit)
	// pair among the few a population has.
	type key struct {
		x, tx, age, spend float64
		kind              int
	}
	type kind struct {
		currency success.Currency
		unit     success.Grain
	}
	var kinds []kind
	var problems success.FieldErrors
	var index keyIndex[key]
	var first, count []int // per distinct summary: where it first appears, and its count
	for i := range customers {
		c := &customers[i]
		if !c.valid() {
			problems = append(problems, fielderr.Prefix(success.AsFieldErrors(c.Validate()), customerPath(i))...)
			continue
		}
		kd := slices.Index(kinds, kind{c.Currency, c.Unit})
		if kd < 0 {
			if err := c.Validate(); err != nil { // valid does not look at the currency
				problems = append(problems, fielderr.Prefix(success.AsFieldErrors(err), customerPath(i))...)
				continue
			}
			kd = len(kinds)
			kinds = append(kinds, kind{c.Currency, c.Unit})
		}
		k := key{float64(c.Frequency), c.Recency, c.Age, c.MeanRepeatSpend, kd}
		h := hashEnd(hashFloat(hashFloat(hashFloat(hashFloat(hashFloat(hashStart, float64(kd)), k.x), k.tx), k.age), k.spend))
		n := max(c.Count, 1)
		j, seen := index.index(k, h)
		if !seen {
			if len(first) == cap(first) { // double, as the index does
				first, count = slices.Grow(first, len(first)+1), slices.Grow(count, len(count)+1)
			}
			first = append(first, i)
			count = append(count, n)
			continue
		}
		if count[j] > math.MaxInt-n {
			fielderr.Addf(&problems, ErrInvalid, indexPath("customers", i, "count"), "the total count of this summary exceeds %d", math.MaxInt)
			continue
		}
		count[j] += n
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	out := make([]CustomerSummary, len(first))
	for j, i := range first {
		c := &customers[i]
		out[j] = CustomerSummary{Frequency: c.Frequency, Recency: c.Recency, Age: c.Age,
			MeanRepeatSpend: c.MeanRepeatSpend, Currency: c.Currency, Unit: c.Unit, Count: count[j]}
	}
	return out, nil
}

// valid reports whether Validate would return nil, without building the
// error: fits and batch predictions check millions of summaries and
// call Validate only for the bad ones, to say why.
func (c *CustomerSummary) valid() bool {
	return (c.Unit == success.Daily || c.Unit == success.Weekly) &&
		c.Frequency >= 0 && c.Count >= 0 &&
		c.Age >= 0 && c.Age <= math.MaxFloat64 &&
		c.Recency >= 0 && c.Recency <= c.Age &&
		(c.Frequency == 0) == (c.Recency == 0) &&
		c.MeanRepeatSpend >= 0 && c.MeanRepeatSpend <= math.MaxFloat64
}

// summaryUnitDays returns the length in calendar days of the grains in which
// customer summaries are measured: success.Daily or success.Weekly. Months
// and years are refused because their lengths differ, so a rate "per month"
// would not be a rate.
func summaryUnitDays(u success.Grain) (float64, error) {
	if err := checkGrain(u, success.Daily, success.Weekly); err != nil {
		return 0, err
	}
	if u == success.Weekly {
		return 7, nil
	}
	return 1, nil
}

// recencyKind names what is wrong with a recency outside [0, age].
func recencyKind(recency, age float64) string {
	if recency > age {
		return "a number above age"
	}
	return numberKind(recency)
}
