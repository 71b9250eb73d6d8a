package ledger

import "github.com/secondsale/secondsale/internal/calendar"

// compaction holds the buffers of one goroutine compacting partitions: the
// book's own (Book.one, with the book's period memo) and, in a columnar
// batch of several workers, one per extra worker, so that partitions are
// compacted at once without sharing anything but the book's read-only
// accounts and grain.
type compaction struct {
	b        *Book
	memo     *[memoSize]dayPeriod // period of a day, as Book.PeriodOf's
	scratch  []entry              // the counting sort
	counts   []int
	merged   []entry   // a partition's cells merged with a batch's
	pair     []entry   // one account's cells from both
	cellSums []cellSum // one account's cells
}

// compactor returns the book's own compaction.
func (b *Book) compactor() *compaction {
	b.one.b, b.one.memo = b, &b.memo
	return &b.one
}

// newCompaction returns the compaction of an extra worker, with a memo of
// its own.
func (b *Book) newCompaction() *compaction { return &compaction{b: b, memo: newMemo()} }

// periodOf is Book.PeriodOf through cp's memo.
func (cp *compaction) periodOf(day int32) int32 {
	if m := cp.memo[uint32(day)&(memoSize-1)]; m.day == day {
		return m.period
	}
	p := int32(calendar.OfDay(cp.b.grain, int(day)))
	cp.memo[uint32(day)&(memoSize-1)] = dayPeriod{day: day, period: p}
	return p
}
