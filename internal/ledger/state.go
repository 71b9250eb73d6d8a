package ledger

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// State is a book's plain, encodable form, in columns so that it crosses a
// Beam shuffle cheaply: the account IDs as one array, and every account's
// cells, in the order of IDs, as one byte string (base64 in JSON) of
// varints. Per account: its number of cells, then per cell its day as a
// zigzag delta from the previous cell's (across accounts, so a month apart
// stays one byte), and its units as a zigzag delta from the account's
// previous cell (raw for its first), Overflow included. A cell's period is
// its day's, so it is not written. The
// accumulators embed it in their own unexported state; it is not part of
// the public API.
type State struct {
	Exp   int32               `json:"exp"`
	IDs   []success.AccountID `json:"ids"`
	Cells []byte              `json:"cells"`
}

// AccountState is one account's cells, each [day, units], as a test or a
// tool writes them by hand; StateOf packs them.
type AccountState struct {
	ID    success.AccountID
	Cells [][2]int64
}

// StateOf packs accounts into a State as written, unchecked (Restore checks
// it), so that tests can build corrupted states.
func StateOf(exp int32, accounts []AccountState) State {
	w := newStateWriter(exp, len(accounts), 0)
	for _, a := range accounts {
		w.account(a.ID, len(a.Cells))
		for _, c := range a.Cells {
			w.cell(c[0], c[1])
		}
	}
	return w.s
}

// State returns the book's state, compacting it first.
func (b *Book) State() State {
	b.Compact()
	cells := 0
	for i := range b.parts {
		cells += b.parts[i].n // a cell per entry, but for sums kept as lines
	}
	w := newStateWriter(b.exp, len(b.ids), cells)
	for slot, cells := range b.All() {
		w.account(b.ids[slot], len(cells))
		for _, c := range cells {
			w.cell(int64(c.Day), c.Units)
		}
	}
	return w.s
}

// stateWriter appends accounts and their cells to a State.
type stateWriter struct {
	s          State
	day, units int64 // the previous cell's
}

// newStateWriter sizes the columns for n accounts and about cells cells,
// so that a large book's column is not copied as it grows: a cell takes
// two or three bytes when its account's amount changes little.
func newStateWriter(exp int32, n, cells int) stateWriter {
	return stateWriter{s: State{Exp: exp, IDs: make([]success.AccountID, 0, n), Cells: make([]byte, 0, n+3*cells)}}
}

func (w *stateWriter) account(id success.AccountID, n int) {
	w.s.IDs = append(w.s.IDs, id)
	w.s.Cells = binary.AppendUvarint(w.s.Cells, uint64(n))
	w.units = 0
}

func (w *stateWriter) cell(day, units int64) {
	w.s.Cells = binary.AppendVarint(w.s.Cells, day-w.day)
	w.s.Cells = binary.AppendVarint(w.s.Cells, units-w.units)
	w.day, w.units = day, units
}

// stateReader reads the cells column back, checking every bound: a varint
// that is cut short or too long, and a count of cells larger than the
// bytes left could hold, stop the reading.
type stateReader struct {
	data       []byte
	pos        int
	day, units int64
	err        string
}

// minCellBytes is the fewest bytes a cell takes (two one-byte varints).
const minCellBytes = 2

func (r *stateReader) count() int {
	v, n := binary.Uvarint(r.data[r.pos:])
	if n <= 0 {
		r.fail(n)
		return 0
	}
	r.pos += n
	if v > uint64(len(r.data)-r.pos)/minCellBytes {
		r.err = fmt.Sprintf("%d cells at byte %d, more than the %d bytes left could hold", v, r.pos-n, len(r.data)-r.pos)
		return 0
	}
	r.units = 0
	return int(v)
}

func (r *stateReader) cell() (day, units int64) {
	r.day += r.varint()
	r.units += r.varint()
	return r.day, r.units
}

func (r *stateReader) varint() int64 {
	if r.err != "" {
		return 0
	}
	v, n := binary.Varint(r.data[r.pos:])
	if n <= 0 {
		r.fail(n)
		return 0
	}
	r.pos += n
	return v
}

// fail records why a varint could not be read: n is 0 when the bytes ran
// out, negative when it is longer than 64 bits.
func (r *stateReader) fail(n int) {
	if n == 0 {
		r.err = "ends before the last account's cells"
	} else {
		r.err = fmt.Sprintf("a malformed number at byte %d", r.pos)
	}
}

