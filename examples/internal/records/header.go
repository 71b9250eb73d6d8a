package records

import (
	"fmt"
	"strings"

	"github.com/secondsale/secondsale/success"
)

// Header is a CSV file's first row: the column names by position, so that
// a mapping of names (from the command line) resolves to indexes once.
type Header struct {
	File  string
	names []string
	index map[string]int
}

// NewHeader reads a header row. Empty and repeated column names are an
// error: a mapping by name could not tell them apart.
func NewHeader(file string, fields [][]byte) (*Header, error) {
	h := &Header{File: file, names: make([]string, len(fields)), index: make(map[string]int, len(fields))}
	for i, f := range fields {
		name := strings.TrimSpace(string(f))
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff") // a spreadsheet's byte order mark
		}
		if name == "" {
			return nil, fmt.Errorf("%s:1: column %d has no name", file, i+1)
		}
		if _, dup := h.index[name]; dup {
			return nil, fmt.Errorf("%s:1: column %q appears twice", file, name)
		}
		h.names[i] = name
		h.index[name] = i
	}
	return h, nil
}

// Len is the number of columns.
func (h *Header) Len() int { return len(h.names) }

// Name is the name of column i.
func (h *Header) Name(i int) string { return h.names[i] }

// Column returns the index of a required column, or an error naming the
// flag that maps it so the user knows what to change.
func (h *Header) Column(name, flag string) (int, error) {
	i, ok := h.index[name]
	if !ok {
		return -1, fmt.Errorf("%s:1: no column %q (set its name with -%s)", h.File, name, flag)
	}
	return i, nil
}

// Optional returns the index of a column, or -1 when name is empty or the
// file has no such column.
func (h *Header) Optional(name string) int {
	if i, ok := h.index[name]; ok && name != "" {
		return i
	}
	return -1
}

// col is a required column to resolve: where its index goes, its name and
// the flag that sets the name.
type col struct {
	idx        *int
	name, flag string
}

// resolve resolves required columns in order, up to the first missing one.
func (h *Header) resolve(cols ...col) error {
	for _, c := range cols {
		i, err := h.Column(c.name, c.flag)
		if err != nil {
			return err
		}
		*c.idx = i
	}
	return nil
}

// moneyColumns resolves the account, date and amount columns a ledger and
// transactions share, and the currency column, required unless there is a
// default currency (-1 when absent).
func (h *Header) moneyColumns(account, date, amount, currency string, def success.Currency) (acct, day, amt, cur int, err error) {
	err = h.resolve(col{&acct, account, "account"}, col{&day, date, "date"}, col{&amt, amount, "amount"})
	if cur = h.Optional(currency); err == nil && cur < 0 && def == "" {
		err = fmt.Errorf("%s:1: no column %q (set its name with -currency, or give every amount's currency with -currency-code)", h.File, currency)
	}
	return acct, day, amt, cur, err
}

// check rejects a row whose number of fields differs from the header's.
func (h *Header) check(fields [][]byte, line int64) *Reject {
	if len(fields) != len(h.names) {
		return &Reject{File: h.File, Line: line, Reason: fmt.Sprintf("%d fields where the header has %d", len(fields), len(h.names))}
	}
	return nil
}

// ReadHeader reads a CSV file's header line.
func ReadHeader(l *Lines, file string) (*Header, error) {
	line, ok := l.Next()
	if !ok {
		if l.Err() != nil {
			return nil, fmt.Errorf("%s: %w", file, l.Err())
		}
		return nil, fmt.Errorf("%s: empty file, no header", file)
	}
	if l.TooLong {
		return nil, fmt.Errorf("%s:1: header longer than 1 MiB", file)
	}
	fields, _, ok := SplitCSV(nil, nil, line)
	if !ok {
		return nil, fmt.Errorf("%s:1: malformed CSV header", file)
	}
	return NewHeader(file, fields)
}
