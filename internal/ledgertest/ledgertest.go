// Package ledgertest holds what the tests of the two ledger readers
// (churn.Movements and cohort.TableAccumulator) share about columnar
// batches: an awkward batch drawn with rapid, and the row path a batch must
// equal. It is used by the packages' tests only.
package ledgertest

import (
	"fmt"
	"math"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

// DrawColumns draws a columnar batch of the awkward kind: dictionaries
// sharing IDs with other batches (and now and then repeating one), lines
// on one date, superseded dates, negative lines, amounts that need a finer
// exponent or do not fit, a bad index, a day outside the calendar, an empty
// ID, a currency other batches do not have.
func DrawColumns(t *rapid.T) *success.LedgerColumns {
	rare := func(label string) bool { return rapid.IntRange(0, 99).Draw(t, label) < 3 }
	nd := rapid.IntRange(1, 12).Draw(t, "dict")
	off, stride := rapid.IntRange(0, 15).Draw(t, "off"), 2*rapid.IntRange(0, 7).Draw(t, "stride")+1
	c := &success.LedgerColumns{Accounts: make([]success.AccountID, nd),
		Currency: rapid.SampledFrom([]success.Currency{"USD", "USD", "USD", "USD", "JPY", "", "XXQ"}).Draw(t, "currency")}
	for i := range c.Accounts {
		c.Accounts[i] = success.AccountID(fmt.Sprintf("acct-%d", (off+i*stride)%16))
	}
	if rare("repeat") && nd > 1 {
		c.Accounts[nd-1] = c.Accounts[0]
	}
	if rare("empty") {
		c.Accounts[rapid.IntRange(0, nd-1).Draw(t, "emptyAt")] = ""
	}
	n := rapid.IntRange(0, 40).Draw(t, "rows")
	for range n {
		a := int32(rapid.IntRange(0, nd-1).Draw(t, "account"))
		if rare("badIndex") {
			a = rapid.SampledFrom([]int32{-1, int32(nd), math.MaxInt32}).Draw(t, "bad")
		}
		day := int32(19000 + rapid.IntRange(0, 400).Draw(t, "day"))
		if rare("badDay") {
			day = rapid.SampledFrom([]int32{-800000, 3000000, math.MinInt32}).Draw(t, "badDay")
		}
		var m int64
		switch rapid.IntRange(0, 9).Draw(t, "kind") {
		case 0:
		case 1, 2:
			m = 100 * rapid.Int64Range(0, 500).Draw(t, "whole")
		case 3:
			m = -rapid.Int64Range(0, 5000).Draw(t, "discount")
		case 4:
			if rare("huge") {
				m = rapid.SampledFrom([]int64{1 << 62, math.MaxInt64, math.MinInt64, 1<<62 - 1, 4e18}).Draw(t, "hugeV")
			}
		default:
			m = rapid.Int64Range(0, 60000).Draw(t, "cents")
		}
		if c.Currency == "" && !rare("noCurrency") {
			m = 0
		}
		c.Account, c.Day, c.Minor = append(c.Account, a), append(c.Day, day), append(c.Minor, m)
	}
	return c
}

// AddRows adds the batch's rows one by one, as AddAll would, naming a bad
// index as AddColumns does.
func AddRows(add func(success.LedgerRow) error, c *success.LedgerColumns) error {
	for i := range c.Len() {
		r, ok := c.Row(i)
		if !ok {
			return fmt.Errorf("rows[%d]: account: index %d is outside the dictionary of %d accounts", i, c.Account[i], len(c.Accounts))
		}
		if err := add(r); err != nil {
			return fmt.Errorf("rows[%d]: %w", i, err)
		}
	}
	return nil
}

// ErrText is err's text, "" for nil, so that errors compare as text.
func ErrText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
