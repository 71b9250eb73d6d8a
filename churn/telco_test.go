package churn_test

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/churn"
	"github.com/secondsale/secondsale/internal/shareddata"
	"github.com/secondsale/secondsale/success"
)

// TestTelcoLedger replays IBM's Telco Customer Churn snapshot as a monthly
// revenue ledger and checks the movements against counts and sums taken from
// the file independently.
//
// The snapshot has no dates, so the ledger places it on a calendar: the
// snapshot month M is January 2024; a customer with tenure T paid its
// MonthlyCharges in each of the T months before M; customers with Churn=No
// also pay in M, and those with Churn=Yes (who "left within the last month")
// have no row in M, so they churn in M.
func TestTelcoLedger(t *testing.T) {
	f, err := os.Open(shareddata.Path(t, "Telco-Customer-Churn.csv"))
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	header := records[0]
	col := func(name string) int {
		i := slices.Index(header, name)
		require.NotEqual(t, -1, i, "no column %q", name)
		return i
	}
	idCol, tenureCol, chargesCol, churnCol := col("customerID"), col("tenure"), col("MonthlyCharges"), col("Churn")

	type customer struct {
		id      success.AccountID
		tenure  int
		mrr     success.Money
		churned bool
	}
	var customers []customer
	for i, r := range records[1:] {
		tenure, err := strconv.Atoi(r[tenureCol])
		require.NoError(t, err)
		mrr, err := success.ParseMoney(r[chargesCol], "USD")
		require.NoError(t, err, "row %d", i+1)
		customers = append(customers, customer{success.AccountID(r[idCol]), tenure, mrr, r[churnCol] == "Yes"})
	}

	const snapshot = 72 // M, as a month offset from January 2018
	monthOf := func(i int) time.Time { return time.Date(2018, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC) }
	m, err := churn.NewMovements(churn.MovementOptions{})
	require.NoError(t, err)
	for p := 0; p <= snapshot; p++ {
		for _, c := range customers {
			active := p >= snapshot-c.tenure && p < snapshot || p == snapshot && !c.churned
			if active {
				require.NoError(t, m.Add(success.LedgerRow{Account: c.id, Date: monthOf(p), MRR: c.mrr}))
			}
		}
	}
	rep, err := m.Report(time.Time{})
	require.NoError(t, err)
	last := rep.Periods[len(rep.Periods)-1]
	assert.Equal(t, "2024-01", last.Label)

	// Counts from /work/shared/data/README.md: 1,869 Churn=Yes, 5,174
	// Churn=No, 11 rows with tenure 0 (all Churn=No).
	assert.Equal(t, int64(1869), last.Churn.Count)
	assert.Equal(t, int64(11), last.New.Count)
	assert.Equal(t, int64(7043-11), last.StartCustomers)
	assert.Equal(t, int64(5174), last.EndCustomers)
	checkRatio(t, "0.2658", last.Metrics.LogoChurn, "logo churn 1869/7032")

	// Sums of MonthlyCharges computed from the file with awk (one pass,
	// printed with %.2f), e.g.
	//   awk -F, 'NR>1 && $21=="Yes" {s+=$19} END {printf "%.2f", s}'
	// all rows 456116.60; Churn=Yes 139130.85; tenure 0 455.60;
	// tenure >= 12: 340136.70 over 4,974 customers, of which Churn=Yes
	// 73108.55 over 870.
	checkMoney(t, "455661.00", last.StartMRR, "start MRR (456116.60 - 455.60)")
	checkMoney(t, "139130.85", last.Churn.MRR, "churned MRR")
	checkMoney(t, "455.60", last.New.MRR, "new MRR")
	checkMoney(t, "316985.75", last.EndMRR, "end MRR (456116.60 - 139130.85)")
	// Prices are constant, so no expansion or contraction.
	checkMoney(t, "0", last.Expansion.MRR, "expansion")
	checkMoney(t, "0", last.Contraction.MRR, "contraction")
	// Trailing twelve months: the cohort active in M-12 is tenure >= 12.
	assert.Equal(t, "340136.7", last.Trailing.NRR.Denominator.String())
	assert.Equal(t, "267028.15", last.Trailing.NRR.Numerator.String()) // 340136.70 - 73108.55
	checkRatio(t, "0.7851", last.Trailing.NRR, "trailing NRR")
	checkRatio(t, "0.7851", last.Trailing.GRR, "trailing GRR (= NRR: no expansion)")
	checkRatio(t, "0.1749", last.Trailing.LogoChurn, "trailing logo churn 870/4974")
}
