package success_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/secondsale/secondsale/success"
)

// The fuzz targets check the package's promises on arbitrary input: no panic,
// every error wraps ErrInvalid, and every result keeps its documented bounds
// and survives a JSON round trip.

// requireInvalid fails unless err wraps ErrInvalid.
func requireInvalid(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, success.ErrInvalid) {
		t.Fatalf("error does not wrap ErrInvalid: %v", err)
	}
}

// requireRoundTrip marshals v, decodes it into a fresh T and marshals that
// again: both encodings must be the same bytes.
func requireRoundTrip[T any](t *testing.T, v T) {
	t.Helper()
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %+v: %v", v, err)
	}
	var back T
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatalf("unmarshal %s: %v", first, err)
	}
	second, err := json.Marshal(back)
	if err != nil {
		t.Fatalf("marshal again: %v", err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("round trip changed the JSON:\n%s\n%s", first, second)
	}
}

func within01(t *testing.T, what string, v float64) {
	t.Helper()
	if !(v >= 0 && v <= 1) {
		t.Fatalf("%s = %v, want within [0,1]", what, v)
	}
}

// fuzzAccount is the account fuzzed profiles are judged against: one
// attribute of every kind, plus the built-in fields.
var fuzzAccount = success.Account{
	ID: "acme", Segment: "smb", Plan: "pro", Stage: success.StageAdoption,
	ARR: success.MustMoney("12000", "USD"),
	Attributes: success.Attributes{
		"employees": success.NumberValue(250), "industry": success.StringValue("saas"),
		"sso": success.BoolValue(true), "signed": success.TimeValue(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)),
	},
}

func FuzzLoadProfile(f *testing.F) {
	f.Add([]byte(`{"id": "icp", "threshold": 70, "min_known_share": 0.5, "criteria": [
	  {"id": "size", "attribute": "employees", "weight": 3, "range": {"min": 50, "max": 5000}},
	  {"id": "industry", "attribute": "industry", "weight": 2, "one_of": ["fintech", "saas"]},
	  {"id": "sso", "attribute": "sso", "weight": 1, "equals": true, "disqualify": "must_have"},
	  {"id": "seg", "attribute": "segment", "weight": 1, "custom": "enterprise"},
	  {"id": "arr", "attribute": "arr", "weight": 1, "range": {"min": 10000}},
	  {"id": "crm", "attribute": "crm", "weight": 1, "present": true, "disqualify": "must_not_have"}]}`))
	f.Add([]byte(`{"id":"p","criteria":[{"id":"a","attribute":"signed","weight":1,"equals":{"time":"2026-01-02T00:00:00Z"}}]}`))
	f.Add([]byte(`{"id":"p","criteria":[{"id":"a","attribute":"industry","weight":1,"equals":3}]}`))
	f.Add([]byte(`{"id":"p","criteria":[{"id":"a","weight":-1,"range":{}},{"id":"a"}],"extra":1}`))
	f.Add([]byte(`[]`))
	opts := success.ProfileLoadOptions{Predicates: map[string]success.PredicateFunc{
		"enterprise": func(v success.Value) (bool, string) {
			s, _ := v.Str()
			return s == "enterprise", "segment " + v.String()
		},
	}}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := success.LoadProfile(bytes.NewReader(data), opts)
		if err != nil {
			requireInvalid(t, err)
			for _, fe := range success.AsFieldErrors(err) {
				if strings.Contains(fe.Problem, success.ErrInvalid.Error()) {
					t.Fatalf("problem repeats the sentinel: %q", fe.Problem)
				}
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("loaded profile is invalid: %v", err)
		}
		// The loaded profile writes out and loads back the same.
		first, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal profile: %v", err)
		}
		again, err := success.LoadProfile(bytes.NewReader(first), opts)
		if err != nil {
			t.Fatalf("reloading %s: %v", first, err)
		}
		if second, _ := json.Marshal(again); !bytes.Equal(first, second) {
			t.Fatalf("profile round trip changed:\n%s\n%s", first, second)
		}
		fa, err := p.Assess(fuzzAccount)
		if err != nil {
			requireInvalid(t, err) // a rule comparing the wrong kind
			return
		}
		if !(fa.Score >= 0 && fa.Score <= 100) {
			t.Fatalf("score %v outside [0,100]", fa.Score)
		}
		within01(t, "unknown weight", fa.UnknownWeight)
		if err := fa.Verdict.Validate(); err != nil {
			t.Fatal(err)
		}
		if fa.Verdict == success.GoodFit && (fa.Score < fa.Threshold || len(fa.DisqualifiedBy) > 0) {
			t.Fatalf("good fit with score %v < %v or disqualified by %v", fa.Score, fa.Threshold, fa.DisqualifiedBy)
		}
		requireRoundTrip(t, fa)
	})
}

