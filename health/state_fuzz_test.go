package health_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/secondsale/secondsale/health"
	"github.com/secondsale/secondsale/internal/fuzzinput"
)

// fuzzCounts are the counts a forged state favours: edges, overflow bait
// and ordinary small ones.
var fuzzCounts = []int{0, 1, 2, 3, -1, math.MaxInt, math.MinInt, math.MaxInt - 1, 1 << 32}

// fuzzAmounts are the amounts a forged state favours.
var fuzzAmounts = []string{"0", "1", "2.5", "-1", "0.0000001", "1e1100", "1e-1100", "99999999999999999999.99", "1e5000"}

// fuzzPortfolioState writes a portfolio state from bytes. Unless the first
// byte asks for a free-for-all, its counts and amounts are made consistent
// (so UnmarshalBinary accepts it) while what they describe is forged:
// buckets, tenths and sums that disagree with each other.
func fuzzPortfolioState(data []byte) []byte {
	b := fuzzinput.Bytes(data)
	free := b.Byte()%4 == 0
	n := int(b.Byte() % 6)
	accounts := make([]string, n)
	for i := range accounts {
		accounts[i] = strconv.Quote(fmt.Sprintf("acct-%d", i))
	}
	unavailable := int(b.Byte()) % (n + 1)
	scored := n - unavailable
	count := func() int {
		if free {
			return fuzzinput.Pick(&b, fuzzCounts...)
		}
		return int(b.Byte()) % (scored + 1)
	}
	amount := func() string { return fuzzinput.Pick(&b, fuzzAmounts...) }
	// Spread scored over the bands, buckets and tenths; the last of each takes the rest.
	spread := func(slots int) []int {
		out := make([]int, slots)
		left := scored
		for i := range out {
			if i == slots-1 {
				out[i] = left
				break
			}
			out[i] = min(count(), left)
			if free {
				out[i] = count()
			}
			left -= out[i]
		}
		return out
	}
	bandNames := []string{"red", "yellow", "green", "extra", ""}
	bands := spread(1 + int(b.Byte()%4))
	var bandCount, bandARR []string
	scoredARR := 0
	for i, c := range bands {
		if c == 0 && !free {
			continue
		}
		arr := int(b.Byte() % 50)
		scoredARR += arr
		bandCount = append(bandCount, fmt.Sprintf("%q:%d", bandNames[i], c))
		if free {
			bandARR = append(bandARR, fmt.Sprintf("%q:%q", bandNames[i], amount()))
		} else {
			bandARR = append(bandARR, fmt.Sprintf("%q:\"%d\"", bandNames[i], arr))
		}
	}
	deciles := spread(10)
	if free && b.Bool() {
		deciles = append(deciles, count())
	}
	decileText := make([]string, len(deciles))
	for i, d := range deciles {
		decileText[i] = strconv.Itoa(d)
	}
	tenthKeys := []int{0, 1, 99, 500, 999, 1000, -1, 1001}
	var tenths []string
	for i, c := range spread(1 + int(b.Byte()%4)) {
		if c == 0 && !free {
			continue
		}
		key := tenthKeys[(int(b.Byte())+i)%6]
		if free {
			key = tenthKeys[(int(b.Byte())+i)%len(tenthKeys)]
		}
		tenths = append(tenths, fmt.Sprintf("\"%d\":%d", key, c))
	}
	unavailableARR := int(b.Byte() % 50)
	valueSum := int(b.Byte()) * scored * 100 / 255
	weighted := int(b.Byte()) * scoredARR * 100 / 255
	lowConfidence := int(b.Byte()) % (scored + 1)
	lowARR := int(b.Byte()) % (scoredARR + 1)
	text := func(x int) string {
		if free {
			return amount()
		}
		return strconv.Itoa(x)
	}
	currency := `"USD",`
	if n == 0 && !free {
		currency = ""
	}
	if currency != "" {
		currency = `"currency":` + currency
	}
	return fmt.Appendf(nil, `{"kind":"health.portfolio","version":1,"state":{%s"accounts":[%s],"arr":"%s","band_count":{%s},"band_arr":{%s},`+
		`"unavailable":%d,"unavailable_arr":"%s","scored_arr":"%s","weighted_sum":"%s","value_sum":"%s","deciles":[%s],`+
		`"low_confidence":%d,"low_confidence_arr":"%s","tenths":{%s}}}`,
		currency, strings.Join(accounts, ","), text(scoredARR+unavailableARR), strings.Join(bandCount, ","), strings.Join(bandARR, ","),
		unavailable, text(unavailableARR), text(scoredARR), text(weighted), text(valueSum), strings.Join(decileText, ","),
		lowConfidence, text(lowARR), strings.Join(tenths, ","))
}

