package voice_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/voice"
)

func ExampleNPS() {
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	var rs []voice.Response
	for i, score := range []float64{10, 9, 9, 10, 9, 7, 8, 8, 0, 6} {
		account := success.AccountID("acme")
		if i%2 == 1 {
			account = "globex"
		}
		rs = append(rs, voice.Response{Account: account, At: at, Score: score})
	}
	rep, err := voice.NPS(slices.Values(rs), success.Monthly, &voice.Options{MinResponses: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := rep.Overall
	fmt.Printf("NPS %.0f (95%% CI %.0f..%.0f) from %d responses\n", o.Score, o.Low, o.High, o.Responses)
	fmt.Println("acme alone:", rep.Accounts["acme"].Responses, "responses, insufficient data:", rep.Accounts["acme"].InsufficientData)
	// Output:
	// NPS 30 (95% CI -18..78) from 10 responses
	// acme alone: 5 responses, insufficient data: true
}

func ExampleCSAT() {
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	var rs []voice.Response
	for _, score := range []float64{5, 4, 4, 5, 3, 5, 4, 4, 2, 1} {
		rs = append(rs, voice.Response{Account: "acme", At: at, Score: score})
	}
	scale := voice.CSATScale{Min: 1, Max: 5, SatisfiedFrom: 4}
	rep, err := voice.CSAT(slices.Values(rs), scale, success.Monthly, &voice.Options{MinResponses: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := rep.Overall
	fmt.Printf("CSAT %.0f%% (Wilson 95%% CI %.0f%%..%.0f%%) from %d responses\n", 100*o.Share, 100*o.Low, 100*o.High, o.Responses)
	// Output:
	// CSAT 70% (Wilson 95% CI 40%..89%) from 10 responses
}
