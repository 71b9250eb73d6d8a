package playbook_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/secondsale/secondsale/playbook"
	"github.com/secondsale/secondsale/success"
)

// BenchmarkReportGoals: 10,000 touchpoints over 1,000 accounts against
// 10,000 observations.
func BenchmarkReportGoals(b *testing.B) {
	const n = 10000
	tps := make([]playbook.Touchpoint, n)
	obs := make([]playbook.GoalObservation, n)
	for i := range n {
		acct := success.AccountID(fmt.Sprintf("a%d", i%1000))
		tps[i] = loginTouch(fmt.Sprintf("t%d", i), acct, tp0.Add(time.Duration(i)*time.Minute))
		tps[i].PlayID, tps[i].PlayVersion, tps[i].StepID, tps[i].RunID = "save", 1+i%3, "email", [16]byte{1}
		obs[i] = login(acct, tp0.Add(time.Duration(i*7)*time.Minute))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := playbook.ReportGoals(tps, obs, tday(30), nil); err != nil {
			b.Fatal(err)
		}
	}
}