// fuzzBacktestState writes a backtest state from bytes: rows with values
// at and beyond the edges, bands by the thousand names, ARR of every kind.
func fuzzBacktestState(data []byte) []byte {
	b := fuzzinput.Bytes(data)
	var rows, unavailable []string
	for i := 0; len(b) > 0 && i < 64; i++ {
		value := fuzzinput.Pick(&b, "0", "100", "50", "99.99", "10", "-50", "100.5", "1e308", "5e-324", "-0")
		band := fuzzinput.Pick(&b, "red", "yellow", "green", "", "blue")
		row := fmt.Sprintf(`{"account":"a%d","value":%s,"band":%q,"churned":%t,"arr":%q}`, i, value, band, b.Bool(), fuzzinput.Pick(&b, fuzzAmounts...))
		if b.Byte()%5 == 0 {
			unavailable = append(unavailable, fmt.Sprintf(`{"account":"a%d","churned":%t}`, i, b.Bool()))
		} else {
			rows = append(rows, row)
		}
	}
	return fmt.Appendf(nil, `{"kind":"health.backtest","version":1,"state":{"currency":"USD","rows":[%s],"unavailable":[%s]}}`,
		strings.Join(rows, ","), strings.Join(unavailable, ","))
}

// FuzzAccumulatorStateResult decodes forged accumulator states, most of them
// consistent enough to be accepted, and extracts their results: a state
// that decodes must give a result within bounds, never a panic.
func FuzzAccumulatorStateResult(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 3, 1, 2, 0, 1, 7, 9, 3, 1, 1, 0, 2, 5, 200, 100, 3, 9})
	f.Add([]byte{0, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4})
	f.Add([]byte{2, 5, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 255, 255, 255, 255, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzinput.Deadline()()
		var p health.PortfolioAccumulator
		if err := p.UnmarshalBinary(fuzzPortfolioState(data)); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
		} else {
			requirePortfolioResult(t, &p)
		}
		var a health.BacktestAccumulator
		if err := a.UnmarshalBinary(fuzzBacktestState(data)); err != nil {
			fuzzinput.RequireSentinel(t, err, health.ErrInvalid)
		} else {
			requireBacktestAccumulator(t, &a)
		}
	})
}

// requirePortfolioResult checks a decoded portfolio's result is within
// bounds: counts at most the accounts, shares and means in range, decile
// cuts non-decreasing.
func requirePortfolioResult(t *testing.T, a *health.PortfolioAccumulator) {
	t.Helper()
	r := a.Result(health.DefaultBands())
	fuzzinput.RequireJSON(t, r)
	requirePoints(t, "ARR-weighted mean", r.ARRWeightedMean)
	requirePoints(t, "mean", r.Mean)
	if r.Unavailable < 0 || r.Unavailable > r.Count || r.LowConfidence < 0 || r.LowConfidence > r.Count {
		t.Fatalf("counts out of range: %+v", r)
	}
	total := 0
	for _, d := range r.Deciles {
		if d < 0 || d > r.Count {
			t.Fatalf("bucket count %d out of 0..%d", d, r.Count)
		}
		total += d
	}
	for _, band := range r.Bands {
		requireUnit(t, band.Band+" share", band.Share)
		if band.Count < 0 || band.Count > r.Count {
			t.Fatalf("band %q count %d out of 0..%d", band.Band, band.Count, r.Count)
		}
	}
	for i, c := range r.DecileCuts {
		requirePoints(t, "decile cut", c)
		if i > 0 && c < r.DecileCuts[i-1] {
			t.Fatalf("decile cuts decrease: %v", r.DecileCuts)
		}
	}
}

// The fuzzer's generator makes states UnmarshalBinary accepts (otherwise it
// would only test the checks): most inputs of a fixed pseudo-random stream
// decode, and all of those give results within bounds.
func TestFuzzStatesAreMostlyAccepted(t *testing.T) {
	accepted := 0
	data := make([]byte, 64)
	for i := range 500 {
		for j := range data {
			data[j] = byte((i*131 + j*17 + i*j) % 251)
		}
		data[0] = byte(1 + i%3) // consistent, not a free-for-all
		var p health.PortfolioAccumulator
		if err := p.UnmarshalBinary(fuzzPortfolioState(data)); err == nil {
			accepted++
			requirePortfolioResult(t, &p)
		}
	}
	assert.Greater(t, accepted, 100, "of 500 consistent states")
}
