package main

import (
	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/success"
)

func init() {
	registerCombine[churn.Movements, *churn.Movements, success.LedgerRow]()
}
