package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/success"
	"github.com/stretchr/testify/require"
)

// dataDir holds the shared validation data, beside the repository.
const dataDir = "../../../shared/data"

// requireData returns the path of a validation data file, skipping the test
// when it is absent unless SECONDSALE_REQUIRE_DATA=1.
func requireData(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(dataDir, name)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("SECONDSALE_REQUIRE_DATA") == "1" {
			t.Fatalf("validation data %s is required: %v", path, err)
		}
		t.Skipf("validation data %s is absent: %v (set SECONDSALE_REQUIRE_DATA=1 to make this a failure)", path, err)
	}
	return path
}

// cdnowTransactions reads CDNOW_master.txt: customer_id, yyyymmdd, CDs,
// dollars, whitespace-separated, after one header line.
func cdnowTransactions(t *testing.T) []cohort.Transaction {
	f, err := os.Open(requireData(t, "CDNOW_master.txt"))
	require.NoError(t, err)
	defer f.Close()
	var txs []cohort.Transaction
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		require.Len(t, fields, 4)
		at, err := time.Parse("20060102", fields[1])
		require.NoError(t, err)
		amount, err := success.ParseMoney(fields[3], "USD")
		require.NoError(t, err)
		txs = append(txs, cohort.Transaction{Account: success.AccountID(fields[0]), At: at, Amount: amount})
	}
	require.NoError(t, sc.Err())
	return txs
}

// TestCDNOWEqualsSinglePass runs the lifetime-value stage on the 69,659
// CDNOW transactions (39-week calibration, in weeks) in one shard and in
// six: the summaries, the BG/NBD and Gamma-Gamma fits and every customer's
// value equal the SDK's on all the customers at once.
func TestCDNOWEqualsSinglePass(t *testing.T) {
	in := testInputs{transactions: cdnowTransactions(t)}
	require.Len(t, in.transactions, 69_659)
	cfg := config{CLV: clvOptions{CalibrationEnd: time.Date(1997, 9, 30, 0, 0, 0, 0, time.UTC), Unit: success.Weekly, Horizon: 39,
		Valuation: cohort.Valuation{Periods: 12, PeriodLength: 30.0 / 7, DiscountRate: 0.01}}}
	want := singlePass(t, in, cfg)
	require.Len(t, want[customersFile], 23_570)
	for _, shards := range []int{1, 6} {
		t.Run(map[int]string{1: "1 shard", 6: "6 shards"}[shards], func(t *testing.T) {
			requireSameOutputs(t, want, readOutputs(t, runPipeline(t, in, cfg, shards)), 1e-12, 1e-12)
		})
	}
}
