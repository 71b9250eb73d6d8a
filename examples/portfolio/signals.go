package main

import (
	"cmp"
	"slices"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

// signalReview is churn's early-warning signals across today's customers.
type signalReview struct {
	byKind    map[churn.SignalKind]int
	arrByKind map[churn.SignalKind]float64
	accounts  int // customers with at least one signal
	// top are the flagged customers with the most ARR, with their signals.
	top []flagged
}

type flagged struct {
	account success.AccountID
	owner   string
	arr     float64
	signals []churn.Signal
}

// signalKinds is the order the report lists signal kinds in.
var signalKinds = []churn.SignalKind{churn.DropOff, churn.Decline, churn.NeverActivated, churn.SupportSpike}

const topFlagged = 12

func (r *review) analyseSignals() error {
	v := &r.signals
	v.byKind = map[churn.SignalKind]int{}
	v.arrByKind = map[churn.SignalKind]float64{}
	var all []flagged
	for i, f := range r.health.facts {
		if len(f.Signals) == 0 {
			continue
		}
		arr := money(f.Account.ARR)
		v.accounts++
		for _, s := range f.Signals {
			v.byKind[s.Kind]++
			v.arrByKind[s.Kind] += arr
		}
		all = append(all, flagged{account: f.Account.ID, owner: r.health.customers[i].Owner, arr: arr, signals: f.Signals})
	}
	slices.SortStableFunc(all, func(a, b flagged) int { return cmp.Compare(b.arr, a.arr) })
	v.top = all[:min(len(all), topFlagged)]
	return nil
}
