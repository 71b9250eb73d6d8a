package records

import (
	"errors"
	"regexp"
	"strconv"

	"github.com/secondsale/secondsale/success"
)

// LedgerSink is what reads a ledger's batches: churn.Movements and
// cohort.TableAccumulator both are.
type LedgerSink interface {
	AddColumns(c *success.LedgerColumns, opts success.ColumnOptions) error
	Add(r success.LedgerRow) error
}

// AddTo adds the batch to sink: its columns, then its rows. A row sink
// refuses becomes a reject with file, the row's line and the sink's reason,
// and the rows after it are still added; an error that names no row ends
// the batch and is returned. The batch's own rejects (lines that could not
// be read) are not passed on: the caller reports b.Rejects once, however
// many sinks read the batch.
func (b *LedgerBatch) AddTo(sink LedgerSink, file string, opts success.ColumnOptions, reject func(Reject)) error {
	cols, lines := b.Columns, b.Lines
	for len(cols.Account) > 0 {
		err := sink.AddColumns(&cols, opts)
		if err == nil {
			break
		}
		k, ok := rowOf(err)
		if !ok || k >= len(lines) {
			return err
		}
		reject(RejectOf(file, lines[k], err))
		cols.Account, cols.Day, cols.Minor, lines = cols.Account[k+1:], cols.Day[k+1:], cols.Minor[k+1:], lines[k+1:]
	}
	for i, row := range b.Rows {
		if err := sink.Add(row); err != nil {
			reject(RejectOf(file, b.RowLines[i], err))
		}
	}
	return nil
}

// itemPath matches the position an accumulator names a bad row of a batch
// by.
var itemPath = regexp.MustCompile(`^rows\[(\d+)\]: `)

// rowOf is the batch row an accumulator's error names.
func rowOf(err error) (int, bool) {
	sm := itemPath.FindStringSubmatch(err.Error())
	if sm == nil {
		return 0, false
	}
	k, err := strconv.Atoi(sm[1])
	return k, err == nil
}

// RejectOf turns the SDK's error about one record into a reject: the
// field is the first one the SDK names, and the reason is the error
// without its position in a batch ("rows[41]: ") and, when it is that one
// field's problem alone, without the field. SDK errors never carry a
// value, so neither does the reject.
func RejectOf(file string, line int64, err error) Reject {
	r := Reject{File: file, Line: line, Reason: err.Error()}
	if sm := itemPath.FindStringSubmatch(r.Reason); sm != nil {
		r.Reason = r.Reason[len(sm[0]):]
	}
	if fe := (*success.FieldError)(nil); errors.As(err, &fe) {
		r.Field = fe.Path
		if r.Reason == fe.Error() {
			r.Reason = fe.Problem
		}
	}
	return r
}
