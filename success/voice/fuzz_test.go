package voice_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/voice"
)

// FuzzNPS checks any scores give either an error that never quotes the
// comment (unless the account ID itself contains it), or figures within bounds whose interval holds the score.
func FuzzNPS(f *testing.F) {
	f.Add(9.0, 3.0, 6.0, uint8(2), "acme")
	f.Add(11.0, math.NaN(), math.Copysign(0, -1), uint8(0), "")
	f.Fuzz(func(t *testing.T, a, b, c float64, minimum uint8, account string) {
		const comment = "confidential remark"
		at := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
		var rs []voice.Response
		for _, s := range []float64{a, b, c} {
			rs = append(rs, voice.Response{Account: success.AccountID(account), At: at, Score: s, Comment: comment})
		}
		rep, err := voice.NPS(slices.Values(rs), success.Monthly, &voice.Options{MinResponses: int(minimum)})
		if err != nil {
			if strings.Contains(err.Error(), comment) && !strings.Contains(account, comment) {
				t.Fatalf("error quotes the comment: %v", err)
			}
			return
		}
		o := rep.Overall
		if o.InsufficientData {
			return
		}
		if !(-100 <= o.Low && o.Low <= o.Score && o.Score <= o.High && o.High <= 100) {
			t.Fatalf("figure out of bounds: %+v", o)
		}
	})
}
