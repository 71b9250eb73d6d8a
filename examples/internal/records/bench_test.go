package records_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/secondsale/secondsale/examples/internal/records"
)

// BenchmarkLedgerReader reads a 1M-row CSV ledger from memory in batches:
// the parsing cost per row, apart from the accumulators.
func BenchmarkLedgerReader(b *testing.B) {
	var in bytes.Buffer
	in.WriteString("account,date,amount,currency\n")
	for i := range 1_000_000 {
		fmt.Fprintf(&in, "acct-%d,20%02d-%02d-28,%d.%02d,USD\n", i/20, 22+i%20/12, 1+i%12, 100+i%977, i%100)
	}
	var batch records.LedgerBatch
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	for b.Loop() {
		r, err := records.NewLedgerReader(bytes.NewReader(in.Bytes()), "in.csv", "csv", records.LedgerMapping{})
		if err != nil {
			b.Fatal(err)
		}
		for r.Next(&batch, 1<<20) {
		}
	}
	b.ReportMetric(1e6*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
