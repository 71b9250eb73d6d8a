package cohort

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/internal/accumtest"
	"github.com/secondsale/secondsale/success"
)

func TestSummaryAccumulatorMergeEqualsOnePassRapid(t *testing.T) {
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 60).Draw(t, "n")
		txs := make([]Transaction, n)
		for i := range txs {
			txs[i] = Transaction{
				Account: success.AccountID(fmt.Sprint(rapid.IntRange(0, 5).Draw(t, "customer"))),
				At:      end.Add(-time.Duration(rapid.IntRange(-100, 4000).Draw(t, "hoursBefore")) * time.Hour),
				Amount:  success.MustMoney(fmt.Sprint(rapid.IntRange(0, 10000).Draw(t, "cents")), "USD"),
			}
		}
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		whole, _ := NewSummaryAccumulator(end, success.Daily, SummaryOptions{})
		noErr(t, whole.AddAll(slices.Values(txs)))
		// Shards encoded, decoded and merged in any order.
		shardOf := make([]int, len(txs))
		for i := range shardOf {
			shardOf[i] = rapid.IntRange(0, shards-1).Draw(t, "shard")
		}
		order := rapid.Permutation(accumtest.ShardNumbers(shards)).Draw(t, "merge order")
		merged, err := accumtest.MergeShards(func() *SummaryAccumulator {
			a, err := NewSummaryAccumulator(end, whole.unit, SummaryOptions{})
			noErr(t, err)
			return a
		}, txs, shardOf, order)
		noErr(t, err)
		if a, b := whole.Summaries(), merged.Summaries(); !slices.Equal(a, b) || whole.After() != merged.After() {
			t.Fatalf("merged %v (after %d) != one pass %v (after %d)", b, merged.After(), a, whole.After())
		}
		// The state survives a JSON round trip.
		encoded, err := json.Marshal(merged.State())
		if err != nil {
			t.Fatal(err)
		}
		var state SummaryState
		if err := json.Unmarshal(encoded, &state); err != nil {
			t.Fatal(err)
		}
		restored, err := RestoreSummaryAccumulator(state, nil)
		if err != nil {
			t.Fatalf("restore %s: %v", encoded, err)
		}
		if a, b := whole.Summaries(), restored.Summaries(); !slices.Equal(a, b) || restored.After() != whole.After() {
			t.Fatalf("restored %v != one pass %v", b, a)
		}
		for _, c := range whole.Summaries() {
			if err := c.Validate(); err != nil {
				t.Fatalf("summary %+v invalid: %v", c, err)
			}
		}
	})
}

func TestSummaryAccumulatorMergeRejectsMismatch(t *testing.T) {
	end := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	a, _ := NewSummaryAccumulator(end, success.Daily, SummaryOptions{})
	b, _ := NewSummaryAccumulator(end, success.Weekly, SummaryOptions{})
	if err := a.Merge(b); !errors.Is(err, ErrInvalid) {
		t.Errorf("unit mismatch: err = %v", err)
	}
	c, _ := NewSummaryAccumulator(end, success.Daily, SummaryOptions{})
	_ = a.Add(Transaction{Account: "x", At: end, Amount: success.MustMoney("1", "USD")})
	_ = c.Add(Transaction{Account: "x", At: end, Amount: success.MustMoney("1", "EUR")})
	if err := a.Merge(c); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("currency mismatch: err = %v, want ErrCurrencyMismatch as for tables", err)
	}
	d, _ := NewSummaryAccumulator(end, success.Daily, SummaryOptions{})
	_ = d.Add(Transaction{Account: "x", At: end, Amount: success.MustMoney("1", "USD")})
	if err := d.Add(Transaction{Account: "y", At: end, Amount: success.MustMoney("1", "EUR")}); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("adding a second currency: err = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := NewSummaryAccumulator(time.Time{}, success.Daily, SummaryOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero end: err = %v", err)
	}
}

func TestRestoreSummaryAccumulatorRejectsBadState(t *testing.T) {
	state := SummaryState{
		CalibrationEnd: "2024-06-30", Location: "UTC", Unit: success.Weekly, Currency: "USD",
		Accounts: []AccountDays{
			{Account: "a", Days: []PurchaseDay{{Date: "2024-07-01", Amount: decimal.NewFromInt(5)}}},
			{Account: "a", Days: []PurchaseDay{{Date: "June 3", Amount: decimal.NewFromInt(-1)}}},
			{Account: "", Days: nil},
		},
	}
	_, err := RestoreSummaryAccumulator(state, nil)
	checkProblems(t, err, ErrInvalid, "accounts[0].days[0].date", "accounts[1].account",
		"accounts[1].days[0].date", "accounts[2].account", "accounts[2].days")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	if _, err := RestoreSummaryAccumulator(SummaryState{CalibrationEnd: "2024-06-30", Location: "UTC", Unit: success.Daily}, ny); !errors.Is(err, ErrInvalid) {
		t.Errorf("location mismatch: err = %v", err)
	}
}

func TestSummaryAccumulatorMisuseIsAnError(t *testing.T) {
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	tx := Transaction{Account: "a", At: end, Amount: success.MustMoney("1", "USD")}
	var zero SummaryAccumulator
	if err := zero.Add(tx); !errors.Is(err, ErrInvalid) {
		t.Errorf("Add to the zero accumulator: err = %v, want ErrInvalid", err)
	}
	a, err := NewSummaryAccumulator(end, success.Weekly, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Add(tx); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string]*SummaryAccumulator{"nil": nil, "itself": a, "zero": {}} {
		if err := a.Merge(b); !errors.Is(err, ErrInvalid) {
			t.Errorf("Merge(%s): err = %v, want ErrInvalid", name, err)
		}
	}
	// The failed merges left a intact: one purchase of 1.
	got := a.Summaries()
	want := []CustomerSummary{{Account: "a", Currency: "USD", Unit: success.Weekly}}
	if !slices.Equal(got, want) {
		t.Errorf("after failed merges: %+v, want %+v", got, want)
	}
	if s := a.State(); len(s.Accounts) != 1 || len(s.Accounts[0].Days) != 1 || !s.Accounts[0].Days[0].Amount.Equal(decimal.NewFromInt(1)) {
		t.Errorf("after failed merges: state %+v", s)
	}
}

func TestSummariesMeasureInDaysOrWeeksOnly(t *testing.T) {
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, g := range []success.Grain{success.Monthly, success.Quarterly, success.Yearly, "fortnight", ""} {
		if _, err := NewSummaryAccumulator(end, g, SummaryOptions{}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "want day or week") {
			t.Errorf("grain %q: %v", g, err)
		}
		if err := (CustomerSummary{Account: "a", Age: 1, Unit: g}).Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("summary in %q: %v", g, err)
		}
	}
}
