package ledger

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// State is a book's plain, encodable form. The accumulators embed it in
// their own unexported state; it is not part of the public API.
type State struct {
	Exp      int32          `json:"exp"`
	Accounts []AccountState `json:"accounts"`
}

// AccountState is one account's cells, each [period, day, units].
type AccountState struct {
	ID    success.AccountID `json:"id"`
	Cells [][3]int64        `json:"cells"`
}

// State returns the book's state, compacting it first.
func (b *Book) State() State {
	b.flush()
	s := State{Exp: b.exp, Accounts: make([]AccountState, len(b.ids))}
	for slot, cells := range b.All() {
		out := make([][3]int64, len(cells))
		for i, c := range cells {
			out[i] = [3]int64{int64(c.Period), int64(c.Day), c.Units}
		}
		s.Accounts[slot] = AccountState{ID: b.ids[slot], Cells: out}
	}
	return s
}

// Restore rebuilds a book of grain g from s after checking that Add could
// have built it: accounts present and once each, cells in increasing period
// order with their day inside their period, amounts within MaxUnits (or
// Overflow, a sum that went beyond it). Every problem is listed, with its
// path in the state.
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
	for i, a := range s.Accounts {
		path := "accounts[" + strconv.Itoa(i) + "]"
		if a.ID == "" {
			add(path+".id", "must not be empty")
			continue
		}
		j, h := b.index.find(a.ID, b.ids)
		if j >= 0 {
			add(path+".id", "is accounts[%d] again", j)
			continue
		}
		slot := b.newSlot(a.ID, h)
		last := int64(0)
		for k, c := range a.Cells {
			cp := path + ".cells[" + strconv.Itoa(k) + "]"
			period, day, units := c[0], c[1], c[2]
			switch {
			case day < minDay || day > maxDay:
				add(cp, "day %d is outside the years 1 to 9999", day)
			case int64(calendar.OfDay(g, int(day))) != period:
				add(cp, "day %d is not in period %d", day, period)
			case units != Overflow && (units > MaxUnits || units < -MaxUnits):
				add(cp, "amount is beyond the exact range")
			case k > 0 && last >= period:
				add(cp, "periods are not in increasing order")
			default:
				last = period
				b.push(slot, int32(day), units)
				continue
			}
			break
		}
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