// Restore rebuilds a book of grain g from s after checking that Add could
// have built it: accounts present and once each, cells on days of the
// years 1 to 9999 in increasing period order, amounts within MaxUnits (or
// Overflow, a sum that went beyond it), and the cells column well formed,
// one count per account and nothing after the last. Every problem is
// listed, with its path in the state: ids[i], or cells[i][k] for account
// i's cell k.
func Restore(g calendar.Grain, s State) (*Book, []string) {
	var problems []string
	add := func(path, format string, args ...any) {
		if len(problems) < 20 {
			problems = append(problems, path+": "+fmt.Sprintf(format, args...))
		}
	}
	if s.Exp > 0 || s.Exp < -MaxPlaces {
		add("exp", "%d is not between %d and 0", s.Exp, -MaxPlaces)
	}
	b := New(g)
	b.exp = s.Exp
	r := stateReader{data: s.Cells}
	for i, id := range s.IDs {
		n := r.count()
		if r.err != "" {
			break
		}
		slot := int32(-1)
		if id == "" {
			add("ids["+strconv.Itoa(i)+"]", "must not be empty")
		} else if j, h := b.index.find(id, b.ids); j >= 0 {
			add("ids["+strconv.Itoa(i)+"]", "is ids[%d] again", j)
		} else {
			slot = b.newSlot(id, h)
		}
		last, bad := int32(0), slot < 0
		for k := range n {
			day, units := r.cell()
			if r.err != "" || bad {
				continue // the cells of a rejected account are read past, unchecked
			}
			cp := func() string { return "cells[" + strconv.Itoa(i) + "][" + strconv.Itoa(k) + "]" } // built on a problem only
			if day < minDay || day > maxDay {
				add(cp(), "day %d is outside the years 1 to 9999", day)
				bad = true
				continue
			}
			period := b.PeriodOf(int32(day))
			switch {
			case units != Overflow && (units > MaxUnits || units < -MaxUnits):
				add(cp(), "amount is beyond the exact range")
			case k > 0 && last >= period:
				add(cp(), "is not in a later period than the cell before it")
			default:
				last = period
				b.push(slot, int32(day), units)
				continue
			}
			bad = true // one problem per account, as its later cells follow from it
		}
		if r.err != "" {
			break
		}
	}
	switch {
	case r.err != "":
		add("cells", "%s", r.err)
	case r.pos != len(r.data):
		add("cells", "%d bytes after the last account's cells", len(r.data)-r.pos)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	for i := range b.parts { // each partition holds its accounts' cells in slot order
		b.parts[i].clean = b.parts[i].n
	}
	return b, nil
}

// The days of the years 1 to 9999, the calendar a ledger may use.
var (
	minDay = int64(calendar.DaysFromCivil(calendar.MinYear, 1, 1))
	maxDay = int64(calendar.DaysFromCivil(calendar.MaxYear, 12, 31))
)

// Snapshot is what every ledger accumulator's encoded state holds: its
// grain, its currency (empty until an amount had one) and its book. The
// accumulators embed it beside their own options.
type Snapshot struct {
	Grain    success.Grain    `json:"grain"`
	Currency success.Currency `json:"currency,omitempty"`
	Ledger   State            `json:"ledger"`
}

// Snapshot returns the book's snapshot in grain g and currency c.
func (b *Book) Snapshot(g success.Grain, c success.Currency) Snapshot {
	return Snapshot{Grain: g, Currency: c, Ledger: b.State()}
}

// Book restores the snapshot's book in calendar grain g, or an error
// wrapping sentinel that lists every problem with its path ("ledger.accounts[3].id")
// and says what was being decoded.
func (s Snapshot) Book(g calendar.Grain, what string, sentinel error) (*Book, error) {
	if s.Currency != "" {
		if err := s.Currency.Validate(); err != nil {
			return nil, fmt.Errorf("%w: decoding %s: currency: %v", sentinel, what, err)
		}
	}
	b, problems := Restore(g, s.Ledger)
	if problems != nil {
		return nil, fmt.Errorf("%w: decoding %s: ledger.%s", sentinel, what, strings.Join(problems, "; ledger."))
	}
	return b, nil
}
