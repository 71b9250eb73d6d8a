package ledger

import (
	"fmt"
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// line is one line as a test adds it.
type line struct {
	id    success.AccountID
	day   int32
	units int64
}

// convention applies the ledger convention by hand: per account and period,
// the sum of the lines of the last day, exactly, or Overflow.
func convention(g calendar.Grain, lines []line) map[success.AccountID][]Cell {
	type key struct {
		id     success.AccountID
		period int32
	}
	type sum struct {
		day    int32
		hi, lo uint64
	}
	sums := map[key]*sum{}
	for _, l := range lines {
		k := key{l.id, int32(calendar.OfDay(g, int(l.day)))}
		s := sums[k]
		if s == nil || l.day > s.day {
			s = &sum{day: l.day}
			sums[k] = s
		}
		if l.day == s.day {
			var carry uint64
			s.lo, carry = bits.Add64(s.lo, uint64(l.units), 0)
			s.hi += carry + uint64(l.units>>63)
		}
	}
	out := map[success.AccountID][]Cell{}
	for k, s := range sums {
		v := int64(s.lo)
		if int64(s.hi) != v>>63 || v > MaxUnits || v < -MaxUnits {
			v = Overflow
		}
		out[k.id] = append(out[k.id], Cell{Period: k.period, Day: s.day, Units: v})
	}
	for id, cells := range out {
		for i := 1; i < len(cells); i++ { // few cells: insertion sort by period
			for j := i; j > 0 && cells[j-1].Period > cells[j].Period; j-- {
				cells[j-1], cells[j] = cells[j], cells[j-1]
			}
		}
		out[id] = cells
	}
	return out
}

// cellsOf returns what All yields, by account.
func cellsOf(b *Book) map[success.AccountID][]Cell {
	out := map[success.AccountID][]Cell{}
	for slot, cells := range b.All() {
		if len(cells) > 0 {
			out[b.ID(slot)] = append([]Cell(nil), cells...)
		}
	}
	return out
}

func drawLines(t *rapid.T, huge bool) []line {
	accounts := rapid.IntRange(1, 700).Draw(t, "accounts")
	day0 := int32(calendar.DaysFromCivil(2025, 1, 1))
	var lines []line
	for range rapid.IntRange(0, 3000).Draw(t, "lines") {
		l := line{
			id:    success.AccountID(fmt.Sprintf("a%d", rapid.IntRange(0, accounts-1).Draw(t, "account"))),
			day:   day0 + int32(rapid.IntRange(0, 800).Draw(t, "day")),
			units: rapid.Int64Range(-1_000, 100_000).Draw(t, "units"),
		}
		if huge && rapid.IntRange(0, 20).Draw(t, "huge") == 0 {
			l.units = rapid.SampledFrom([]int64{MaxUnits, -MaxUnits, MaxUnits / 2}).Draw(t, "huge units")
		}
		lines = append(lines, l)
		if rapid.IntRange(0, 5).Draw(t, "repeat") == 0 {
			lines = append(lines, l) // a repeated row adds up
		}
	}
	return lines
}

// Compacting while rows are added (here at every slab) gives the cells of
// the convention applied by hand, as compacting only at the end does, in any
// order and at any grain; so do a round trip through the state and a merge
// of two halves.
func TestCompactionKeepsTheConvention(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := rapid.SampledFrom([]calendar.Grain{calendar.Month, calendar.Quarter, calendar.Year, calendar.Week}).Draw(t, "grain")
		lines := drawLines(t, true)
		want := convention(g, lines)

		once, often := New(g), New(g)
		often.compactAt = 1
		half := New(g)
		half.compactAt = rapid.IntRange(1, 100).Draw(t, "compact at")
		other := New(g)
		for i, l := range lines {
			require.Equal(t, OK, once.Add(l.id, l.day, l.units, 0))
			require.Equal(t, OK, often.Add(l.id, l.day, l.units, 0))
			into := half
			if i%3 == 0 {
				into = other
			}
			require.Equal(t, OK, into.Add(l.id, l.day, l.units, 0))
		}
		assert.Equal(t, len(want), len(cellsOf(once)))
		for id, cells := range cellsOf(once) {
			require.Equal(t, want[id], cells, "one compaction, account %s", id)
		}
		require.Equal(t, cellsOf(once), cellsOf(often), "compacted at every slab")
		require.NoError(t, half.Merge(other))
		require.Equal(t, cellsOf(once), cellsOf(half), "merged")
		restored, problems := Restore(g, often.State())
		require.Empty(t, problems)
		require.Equal(t, once.State(), restored.State(), "state round trip")
	})
}

