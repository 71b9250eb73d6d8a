package cohort

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/internal/shareddata"
	"github.com/secondsale/secondsale/success"
)

// readCDNOWTransactions reads CDNOW_sample.txt (master_id sample_id yyyymmdd
// n_cds dollars), keying customers by sample_id as the published summaries do.
func readCDNOWTransactions(t *testing.T) []Transaction {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, "CDNOW_sample.txt"))
	require.NoError(t, err)
	defer f.Close()
	var out []Transaction
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		require.Len(t, fields, 5, "CDNOW_sample.txt line %d", line)
		id, err := strconv.Atoi(fields[1])
		require.NoError(t, err, "line %d", line)
		day, err := time.Parse("20060102", fields[2])
		require.NoError(t, err, "line %d", line)
		amount, err := success.ParseMoney(fields[4], "USD")
		require.NoError(t, err, "line %d", line)
		out = append(out, Transaction{Account: success.AccountID(strconv.Itoa(id)), At: day, Amount: amount})
	}
	require.NoError(t, sc.Err())
	return out
}
