package main

import (
	"encoding/json"
	"iter"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
	"github.com/shopspring/decimal"
)

// segmentEntry is a scored account on its way to its segment's summary.
type segmentEntry struct {
	Segment string                `json:"segment"`
	Entry   health.PortfolioEntry `json:"entry"`
}

// arrFn emits every account's ARR at the as-of date, twelve times its MRR
// then: the To of its last movement up to the as-of period (an account's
// MRR is unchanged between movements).
type arrFn struct {
	AsOf time.Time `json:"as_of"`
}

func (f *arrFn) ProcessElement(m *churn.Movements, emit func(string, string)) error {
	arr, err := arrByAccount(m.Log(f.AsOf))
	if err != nil {
		return err
	}
	for acct, a := range arr {
		b, err := json.Marshal(a)
		if err != nil {
			return err
		}
		emit(string(acct), string(b))
	}
	return nil
}

// arrByAccount reads a movement log: every account's ARR after its last
// movement.
func arrByAccount(log iter.Seq2[churn.AccountMovement, error]) (map[success.AccountID]success.Money, error) {
	last := map[success.AccountID]churn.AccountMovement{}
	for mv, err := range log {
		if err != nil {
			return nil, err
		}
		if prev, ok := last[mv.Account]; !ok || mv.Period.After(prev.Period) {
			last[mv.Account] = mv
		}
	}
	twelve := decimal.NewFromInt(12)
	arr := make(map[success.AccountID]success.Money, len(last))
	for acct, mv := range last {
		arr[acct] = mv.To.Mul(twelve)
	}
	return arr, nil
}

// joinARRFn gives each scored account its ARR from the ledger.
type joinARRFn struct {
	Currency success.Currency `json:"currency"`
}

func (f *joinARRFn) ProcessElement(_ string, entries func(*segmentEntry) bool, arrs func(*string) bool, emit func(string, health.PortfolioEntry)) error {
	arr := success.ZeroMoney(f.Currency)
	var js string
	if arrs(&js) {
		if err := json.Unmarshal([]byte(js), &arr); err != nil {
			return err
		}
	}
	var e segmentEntry
	for entries(&e) {
		e.Entry.ARR = arr
		emit(e.Segment, e.Entry)
	}
	return nil
}

// ownARRFn keys each scored account by segment with the ARR it carries.
type ownARRFn struct {
	Currency success.Currency `json:"currency"`
}

func (f *ownARRFn) ProcessElement(_ string, e segmentEntry) (string, health.PortfolioEntry) {
	if e.Entry.ARR.Currency() == "" {
		e.Entry.ARR = success.ZeroMoney(f.Currency)
	}
	return e.Segment, e.Entry
}

func init() {
	register.DoFn2x1[*churn.Movements, func(string, string), error](&arrFn{})
	register.DoFn4x1[string, func(*segmentEntry) bool, func(*string) bool, func(string, health.PortfolioEntry), error](&joinARRFn{})
	register.DoFn2x2[string, segmentEntry, string, health.PortfolioEntry](&ownARRFn{})
}
