// Package healthtest checks that a health.Store implementation keeps the
// contract the health package documents: ordering, half-open ranges, as-of
// reads, duplicate and invalid-input errors (one winner when appends of one
// instant race), times compared as instants whatever their time zone, the
// whole snapshot kept (every measure, group, cap and override), isolation of
// stored values, cancelled contexts honoured and safety under concurrent use. Hosts run it against
// their own store:
//
//	func TestMyStore(t *testing.T) {
//		healthtest.TestStore(t, func(t *testing.T) health.Store { return newEmptyStore(t) })
//	}
//
// Run does the same without a *testing.T, for other test harnesses, and
// returns every violation joined into one error. It writes test scores, so
// point it at an empty, disposable store.
package healthtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/secondsale/secondsale/internal/conformance"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
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
	s := health.Score{
		Account: account, ScorecardID: "conformance", ScorecardVersion: 1, AsOf: day(n),
		Available: true, Value: value, Band: band, UncappedBand: band,
		ReportedValue: value, ReportedBand: band,
	}
	s.SetMeasures([]health.MeasureScore{health.NewMeasureScore(health.NewMeasureInfo("m", "", 1, false), success.NumberValue(value), value, 1)})
	return s
}

// check is one rule of the Store contract; it returns the first violation.
type check = conformance.Check[health.Store]

// TestStore runs the conformance suite as subtests. newStore must return an
// empty store each time it is called.
func TestStore(t *testing.T, newStore func(t *testing.T) health.Store) {
	t.Helper()
	conformance.Test(t, checks, newStore)
}

// Run runs the conformance suite outside a test and returns every violation,
// joined; nil means the store keeps the contract. newStore must return an
// empty store each time it is called.
func Run(ctx context.Context, newStore func() (health.Store, error)) error {
	return conformance.Run(ctx, checks, newStore)
}

func appendAll(ctx context.Context, s health.Store, scores ...health.Score) ([]health.Score, error) {
	var out []health.Score
	for _, sc := range scores {
		got, err := s.Append(ctx, sc)
		if err != nil {
			return nil, fmt.Errorf("store.Append(%s, %s): %w", sc.Account, sc.AsOf.Format(time.DateOnly), err)
		}
		out = append(out, got)
	}
	return out, nil
}

// normalise returns s with its times in UTC and without monotonic readings,
// so a store that round-trips times through a database compares equal.
func normalise(s health.Score) health.Score {
	s.AsOf = s.AsOf.UTC().Round(0)
	if s.Override != nil {
		o := *s.Override
		o.Set, o.Expires = o.Set.UTC().Round(0), o.Expires.UTC().Round(0)
		s.Override = &o
	}
	return s
}

// hostChosenID is an ID a host assigned itself, which Append must keep.
var hostChosenID = uuid.MustParse("0190a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d")

