package records

import "github.com/secondsale/secondsale/success"

// LedgerBatch is a batch of ledger lines, ready for the SDK's columnar
// readers (churn.Movements.AddColumns, cohort.TableAccumulator.AddColumns).
type LedgerBatch struct {
	// Columns holds the rows whose amounts are exact minor units of
	// Columns.Currency (the reader's Currency); Lines[i] is the line of
	// row i.
	Columns success.LedgerColumns
	Lines   []int64
	// Rows holds the rest (another currency, more decimal places than the
	// currency's minor unit), for the row path; RowLines are their lines.
	Rows     []success.LedgerRow
	RowLines []int64
	// Rejects are the lines that could not be read.
	Rejects []Reject
	// LastDay is the latest date read so far (over all batches), as an epoch
	// day; valid when Read > 0.
	LastDay int32

	dict    map[string]int32
	lastIdx int32
}

func (b *LedgerBatch) reset() {
	c := &b.Columns
	c.Accounts, c.Account, c.Day, c.Minor, c.Currency = c.Accounts[:0], c.Account[:0], c.Day[:0], c.Minor[:0], ""
	b.Lines, b.Rows, b.RowLines, b.Rejects = b.Lines[:0], b.Rows[:0], b.RowLines[:0], b.Rejects[:0]
	if b.dict == nil {
		b.dict = make(map[string]int32, 1<<14) // a batch's accounts, without rehashing as it fills
	}
	clear(b.dict)
	b.lastIdx = -1
}

// Len is the number of rows read into the batch (not the rejects).
func (b *LedgerBatch) Len() int { return len(b.Columns.Account) + len(b.Rows) }

// add appends a row to the columns.
func (b *LedgerBatch) add(account []byte, day int32, minor, line int64) {
	c := &b.Columns
	// Ledgers often come sorted by account: the row before is the
	// cheapest lookup.
	idx, ok := b.lastIdx, b.lastIdx >= 0 && string(account) == string(c.Accounts[b.lastIdx])
	if !ok {
		idx, ok = b.dict[string(account)]
	}
	if !ok {
		id := string(account)
		idx = int32(len(c.Accounts))
		b.dict[id] = idx
		c.Accounts = append(c.Accounts, success.AccountID(id))
	}
	b.lastIdx = idx
	c.Account = append(c.Account, idx)
	c.Day = append(c.Day, day)
	c.Minor = append(c.Minor, minor)
	b.Lines = append(b.Lines, line)
}
