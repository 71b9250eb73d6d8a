package voice_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/voice"
)

func BenchmarkNPS(b *testing.B) {
	rs := make([]voice.Response, 100_000)
	for i := range rs {
		rs[i] = voice.Response{Account: success.AccountID(fmt.Sprint("acct-", i%5000)), Segment: []string{"smb", "mid", "ent"}[i%3], At: mar.AddDate(0, 0, -(i % 730)), Score: float64(i % 11)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := voice.NPS(slices.Values(rs), success.Monthly, nil); err != nil {
			b.Fatal(err)
		}
	}
}
