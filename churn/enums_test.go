package churn_test

import (
	"encoding/json"
	"testing"

	"github.com/secondsale/secondsale/churn"
)

func TestEnumsValidateWhenDecoded(t *testing.T) {
	var e churn.Event
	mustOK(t, json.Unmarshal([]byte(`{"kind":"downgrade","initiator":"involuntary"}`), &e))
	check(t, churn.Downgrade, e.Kind)
	check(t, churn.Involuntary, e.Initiator)
	for _, doc := range []string{`{"kind":"cancelled"}`, `{"initiator":"maybe"}`} {
		mustIs(t, json.Unmarshal([]byte(doc), &e), churn.ErrInvalid)
	}
	var u churn.Usage
	mustIs(t, json.Unmarshal([]byte(`{"grain":"fortnight"}`), &u), churn.ErrInvalid)
	var g churn.Grain
	mustOK(t, json.Unmarshal([]byte(`"quarter"`), &g))
	check(t, churn.Quarter, g)
	mustIs(t, json.Unmarshal([]byte(`"fortnight"`), &g), churn.ErrInvalid)
	var r churn.ReasonRule
	mustIs(t, json.Unmarshal([]byte(`"most"`), &r), churn.ErrInvalid)
}
