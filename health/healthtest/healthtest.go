// Package healthtest checks that a health.Store implementation keeps the
// contract the health package documents: ordering, half-open ranges, as-of
// reads, duplicate and invalid-input errors, isolation of stored values and
// safety under concurrent use. Hosts run it against their own store:
//
//	func TestMyStore(t *testing.T) {
//		healthtest.TestStore(t, func(t *testing.T) health.Store { return newEmptyStore(t) })
//	}
package healthtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/success"
)

var day0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day0.AddDate(0, 0, n) }

// snapshot returns a small but complete score for account as of day n.
func snapshot(account success.AccountID, n int, value float64) health.Score {
	band := "green"
	if value < 50 {
		band = "red"
	}
	return health.Score{
		Account: account, ScorecardID: "conformance", ScorecardVersion: 1, AsOf: day(n),
		Available: true, Value: value, Band: band, UncappedBand: band,
		ReportedValue: value, ReportedBand: band,
		Measures: []health.MeasureScore{{ID: "m", Input: success.NumberValue(value), Points: value, Weight: 1, EffectiveWeight: 1, Contribution: value}},
	}
}

// TestStore runs the conformance suite. newStore must return an empty store
// each time it is called.
func TestStore(t *testing.T, newStore func(t *testing.T) health.Store) {
	t.Helper()
	ctx := context.Background()
	run := func(name string, f func(t *testing.T, s health.Store)) {
		t.Run(name, func(t *testing.T) { f(t, newStore(t)) })
	}
	mustAppend := func(t *testing.T, s health.Store, sc health.Score) health.Score {
		t.Helper()
		got, err := s.Append(ctx, sc)
		if err != nil {
			t.Fatalf("Append(%s, %s): %v", sc.Account, sc.AsOf.Format(time.DateOnly), err)
		}
		return got
	}

	run("AppendAssignsTimeOrderedID", func(t *testing.T, s health.Store) {
		a := mustAppend(t, s, snapshot("acme", 0, 60))
		b := mustAppend(t, s, snapshot("acme", 1, 61))
		if a.ID == "" || b.ID == "" {
			t.Fatalf("Append left the ID empty: %q %q", a.ID, b.ID)
		}
		if a.ID == b.ID {
			t.Fatalf("two appends got the same ID %q", a.ID)
		}
		c := snapshot("acme", 2, 62)
		c.ID = "host-chosen-id"
		if got := mustAppend(t, s, c); got.ID != "host-chosen-id" {
			t.Fatalf("Append replaced a host ID: got %q", got.ID)
		}
	})

	run("RangeIsOrderedAndHalfOpen", func(t *testing.T, s health.Store) {
		for _, n := range []int{3, 0, 2, 4, 1} { // out of order: backfills are appends
			mustAppend(t, s, snapshot("acme", n, float64(50+n)))
		}
		mustAppend(t, s, snapshot("globex", 2, 10))
		got, err := s.Range(ctx, "acme", day(1), day(4))
		if err != nil {
			t.Fatalf("Range: %v", err)
		}
		if len(got) != 3 {
			t.Fatalf("Range [day1, day4) returned %d scores, want 3", len(got))
		}
		for i, sc := range got {
			if !sc.AsOf.Equal(day(i+1)) || sc.Account != "acme" || sc.Value != float64(51+i) {
				t.Fatalf("Range[%d] = %s as of %s value %v, want acme as of %s value %v",
					i, sc.Account, sc.AsOf.Format(time.DateOnly), sc.Value, day(i+1).Format(time.DateOnly), float64(51+i))
			}
		}
		empty, err := s.Range(ctx, "nobody", day(0), day(9))
		if err != nil || len(empty) != 0 {
			t.Fatalf("Range of an unknown account = %d scores, %v; want none and no error", len(empty), err)
		}
		if _, err := s.Range(ctx, "acme", day(4), day(1)); !errors.Is(err, health.ErrInvalid) {
			t.Fatalf("Range with end before start: got %v, want ErrInvalid", err)
		}
	})

	run("LatestAsOf", func(t *testing.T, s health.Store) {
		mustAppend(t, s, snapshot("acme", 2, 40))
		mustAppend(t, s, snapshot("acme", 5, 70))
		for _, tt := range []struct {
			asOf time.Time
			want float64
		}{{day(2), 40}, {day(4), 40}, {day(5), 70}, {day(30), 70}} {
			got, err := s.Latest(ctx, "acme", tt.asOf)
			if err != nil || got.Value != tt.want {
				t.Fatalf("Latest as of %s = %v, %v; want %v", tt.asOf.Format(time.DateOnly), got.Value, err, tt.want)
			}
		}
		if _, err := s.Latest(ctx, "acme", day(1)); !errors.Is(err, health.ErrNotFound) {
			t.Fatalf("Latest before the first score: got %v, want ErrNotFound", err)
		}
		if _, err := s.Latest(ctx, "nobody", day(9)); !errors.Is(err, health.ErrNotFound) {
			t.Fatalf("Latest of an unknown account: got %v, want ErrNotFound", err)
		}
	})

	run("RejectsDuplicates", func(t *testing.T, s health.Store) {
		first := mustAppend(t, s, snapshot("acme", 0, 60))
		if _, err := s.Append(ctx, snapshot("acme", 0, 65)); !errors.Is(err, health.ErrDuplicate) {
			t.Fatalf("second score at the same as-of: got %v, want ErrDuplicate", err)
		}
		again := snapshot("globex", 1, 65)
		again.ID = first.ID
		if _, err := s.Append(ctx, again); !errors.Is(err, health.ErrDuplicate) {
			t.Fatalf("second score with the same ID: got %v, want ErrDuplicate", err)
		}
		got, _ := s.Range(ctx, "acme", day(0), day(9))
		if len(got) != 1 || got[0].Value != 60 {
			t.Fatalf("a rejected append changed the history: %d scores", len(got))
		}
	})

	run("RejectsInvalid", func(t *testing.T, s health.Store) {
		noAccount := snapshot("", 0, 60)
		noTime := snapshot("acme", 0, 60)
		noTime.AsOf = time.Time{}
		badValue := snapshot("acme", 0, 60)
		badValue.Value = 101
		for name, sc := range map[string]health.Score{"empty account": noAccount, "zero as-of": noTime, "value 101": badValue} {
			if _, err := s.Append(ctx, sc); !errors.Is(err, health.ErrInvalid) {
				t.Fatalf("Append with %s: got %v, want ErrInvalid", name, err)
			}
		}
		if _, err := s.Latest(ctx, "", day(0)); !errors.Is(err, health.ErrInvalid) {
			t.Fatalf("Latest with an empty account: got %v, want ErrInvalid", err)
		}
	})

	run("ReturnsCopies", func(t *testing.T, s health.Store) {
		in := snapshot("acme", 0, 60)
		stored := mustAppend(t, s, in)
		in.Measures[0].Points = -1
		stored.Measures[0].Points = -2
		got, err := s.Latest(ctx, "acme", day(0))
		if err != nil {
			t.Fatalf("Latest: %v", err)
		}
		got.Measures[0].Points = -3
		again, _ := s.Latest(ctx, "acme", day(0))
		if again.Measures[0].Points != 60 {
			t.Fatalf("stored score changed through a caller's copy: points %v", again.Measures[0].Points)
		}
	})

	run("HonoursContext", func(t *testing.T, s health.Store) {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Append(cancelled, snapshot("acme", 0, 60)); !errors.Is(err, context.Canceled) {
			t.Fatalf("Append with a cancelled context: got %v, want context.Canceled", err)
		}
	})

	run("ConcurrentUse", func(t *testing.T, s health.Store) {
		const writers, each = 8, 25
		var wg sync.WaitGroup
		errs := make(chan error, writers*each*2)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				account := success.AccountID(fmt.Sprintf("acct-%d", w%4))
				for i := range each {
					if _, err := s.Append(ctx, snapshot(account, w/4*each+i, 50)); err != nil {
						errs <- err
					}
					if _, err := s.Range(ctx, account, day(0), day(1000)); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("concurrent use: %v", err)
		}
		for a := range 4 {
			got, err := s.Range(ctx, success.AccountID(fmt.Sprintf("acct-%d", a)), day(0), day(1000))
			if err != nil || len(got) != 2*each {
				t.Fatalf("after concurrent appends acct-%d has %d scores (%v), want %d", a, len(got), err, 2*each)
			}
		}
	})
}
