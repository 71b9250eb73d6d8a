package burden_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
	"github.com/secondsale/secondsale/success/burden"
)

// FuzzCompare checks Compare's promises on arbitrary records: no panic, every
// error wraps ErrInvalid and never quotes the ticket text, every burden is
// undefined or >= 0, and the report encodes as JSON.
func FuzzCompare(f *testing.F) {
	f.Add("bug", "low", -0.5, int64(time.Hour), 10.0, int64(0), "SECRET-TEXT")
	f.Add("outage", "high", 2.0, int64(-1), -1.0, int64(40), "SECRET-TEXT")
	f.Fuzz(func(t *testing.T, typ, sev string, sentiment float64, handling int64, amount float64, days int64, text string) {
		if len(text) < 8 {
			text = "SECRET-TEXT" + text
		}
		at := jan.AddDate(0, 0, int(days%400))
		tickets := []burden.Ticket{{ID: "T", Account: "a", At: at, Type: typ, Severity: sev, Sentiment: &sentiment, Handling: time.Duration(handling), Text: text}}
		usage := []burden.Usage{{Account: "a", At: at, Amount: amount}}
		r, err := burden.Compare(success.Monthly, jan, feb, slices.Values(tickets), slices.Values(usage), options())
		if err != nil {
			if !errors.Is(err, burden.ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			if strings.Contains(err.Error(), text) {
				t.Fatalf("error quotes the ticket text: %v", err)
			}
			return
		}
		for _, x := range every(r) {
			if x.Baseline.Burden.Value < 0 || x.Current.Burden.Value < 0 {
				t.Fatalf("negative burden: %+v", x)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	})
}
