package cohort

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
)

// readCDNOWTransactions reads CDNOW_sample.txt (master_id sample_id yyyymmdd
// n_cds dollars), keying customers by sample_id as the published summaries do.
func readCDNOWTransactions(t *testing.T) []Transaction {
	t.Helper()
	f, err := os.Open(sharedDataPath(t, "CDNOW_sample.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []Transaction
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 5 {
			t.Fatalf("CDNOW_sample.txt line %d: %d fields, want 5", line, len(fields))
		}
		id, err := strconv.Atoi(fields[1])
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		day, err := time.Parse("20060102", fields[2])
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		amount, err := success.ParseMoney(fields[4], "USD")
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		out = append(out, Transaction{Account: success.AccountID(strconv.Itoa(id)), At: day, Amount: amount})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