// Overflow can only arise where the sum of the exact lines would: with
// lines within 2^40, compaction never overflows, and a later day replaces
// an overflowed cell.
func TestOverflowIsSupersededByALaterDay(t *testing.T) {
	b := New(calendar.Month)
	d := int32(calendar.DaysFromCivil(2026, 3, 1))
	for range 3 {
		require.Equal(t, OK, b.Add("a", d, MaxUnits, 0))
	}
	require.Equal(t, OK, b.Add("b", d, MaxUnits, 0))
	require.Equal(t, OK, b.Add("b", d, MaxUnits, 0))
	require.Equal(t, OK, b.Add("b", d, -MaxUnits, 0)) // back in range: exact, whatever the order
	b.Compact()
	require.Equal(t, OK, b.Add("c", d, MaxUnits, 0))
	require.Equal(t, OK, b.Add("c", d, MaxUnits, 0))
	cells := cellsOf(b)
	assert.Equal(t, int64(Overflow), cells["a"][0].Units)
	assert.Equal(t, int64(MaxUnits), cells["b"][0].Units)
	assert.Equal(t, int64(Overflow), cells["c"][0].Units)
	require.Equal(t, OK, b.Add("a", d+1, 5, 0))
	assert.Equal(t, []Cell{{Period: cells["a"][0].Period, Day: d + 1, Units: 5}}, cellsOf(b)["a"])
	restored, problems := Restore(calendar.Month, b.State())
	require.Empty(t, problems)
	assert.Equal(t, cellsOf(b), cellsOf(restored))
}

// The index compares IDs, not hashes: with every ID hashing alike, each
// account still gets its own slot.
func TestIndexWithCollidingHashes(t *testing.T) {
	saved := hash
	hash = func(maphash.Seed, success.AccountID) uint64 { return 42 << 32 }
	defer func() { hash = saved }()
	b := New(calendar.Month)
	d := int32(calendar.DaysFromCivil(2026, 3, 1))
	for round := range 2 {
		for i := range 300 {
			require.Equal(t, OK, b.Add(success.AccountID(fmt.Sprintf("a%d", i)), d, int64(i), 0))
		}
		require.Equal(t, 300, b.Accounts(), "round %d", round)
	}
	for slot, cells := range b.All() {
		require.Equal(t, success.AccountID(fmt.Sprintf("a%d", slot)), b.ID(slot))
		require.Equal(t, int64(2*slot), cells[0].Units)
	}
}

// An account is found whether its rows' IDs share their bytes with the one
// it was created with (the address table) or not (the hashed bytes), and
// after the address table is set aside for rows with fresh strings.
func TestIndexByAddressAndByBytes(t *testing.T) {
	b := New(calendar.Month)
	d := int32(calendar.DaysFromCivil(2026, 3, 1))
	shared := make([]success.AccountID, 50)
	for i := range shared {
		shared[i] = success.AccountID(fmt.Sprintf("a%d", i))
	}
	for round := range 300 {
		for i, id := range shared {
			if round%2 == 1 || round >= 10 {
				id = success.AccountID(fmt.Sprintf("a%d", i)) // the same ID in fresh bytes
			}
			require.Equal(t, OK, b.Add(id, d+int32(round%28), 1, 0))
		}
	}
	require.Equal(t, len(shared), b.Accounts())
	require.True(t, b.index.ptrOff, "mostly fresh strings: the address table is set aside")
	for slot, cells := range b.All() {
		require.Equal(t, shared[slot], b.ID(slot))
		require.Len(t, cells, 1)
		require.Equal(t, int64(10), cells[0].Units, "the lines of the 28th (rounds 27, 55, ..., 279)")
	}
}

// The lookups that skip the index (the previous row's account, the next
// one created, the address of the ID's bytes) give the cells of the
// convention in every order an export comes in: account by account, period
// by period in a stable account order, shuffled, and these mixed along the
// ledger.
func TestEveryOrderGivesTheSameCells(t *testing.T) {
	const accounts, months = 700, 30
	ids := make([]success.AccountID, accounts)
	for i := range ids {
		ids[i] = success.AccountID(fmt.Sprintf("acct-%d", i))
	}
	var byPeriod []line
	for m := range months {
		for a, id := range ids {
			if (a+m)%11 == 0 {
				continue // a month without a row
			}
			day := int32(calendar.DaysFromCivil(2024, time.Month(m+1), 1+a%3))
			byPeriod = append(byPeriod, line{id: id, day: day, units: int64(a*m%997 - 50)})
			if a%7 == 0 {
				byPeriod = append(byPeriod, line{id: id, day: day, units: 25}) // a second line
			}
		}
	}
	byAccount := slices.Clone(byPeriod)
	slices.SortStableFunc(byAccount, func(x, y line) int { return strings.Compare(string(x.id), string(y.id)) })
	shuffled := slices.Clone(byPeriod)
	rand.New(rand.NewPCG(3, 3)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	mixed := slices.Concat(byPeriod[:len(byPeriod)/3], shuffled[len(shuffled)/3:2*len(shuffled)/3], byAccount[2*len(byAccount)/3:])
	want := convention(calendar.Month, byPeriod)
	for name, lines := range map[string][]line{"by period": byPeriod, "by account": byAccount, "shuffled": shuffled} {
		b := New(calendar.Month)
		for _, l := range lines {
			require.Equal(t, OK, b.Add(l.id, l.day, l.units, 0))
		}
		got := cellsOf(b)
		require.Equal(t, len(want), len(got), name)
		for id, cells := range got {
			require.Equal(t, want[id], cells, "%s, account %s", name, id)
		}
	}
	// The mixed ledger holds each line once in some thirds: compare it with
	// its own convention.
	b := New(calendar.Month)
	for _, l := range mixed {
		require.Equal(t, OK, b.Add(l.id, l.day, l.units, 0))
	}
	wantMixed, got := convention(calendar.Month, mixed), cellsOf(b)
	require.Equal(t, len(wantMixed), len(got))
	for id, cells := range got {
		require.Equal(t, wantMixed[id], cells, "mixed, account %s", id)
	}
}
