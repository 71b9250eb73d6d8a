package cohort

import (
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/strictjson"
	"github.com/secondsale/secondsale/success"
)

// CustomerSummary is a customer's purchase history in the form the BG/NBD and
// Gamma-Gamma models read (often called RFM: recency, frequency, monetary
// value). Purchases on the same calendar day count as one.
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
	return problems.Err()
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
