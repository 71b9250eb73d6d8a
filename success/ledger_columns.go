package success

import "time"

// LedgerColumns is a batch of ledger rows held in columns, the way a data
// engineer holds a ledger in Arrow or Parquet: the account IDs
// dictionary-encoded, the dates as days since the Unix epoch (Arrow's
// date32), the amounts as integers of one currency's minor units.
// churn.Movements.AddColumns and cohort.TableAccumulator.AddColumns read it
// with exactly the meaning of the rows Row returns, LedgerRow's convention
// included, at a fraction of the cost of row-at-a-time input: an ID is looked
// up once per batch, not once per row.
//
// There is no Line column: lines on a date add up whatever their names, so
// the readers would not read it. Amounts in several currencies, or as
// decimal Money, go through the row path (LedgerRow).
type LedgerColumns struct {
	// Accounts is the dictionary of account IDs; Account indexes it. An ID
	// should appear once (a repeated one is read correctly, but row by row).
	Accounts []AccountID
	// Account is each row's index into Accounts.
	Account []int32
	// Day is each row's date, in days from 1970-01-01 (EpochDay): a date of
	// the years 1 to 9999.
	Day []int32
	// Minor is each row's MRR in minor units of Currency (cents for USD).
	Minor []int64
	// Currency is the currency of every amount; it may be empty only when
	// every amount is zero.
	Currency Currency
}

// Len returns the number of rows: the length of the Account column (the
// readers reject a batch whose columns differ in length).
func (c *LedgerColumns) Len() int { return len(c.Account) }

// Row returns row i (0 <= i < Len()) as a LedgerRow in minor units, dated
// at midnight UTC of its day; ok is false when its account index is outside
// Accounts, or the Day or Minor column has no row i.
func (c *LedgerColumns) Row(i int) (r LedgerRow, ok bool) {
	a := c.Account[i]
	if a < 0 || int(a) >= len(c.Accounts) || i >= len(c.Day) || i >= len(c.Minor) {
		return LedgerRow{}, false
	}
	return LedgerRow{Account: c.Accounts[a], Date: time.Unix(int64(c.Day[i])*86400, 0).UTC(),
		Minor: c.Minor[i], Currency: c.Currency}, true
}

// EpochDay returns t's calendar date, in t's own location, as days from
// 1970-01-01: the value of LedgerColumns.Day for a row dated t (of the
// years 1 to 9999; others wrap around int32 or fall outside the range the
// readers accept).
func EpochDay(t time.Time) int32 {
	s := t.Unix()
	if t.Location() != time.UTC {
		_, off := t.Zone()
		s += int64(off)
	}
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return int32(d)
}
