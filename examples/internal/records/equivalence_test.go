package records_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

// The streaming reader's batches (columns, plus rows for the rest) give
// the accumulator exactly what the per-line parser gives it, row by row,
// as a Beam pipeline calls it: the same report and the same rejects.
func TestLedgerReaderEqualsRowByRow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 200).Draw(t, "rows")
		var in strings.Builder
		in.WriteString("account,date,amount,currency\n")
		lines := make([]string, n)
		for i := range lines {
			acct := rapid.SampledFrom([]string{"a", "b", "c", "d", ""}).Draw(t, "account")
			date := fmt.Sprintf("2026-%02d-%02d", rapid.IntRange(1, 12).Draw(t, "month"), rapid.IntRange(1, 31).Draw(t, "day"))
			amount := rapid.SampledFrom([]string{"0", "10", "12.5", "7.25", "3.333", "x", "100"}).Draw(t, "amount")
			cur := rapid.SampledFrom([]string{"USD", "USD", "USD", "EUR", ""}).Draw(t, "currency")
			lines[i] = strings.Join([]string{acct, date, amount, cur}, ",")
			in.WriteString(lines[i] + "\n")
		}
		chunk := rapid.IntRange(1, 50).Draw(t, "chunk")

		batched, _ := churn.NewMovements(churn.MovementOptions{})
		var rejectedBatched []int64
		r, err := records.NewLedgerReader(strings.NewReader(in.String()), "l.csv", "csv", records.LedgerMapping{})
		if err != nil {
			t.Fatal(err)
		}
		var b records.LedgerBatch
		for r.Next(&b, chunk) {
			for _, rej := range b.Rejects {
				rejectedBatched = append(rejectedBatched, rej.Line)
			}
			cols, at := b.Columns, b.Lines
			for len(cols.Account) > 0 {
				err := batched.AddColumns(&cols, success.ColumnOptions{})
				if err == nil {
					break
				}
				var k int
				if _, serr := fmt.Sscanf(err.Error(), "rows[%d]", &k); serr != nil {
					t.Fatalf("unnamed row: %v", err)
				}
				rejectedBatched = append(rejectedBatched, at[k])
				cols.Account, cols.Day, cols.Minor, at = cols.Account[k+1:], cols.Day[k+1:], cols.Minor[k+1:], at[k+1:]
			}
			for i, row := range b.Rows {
				if batched.Add(row) != nil {
					rejectedBatched = append(rejectedBatched, b.RowLines[i])
				}
			}
		}

		single, _ := churn.NewMovements(churn.MovementOptions{})
		var rejectedSingle []int64
		h := header(nil, "account,date,amount,currency")
		p, _ := records.NewLedgerCSV(h, records.LedgerMapping{})
		for i, line := range lines {
			fields, _, _ := records.SplitCSV(nil, nil, []byte(line))
			row, rej := p.Row(fields, int64(i+2))
			if rej != nil || single.Add(row) != nil {
				rejectedSingle = append(rejectedSingle, int64(i+2))
			}
		}
		if single.Accounts() != batched.Accounts() {
			t.Fatalf("accounts: %d one by one, %d batched", single.Accounts(), batched.Accounts())
		}
		through := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		want, werr := single.Report(through)
		got, gerr := batched.Report(through)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("report errors differ: %v / %v", werr, gerr)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) {
			t.Fatalf("reports differ on\n%s\nchunk %d:\none by one %.400s\nbatched    %.400s", in.String(), chunk, wj, gj)
		}
		if fmt.Sprint(sorted(rejectedSingle)) != fmt.Sprint(sorted(rejectedBatched)) {
			t.Fatalf("rejects differ: %v one by one, %v batched", rejectedSingle, rejectedBatched)
		}
	})
}

func sorted(xs []int64) []int64 {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}