var checks = []check{
	{Name: "AppendAssignsTimeOrderedID", Run: func(ctx context.Context, s health.Store) error {
		c := snapshot("acme", 2, 62)
		c.ID = hostChosenID
		got, err := appendAll(ctx, s, snapshot("acme", 0, 60), snapshot("acme", 1, 61), c)
		if err != nil {
			return err
		}
		a, b := got[0], got[1]
		if a.ID == uuid.Nil || b.ID == uuid.Nil {
			return fmt.Errorf("store.Append left the ID nil: %s %s", a.ID, b.ID)
		}
		if a.ID.Version() != 7 || b.ID.Version() != 7 {
			return fmt.Errorf("store.Append assigned IDs of versions %d and %d, want UUID v7", a.ID.Version(), b.ID.Version())
		}
		if bytes.Compare(a.ID[:], b.ID[:]) >= 0 {
			return fmt.Errorf("the ID %s of the earlier snapshot does not sort before %s", a.ID, b.ID)
		}
		if got[2].ID != hostChosenID {
			return fmt.Errorf("store.Append replaced a host ID: got %s, want %s", got[2].ID, hostChosenID)
		}
		return nil
	}},
	{Name: "RangeIsOrderedAndHalfOpen", Run: func(ctx context.Context, s health.Store) error {
		var in []health.Score
		for _, n := range []int{3, 0, 2, 4, 1} { // out of order: backfills are appends
			in = append(in, snapshot("acme", n, float64(50+n)))
		}
		if _, err := appendAll(ctx, s, append(in, snapshot("globex", 2, 10))...); err != nil {
			return err
		}
		got, err := s.Range(ctx, "acme", day(1), day(4))
		if err != nil {
			return fmt.Errorf("store.Range: %w", err)
		}
		if len(got) != 3 {
			return fmt.Errorf("store.Range [day1, day4) returned %d scores, want 3", len(got))
		}
		for i, sc := range got {
			if !sc.AsOf.Equal(day(i+1)) || sc.Account != "acme" || sc.Value != float64(51+i) {
				return fmt.Errorf("store.Range[%d] = %s as of %s value %v, want acme as of %s value %v",
					i, sc.Account, sc.AsOf.Format(time.DateOnly), sc.Value, day(i+1).Format(time.DateOnly), float64(51+i))
			}
		}
		empty, err := s.Range(ctx, "nobody", day(0), day(9))
		if err != nil || len(empty) != 0 {
			return fmt.Errorf("store.Range of an unknown account = %d scores, %v; want none and no error", len(empty), err)
		}
		if _, err := s.Range(ctx, "acme", day(4), day(1)); !errors.Is(err, health.ErrInvalid) {
			return fmt.Errorf("store.Range with end before start: got %v, want ErrInvalid", err)
		}
		return nil
	}},
	{Name: "LatestAsOf", Run: func(ctx context.Context, s health.Store) error {
		if _, err := appendAll(ctx, s, snapshot("acme", 2, 40), snapshot("acme", 5, 70)); err != nil {
			return err
		}
		for _, tt := range []struct {
			asOf time.Time
			want float64
		}{{day(2), 40}, {day(4), 40}, {day(5), 70}, {day(30), 70}} {
			got, err := s.Latest(ctx, "acme", tt.asOf)
			if err != nil || got.Value != tt.want {
				return fmt.Errorf("store.Latest as of %s = %v, %v; want %v", tt.asOf.Format(time.DateOnly), got.Value, err, tt.want)
			}
		}
		if _, err := s.Latest(ctx, "acme", day(1)); !errors.Is(err, health.ErrNotFound) {
			return fmt.Errorf("store.Latest before the first score: got %v, want ErrNotFound", err)
		}
		if _, err := s.Latest(ctx, "nobody", day(9)); !errors.Is(err, health.ErrNotFound) {
			return fmt.Errorf("store.Latest of an unknown account: got %v, want ErrNotFound", err)
		}
		return nil
	}},
	{Name: "RejectsDuplicates", Run: func(ctx context.Context, s health.Store) error {
		stored, err := appendAll(ctx, s, snapshot("acme", 0, 60))
		if err != nil {
			return err
		}
		first := stored[0]
		if _, err := s.Append(ctx, snapshot("acme", 0, 65)); !errors.Is(err, health.ErrDuplicate) {
			return fmt.Errorf("second score at the same as-of: got %v, want ErrDuplicate", err)
		}
		again := snapshot("globex", 1, 65)
		again.ID = first.ID
		if _, err := s.Append(ctx, again); !errors.Is(err, health.ErrDuplicate) {
			return fmt.Errorf("second score with the same ID: got %v, want ErrDuplicate", err)
		}
		got, _ := s.Range(ctx, "acme", day(0), day(9))
		if len(got) != 1 || got[0].Value != 60 {
			return fmt.Errorf("a rejected append changed the history: %d scores", len(got))
		}
		return nil
	}},
	{Name: "RejectsInvalid", Run: func(ctx context.Context, s health.Store) error {
		noAccount := snapshot("", 0, 60)
		noTime := snapshot("acme", 0, 60)
		noTime.AsOf = time.Time{}
		badValue := snapshot("acme", 0, 60)
		badValue.Value = 101
		// A NaN passes every comparison a naive check makes, and would make
		// StoreTrend's slope NaN.
		nanValue := snapshot("acme", 0, 60)
		nanValue.Value = math.NaN()
		nanValue.SetMeasures(nil) // so that only the NaN is wrong with it
		for name, sc := range map[string]health.Score{"empty account": noAccount, "zero as-of": noTime, "value 101": badValue, "value NaN": nanValue} {
			if _, err := s.Append(ctx, sc); !errors.Is(err, health.ErrInvalid) {
				return fmt.Errorf("store.Append with %s: got %v, want ErrInvalid", name, err)
			}
		}
		if _, err := s.Latest(ctx, "", day(0)); !errors.Is(err, health.ErrInvalid) {
			return fmt.Errorf("store.Latest with an empty account: got %v, want ErrInvalid", err)
		}
		return nil
	}},
	{Name: "ConcurrentDuplicatesOneWins", Run: func(ctx context.Context, s health.Store) error {
		// Appends of one account and instant racing each other: a store
		// that checks for a duplicate and then inserts, without a unique
		// constraint, lets several through.
		const racers = 8
		start := make(chan struct{})
		results := make(chan error, racers)
		var wg sync.WaitGroup
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := s.Append(ctx, snapshot("acme", 0, float64(50+i)))
				results <- err
			}()
		}
		close(start)
		wg.Wait()
		close(results)
		won := 0
		for err := range results {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, health.ErrDuplicate):
				return fmt.Errorf("a losing concurrent append: got %v, want ErrDuplicate", err)
			}
		}
		got, err := s.Range(ctx, "acme", day(0), day(1))
		if won != 1 || err != nil || len(got) != 1 {
			return fmt.Errorf("%d concurrent appends at one instant: %d succeeded and %d scores are stored (%v); want exactly one", racers, won, len(got), err)
		}
		return nil
	}},
	{Name: "InstantsNotWallClocks", Run: func(ctx context.Context, s health.Store) error {
		// The same instants written in other time zones must select the
		// same scores: a store keyed by wall clock gets them wrong.
		if _, err := appendAll(ctx, s, snapshot("acme", 1, 40), snapshot("acme", 2, 70)); err != nil {
			return err
		}
		honolulu, tokyo := time.FixedZone("UTC-10", -10*3600), time.FixedZone("UTC+9", 9*3600)
		got, err := s.Latest(ctx, "acme", day(2).In(honolulu))
		if err != nil || !got.AsOf.Equal(day(2)) {
			return fmt.Errorf("store.Latest as of %s = score as of %s, %v; want the score as of %s",
				day(2).In(honolulu).Format(time.RFC3339), got.AsOf.Format(time.RFC3339), err, day(2).Format(time.RFC3339))
		}
		ranged, err := s.Range(ctx, "acme", day(2).In(tokyo), day(3).In(honolulu))
		if err != nil || len(ranged) != 1 || !ranged[0].AsOf.Equal(day(2)) {
			return fmt.Errorf("store.Range [%s, %s) = %d scores (%v); want the one as of %s",
				day(2).In(tokyo).Format(time.RFC3339), day(3).In(honolulu).Format(time.RFC3339), len(ranged), err, day(2).Format(time.RFC3339))
		}
		again := snapshot("acme", 2, 75)
		again.AsOf = again.AsOf.In(tokyo)
		if _, err := s.Append(ctx, again); !errors.Is(err, health.ErrDuplicate) {
			return fmt.Errorf("a second score at the same instant in another time zone: got %v, want ErrDuplicate", err)
		}
		return nil
	}},
	// A copy of a Score shares its Caps and Override (its measures and
	// groups are its own), so a store that kept the caller's would change
	// with it.
	{Name: "ReturnsCopies", Run: func(ctx context.Context, s health.Store) error {
		in := snapshot("acme", 0, 30)
		in.Caps = []health.Cap{{Measure: "m", Points: 30, Below: 40, Band: "red"}}
		v := 30.0
		in.Override = &health.Override{Value: &v, Author: "kim", Reason: "renewal signed", Set: day(0), Expires: day(30)}
		stored, err := appendAll(ctx, s, in)
		if err != nil {
			return err
		}
		spoil := func(sc *health.Score, x float64) {
			if len(sc.Caps) == 1 && sc.Override != nil && sc.Override.Value != nil {
				sc.Caps[0].Points, *sc.Override.Value = x, x
			}
		}
		spoil(&in, -1)
		spoil(&stored[0], -2)
		got, err := s.Latest(ctx, "acme", day(0))
		if err != nil {
			return fmt.Errorf("store.Latest: %w", err)
		}
		spoil(&got, -3)
		ranged, err := s.Range(ctx, "acme", day(0), day(1))
		if err != nil || len(ranged) != 1 {
			return fmt.Errorf("store.Range = %d scores, %v; want 1", len(ranged), err)
		}
		spoil(&ranged[0], -4)
		again, _ := s.Latest(ctx, "acme", day(0))
		if len(again.Caps) != 1 || again.Caps[0].Points != 30 || again.Override == nil || again.Override.Value == nil || *again.Override.Value != 30 {
			return fmt.Errorf("stored score changed through a caller's copy, or lost its cap or override (%d caps)", len(again.Caps))
		}
		return nil
	}},
	{Name: "KeepsTheWholeSnapshot", Run: func(ctx context.Context, s health.Store) error {
		in := snapshot("acme", 0, 30)
		in.MissingWeight = 0.25
		in.SetMeasures(append(in.Measures(), health.NewMeasureScore(health.NewMeasureInfo("gone", "", 0.25, false), success.Value{}, 0, 0)))
		in.SetGroups([]health.GroupScore{{GroupInfo: health.NewGroupInfo("g", "", 1), EffectiveWeight: 1, Contribution: 30}})
		in.Caps = []health.Cap{{Measure: "m", Points: 30, Below: 40, Band: "red"}}
		in.SubjectiveShare = 0.5
		v := 80.0
		in.Override = &health.Override{Value: &v, Author: "kim", Reason: "renewal signed", Set: day(0), Expires: day(30)}
		in.ReportedValue, in.ReportedBand = 80, "green"
		stored, err := appendAll(ctx, s, in)
		if err != nil {
			return err
		}
		in.ID = stored[0].ID
		got, err := s.Latest(ctx, "acme", day(0))
		if err != nil {
			return fmt.Errorf("store.Latest: %w", err)
		}
		if !reflect.DeepEqual(normalise(got), normalise(in)) {
			return fmt.Errorf("store.Latest returned a different snapshot than was appended:\n got %+v\nwant %+v", got, in)
		}
		return nil
	}},
	{Name: "HonoursContext", Run: func(ctx context.Context, s health.Store) error {
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Append(cancelled, snapshot("acme", 0, 60)); !errors.Is(err, context.Canceled) {
			return fmt.Errorf("store.Append with a cancelled context: got %v, want context.Canceled", err)
		}
		if _, err := s.Range(cancelled, "acme", day(0), day(1)); !errors.Is(err, context.Canceled) {
			return fmt.Errorf("store.Range with a cancelled context: got %v, want context.Canceled", err)
		}
		if _, err := s.Latest(cancelled, "acme", day(0)); !errors.Is(err, context.Canceled) {
			return fmt.Errorf("store.Latest with a cancelled context: got %v, want context.Canceled", err)
		}
		return nil
	}},
	{Name: "ConcurrentUse", Run: func(ctx context.Context, s health.Store) error {
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
		if err := <-errs; err != nil {
			return fmt.Errorf("concurrent use: %w", err)
		}
		for a := range 4 {
			got, err := s.Range(ctx, success.AccountID(fmt.Sprintf("acct-%d", a)), day(0), day(1000))
			if err != nil || len(got) != 2*each {
				return fmt.Errorf("after concurrent appends acct-%d has %d scores (%v), want %d", a, len(got), err, 2*each)
			}
		}
		return nil
	}},
}