func FuzzMoneyJSON(f *testing.F) {
	for _, s := range []string{`{"amount":"1200.50","currency":"USD"}`, `{"amount":-0.125,"currency":"KWD"}`,
		`null`, `{"amount":"1e9999","currency":"JPY"}`, `{"amount":"1","currency":"USD","amount":"2"}`, `{"currency":"usd"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m success.Money
		if err := json.Unmarshal(data, &m); err != nil {
			var syntax *json.SyntaxError
			if !errors.As(err, &syntax) {
				requireInvalid(t, err)
			}
			return
		}
		requireMoneyRoundTrip(t, m)
	})
}

// requireMoneyRoundTrip checks that m survives JSON and SQL exactly.
func requireMoneyRoundTrip(t *testing.T, m success.Money) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("marshal %v: %v", m, err)
	}
	var back success.Money
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal %s: %v", b, err)
	}
	if !back.Equal(m) || back.Currency() != m.Currency() {
		t.Fatalf("JSON round trip: %v became %v", m, back)
	}
	v, err := m.Value()
	if err != nil {
		t.Fatalf("Value of %v: %v", m, err)
	}
	var scanned success.Money
	if err := scanned.Scan(v); err != nil {
		t.Fatalf("scan %v: %v", v, err)
	}
	if !scanned.Equal(m) || scanned.Currency() != m.Currency() {
		t.Fatalf("SQL round trip: %v became %v", m, scanned)
	}
}

func FuzzMoneyScan(f *testing.F) {
	for _, s := range []string{"1200.50 USD", "  -3 JPY ", "1e5 EUR", "1200.50", "1 usd", "1  USD", "x USD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var m success.Money
		if err := m.Scan(s); err != nil {
			requireInvalid(t, err)
			return
		}
		requireMoneyRoundTrip(t, m)
	})
}

func FuzzValueJSON(f *testing.F) {
	for _, s := range []string{`"saas"`, `250`, `-0`, `1e308`, `true`, `{"time":"2026-01-02T15:04:05+02:00"}`, `null`, `{"time":1}`, `[1]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v success.Value
		if err := v.UnmarshalJSON(data); err != nil {
			requireInvalid(t, err)
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted %q, which is not JSON", data)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("marshal %v: %v", v, err)
		}
		var back success.Value
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(v) {
			t.Fatalf("round trip of %s: %v, %v", b, back, err)
		}
	})
}

func FuzzAccountJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","segment":"smb","arr":{"amount":"100","currency":"USD"},"start_date":"2026-01-01T00:00:00Z","stage":"adoption","attributes":{"n":1,"s":"x","b":false,"t":{"time":"2026-01-01T00:00:00Z"}}}`,
		`{"id":"","arr":null,"start_date":"0001-01-01T00:00:00Z","renewal_date":"2025-01-01T00:00:00Z","stage":"x"}`,
		`{"id":"a","arr":{"amount":"-1","currency":"EUR"},"start_date":"2026-01-01T00:00:00+14:00","stage":"churned","attributes":{"":1}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a success.Account
		if err := json.Unmarshal(data, &a); err != nil {
			return // encoding/json's own errors; the typed fields are fuzzed on their own
		}
		if err := a.Validate(); err != nil {
			requireInvalid(t, err)
			if len(success.AsFieldErrors(err)) == 0 {
				t.Fatalf("Validate did not return FieldErrors: %v", err)
			}
			return
		}
		requireRoundTrip(t, a)
	})
}

// fuzzAsOf turns a fuzzed number of hours into a date around the seeds' period
// (years 1900 to 2150), so results stay within what JSON times can hold.
func fuzzAsOf(hours int64) time.Time {
	const span = 250 * 366 * 24
	h := hours % span
	if h < 0 {
		h += span
	}
	return time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
}

// fuzzStatusOptions draws both periods from one fuzzed number: stuck days
// from its remainder, stale days from its quotient, each within ±4000.
func fuzzStatusOptions(periods int64, tolerance float64) success.StatusOptions {
	const d = 24 * time.Hour
	return success.StatusOptions{StuckAfter: time.Duration(periods%4000) * d,
		StaleAfter: time.Duration(periods/4000%4000) * d, Tolerance: tolerance}
}

const outcomeSeed = `{"id":"wau","metric":"weekly active users","baseline":10,"target":50,"direction":"higher_is_better",
 "start":"2026-01-01T00:00:00Z","due":"2026-04-11T00:00:00-05:00","weight":2,
 "measurements":[{"at":"2025-12-01T00:00:00Z","value":60},{"at":"2026-01-21T00:00:00Z","value":20},{"at":"2026-01-21T00:00:00Z","value":50},{"at":"2026-03-01T00:00:00Z","value":30}]}`

// checkOutcomeAssessment checks the documented bounds of one assessment.
func checkOutcomeAssessment(t *testing.T, a success.OutcomeAssessment, asOf time.Time) {
	t.Helper()
	within01(t, "progress", a.Progress)
	within01(t, "expected", a.Expected)
	within01(t, "normalised gap", a.Gap.Normalised)
	if !(a.Gap.Distance >= 0) || math.IsInf(a.Gap.Distance, 0) {
		t.Fatalf("gap distance %v", a.Gap.Distance)
	}
	if err := a.Status.Validate(); err != nil {
		t.Fatal(err)
	}
	if (a.Status == success.Achieved) != (a.Progress >= 1) {
		t.Fatalf("status %s with progress %v", a.Status, a.Progress)
	}
	if a.AchievedAt.After(asOf) || a.LastMeasuredAt.After(asOf) {
		t.Fatalf("as of %v the assessment names later dates: achieved %v, measured %v", asOf, a.AchievedAt, a.LastMeasuredAt)
	}
	if a.Reason == "" {
		t.Fatal("empty reason")
	}
}

func FuzzRequiredOutcomeAssess(f *testing.F) {
	f.Add([]byte(outcomeSeed), int64(1100000), int64(30), 0.05)
	f.Add([]byte(`{"id":"close","metric":"close","baseline":10,"target":10,"direction":"lower_is_better","start":"2026-01-01T00:00:00Z","due":"2026-01-01T00:00:00Z"}`), int64(0), int64(-1), 0.0)
	f.Add([]byte(`{"id":"x","metric":"m","baseline":1e15,"target":-1e15,"direction":"lower_is_better","start":"2026-01-01T00:00:00Z","due":"2025-01-01T00:00:00Z","weight":-1}`), int64(5), int64(0), 2.0)
	f.Fuzz(func(t *testing.T, data []byte, hours, periods int64, tolerance float64) {
		var o success.RequiredOutcome
		if err := json.Unmarshal(data, &o); err != nil {
			return
		}
		asOf := fuzzAsOf(hours)
		a, err := o.Assess(asOf, fuzzStatusOptions(periods, tolerance))
		if err != nil {
			requireInvalid(t, err)
			return
		}
		checkOutcomeAssessment(t, a, asOf)
		requireRoundTrip(t, a)
	})
}

func FuzzDesiredOutcomeAssess(f *testing.F) {
	f.Add([]byte(`{"id":"d","account":"acme","required":[`+outcomeSeed+`,
	  {"id":"close","metric":"close","baseline":10,"target":4,"direction":"lower_is_better","start":"2026-01-01T00:00:00Z","due":"2026-06-30T00:00:00Z"}],
	  "experience":[{"id":"eu","name":"EU data residency","met":true,"since":"2026-02-01T00:00:00Z"},{"id":"rep","name":"weekly report","met":false}]}`),
		int64(1100000), int64(30), 0.0)
	f.Add([]byte(`{"id":"d","account":"acme","required":[],"experience":[{"id":"x","name":"x","met":true}]}`), int64(0), int64(0), 0.1)
	f.Fuzz(func(t *testing.T, data []byte, hours, periods int64, tolerance float64) {
		var d success.DesiredOutcome
		if err := json.Unmarshal(data, &d); err != nil {
			return
		}
		asOf := fuzzAsOf(hours)
		a, err := d.Assess(asOf, fuzzStatusOptions(periods, tolerance))
		if err != nil {
			requireInvalid(t, err)
			return
		}
		within01(t, "total gap", a.Gap.Normalised)
		if a.Achieved != (len(a.Missing) == 0) {
			t.Fatalf("achieved %v with missing %v", a.Achieved, a.Missing)
		}
		for _, oa := range a.Outcomes {
			checkOutcomeAssessment(t, oa, asOf)
		}
		requireRoundTrip(t, a)
	})
}
