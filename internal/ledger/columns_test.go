package ledger

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

var errBad = errors.New("bad")

// addRow is a minimal row path: Read, then Add.
func addRow(b *Book) func(r *success.LedgerRow) *success.FieldError {
	return func(r *success.LedgerRow) *success.FieldError {
		l, ferr := b.Read(r, errBad)
		if ferr != nil {
			return ferr
		}
		if b.Add(r.Account, l.Day, l.C, l.E) != OK {
			return &success.FieldError{Path: "mrr", Problem: "refused", Err: errBad}
		}
		return nil
	}
}

// TestAddColumnsEveryCompaction: batches added as columns into books that
// compact at every bound (appended to a partition, merged into a compacted
// one, compacted with a dirty one) hold what the same rows added one by one
// hold.
func TestAddColumnsEveryCompaction(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows, cols := New(calendar.Month), New(calendar.Month)
		at := rapid.IntRange(1, 64).Draw(t, "compact at")
		rows.compactAt, cols.compactAt = at, at
		var dict []success.AccountID
		for range rapid.IntRange(1, 6).Draw(t, "batches") {
			if dict == nil || rapid.Bool().Draw(t, "new dict") {
				nd := rapid.IntRange(1, 700).Draw(t, "dict")
				dict = make([]success.AccountID, nd)
				off := rapid.IntRange(0, 1000).Draw(t, "off")
				for i := range dict {
					dict[i] = success.AccountID(fmt.Sprintf("a%d", (off+i)%1000))
				}
			} else { // the same dictionary again, some entries changed in place
				for range rapid.IntRange(0, 5).Draw(t, "changes") {
					i := rapid.IntRange(0, len(dict)-1).Draw(t, "at")
					switch rapid.IntRange(0, 2).Draw(t, "change") {
					case 0:
						dict[i] = success.AccountID(fmt.Sprintf("a%d", rapid.IntRange(0, 1200).Draw(t, "id")))
					case 1:
						dict[i] = dict[rapid.IntRange(0, len(dict)-1).Draw(t, "other")] // maybe a repeat
					default:
						dict[i] = success.AccountID(string([]byte(dict[i]))) // the same ID, other bytes
					}
				}
			}
			nd := len(dict)
			c := &success.LedgerColumns{Accounts: dict, Currency: "USD"}
			for range rapid.IntRange(0, 300).Draw(t, "rows") {
				c.Account = append(c.Account, int32(rapid.IntRange(0, nd-1).Draw(t, "account")))
				c.Day = append(c.Day, int32(19000+rapid.IntRange(0, 120).Draw(t, "day")))
				c.Minor = append(c.Minor, rapid.Int64Range(-100, 10000).Draw(t, "minor"))
			}
			for i := range c.Len() {
				r, _ := c.Row(i)
				if ferr := addRow(rows)(&r); ferr != nil {
					t.Fatal(ferr)
				}
			}
			if rapid.IntRange(0, 3).Draw(t, "asRows") == 0 {
				for i := range c.Len() {
					r, _ := c.Row(i)
					if ferr := addRow(cols)(&r); ferr != nil {
						t.Fatal(ferr)
					}
				}
			} else if _, err := cols.AddColumns(c, errBad, true, 0, addRow(cols)); err != nil {
				t.Fatal(err)
			}
		}
		if want, got := rows.State(), cols.State(); !reflect.DeepEqual(want, got) {
			t.Fatalf("states differ:\n%v\n%v", want, got)
		}
	})
}
