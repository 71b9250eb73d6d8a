package success_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/secondsale/secondsale/success"
)

// personalValues look like what a host may misplace in any field: e-mail
// addresses and phone numbers. None may appear in an error, a fit
// explanation of a personal attribute, or a log value.
var personalValues = []string{
	"alice.smith@example.com",
	"+1 415 555 0100",
	"+44 20 7946 0958",
	"0612345678",
}

// privacyCase produces the texts that must not carry p: the messages of the
// errors it provokes, explanations and log output.
type privacyCase struct {
	name string
	run  func(p string) []string
}

func errText(err error) []string {
	if err == nil {
		return nil
	}
	return []string{err.Error()}
}

func unmarshalText(v any, doc string) []string {
	return errText(json.Unmarshal([]byte(doc), v))
}

// q writes p as a JSON string.
func q(p string) string {
	b, _ := json.Marshal(p)
	return string(b)
}

func privacyCases() []privacyCase {
	textUnmarshalers := map[string]func() encoding.TextUnmarshaler{
		"Currency":        func() encoding.TextUnmarshaler { return new(success.Currency) },
		"LifecycleStage":  func() encoding.TextUnmarshaler { return new(success.LifecycleStage) },
		"Direction":       func() encoding.TextUnmarshaler { return new(success.Direction) },
		"Match":           func() encoding.TextUnmarshaler { return new(success.Match) },
		"Disqualifier":    func() encoding.TextUnmarshaler { return new(success.Disqualifier) },
		"Grain":           func() encoding.TextUnmarshaler { return new(success.Grain) },
		"MilestoneStatus": func() encoding.TextUnmarshaler { return new(success.MilestoneStatus) },
		"OutcomeStatus":   func() encoding.TextUnmarshaler { return new(success.OutcomeStatus) },
		"Verdict":         func() encoding.TextUnmarshaler { return new(success.Verdict) },
	}
	var cases []privacyCase
	for name, mk := range textUnmarshalers {
		cases = append(cases, privacyCase{name + ".UnmarshalText", func(p string) []string {
			return errText(mk().UnmarshalText([]byte(p)))
		}})
	}
	cases = append(cases, []privacyCase{
		{"ParseMoney amount", func(p string) []string { _, err := success.ParseMoney(p, "USD"); return errText(err) }},
		{"ParseMoney currency", func(p string) []string { _, err := success.ParseMoney("1", p); return errText(err) }},
		{"ParseCurrency", func(p string) []string { _, err := success.ParseCurrency(p); return errText(err) }},
		{"Currency.Scan", func(p string) []string {
			var c success.Currency
			return append(errText(c.Scan(p)), errText(c.Scan([]byte(p)))...)
		}},
		{"Money.Scan", func(p string) []string {
			var m success.Money
			return append(append(errText(m.Scan(p)), errText(m.Scan("1 "+p))...), errText(m.Scan([]byte(p+" USD")))...)
		}},
		{"Money JSON", func(p string) []string {
			var m success.Money
			return append(append(unmarshalText(&m, `{"amount":`+q(p)+`,"currency":"USD"}`),
				unmarshalText(&m, `{"amount":"1","currency":`+q(p)+`}`)...),
				unmarshalText(&m, q(p))...)
		}},
		{"Value JSON", func(p string) []string {
			var v success.Value
			return append(append(unmarshalText(&v, `[`+q(p)+`]`), unmarshalText(&v, `{"time":`+q(p)+`}`)...),
				unmarshalText(&v, `{"time":"2026-01-01T00:00:00Z",`+q(p)+`:1}`)...)
		}},
		{"Attributes JSON", func(p string) []string {
			var a success.Attributes
			return append(unmarshalText(&a, `{"contact":[`+q(p)+`]}`), unmarshalText(&a, `{"contact":`+q(p)+`,"contact":`+q(p)+`}`)...)
		}},
		{"Account JSON", func(p string) []string {
			var out []string
			for _, doc := range []string{
				`{"id":"a","stage":` + q(p) + `}`,
				`{"id":"a","start_date":` + q(p) + `}`,
				`{"id":"a","renewal_date":` + q(p) + `}`,
				`{"id":"a","arr":{"amount":` + q(p) + `,"currency":"USD"}}`,
				`{"id":"a","arr":` + q(p) + `}`,
				`{"id":"a","attributes":{"c":{"time":` + q(p) + `}}}`,
				`{"id":"a","attributes":` + q(p) + `}`,
				`{"id":"a","name":[` + q(p) + `]}`,
			} {
				var a success.Account
				out = append(out, unmarshalText(&a, doc)...)
			}
			return out
		}},
		{"Account.Validate and LogValue", func(p string) []string {
			a := success.Account{ID: "a", Name: p, ARR: success.ZeroMoney(success.Currency(p)), Stage: success.LifecycleStage(p),
				Attributes: success.Attributes{"contact": success.StringValue(p), "n": success.NumberValue(math.NaN())}}
			var buf bytes.Buffer
			slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "account", a, "attrs", a.Attributes, "value", a.Attributes["contact"])
			return append(errText(a.Validate()), buf.String())
		}},
		{"Profile.Assess wrong kind", func(p string) []string {
			var out []string
			for _, c := range []success.Criterion{
				{ID: "c", Attribute: "contact", Weight: 1, Range: success.AtLeast(1)},
				{ID: "c", Attribute: "contact", Weight: 1, Equals: ptr(success.NumberValue(1))},
				{ID: "c", Attribute: "contact", Weight: 1, OneOf: []success.Value{success.BoolValue(true)}},
			} {
				_, err := success.Profile{ID: "p", Criteria: []success.Criterion{c}}.Assess(
					success.Account{ID: "a", Attributes: success.Attributes{"contact": success.StringValue(p)}})
				out = append(out, errText(err)...)
			}
			return out
		}},
		{"Profile.Assess personal reasons", func(p string) []string {
			prof := success.Profile{ID: "p", Personal: []string{"contact", "phone"}, Criteria: []success.Criterion{
				{ID: "present", Attribute: "contact", Weight: 1, Present: true},
				{ID: "equals", Attribute: "contact", Weight: 1, Equals: ptr(success.StringValue(p))},
				{ID: "differs", Attribute: "contact", Weight: 1, Equals: ptr(success.StringValue(p + "x"))},
				{ID: "one-of", Attribute: "contact", Weight: 1, OneOf: []success.Value{success.StringValue(p)}},
				{ID: "none-of", Attribute: "contact", Weight: 1, OneOf: []success.Value{success.StringValue(p + "x")}, Disqualify: success.MustHave},
				{ID: "phone", Attribute: "phone", Weight: 1, Range: success.AtLeast(0)},
				{ID: "absent", Attribute: "phone", Weight: 1, Present: true},
			}}
			fa, err := prof.Assess(success.Account{ID: "a", Attributes: success.Attributes{"contact": success.StringValue(p)}})
			out := errText(err)
			for _, c := range fa.Criteria {
				out = append(out, c.Reason)
			}
			out = append(out, fa.Reason)
			b, _ := json.Marshal(fa.Criteria)
			return append(out, string(b))
		}},
		{"LoadProfile", func(p string) []string {
			var out []string
			for _, crit := range []string{
				`{"id":"c","attribute":"a","weight":1,"present":true,"disqualify":` + q(p) + `}`,
				`{"id":"c","attribute":"a","weight":1,"custom":` + q(p) + `}`,
				`{"id":"c","attribute":"a","weight":1,"equals":{"time":` + q(p) + `}}`,
				`{"id":"c","attribute":"a","weight":1,"one_of":[[` + q(p) + `]]}`,
			} {
				_, err := success.LoadProfile(strings.NewReader(`{"id":"p","criteria":[`+crit+`]}`), success.ProfileLoadOptions{})
				out = append(out, errText(err)...)
			}
			var c success.Criterion
			return append(out, unmarshalText(&c, `{"id":"c","attribute":"a","weight":1,"custom":`+q(p)+`}`)...)
		}},
		{"LoadProfile wrongly typed", func(p string) []string {
			var out []string
			for _, doc := range []string{
				`{"id":"p","threshold":` + q(p) + `,"criteria":[]}`,
				`{"id":"p","personal":` + q(p) + `,"criteria":[]}`,
				`{"id":"p","criteria":[{"id":"c","attribute":"a","weight":` + q(p) + `,"present":true}]}`,
				`{"id":"p","criteria":[{"id":"c","attribute":"a","weight":1,"range":{"min":` + q(p) + `}}]}`,
				`{"id":"p","criteria":[{"id":"c","attribute":"a","weight":1,"present":` + q(p) + `}]}`,
			} {
				_, err := success.LoadProfile(strings.NewReader(doc), success.ProfileLoadOptions{})
				out = append(out, errText(err)...)
			}
			return out
		}},
		{"RequiredOutcome JSON", func(p string) []string {
			var out []string
			for _, doc := range []string{
				`{"id":"o","direction":` + q(p) + `}`,
				`{"id":"o","start":` + q(p) + `}`,
				`{"id":"o","baseline":` + q(p) + `}`,
				`{"id":"o","measurements":[{"at":` + q(p) + `,"value":1}]}`,
			} {
				var o success.RequiredOutcome
				out = append(out, unmarshalText(&o, doc)...)
			}
			return out
		}},
		{"RequiredOutcome.Assess", func(p string) []string {
			o := success.RequiredOutcome{ID: "o", Metric: "m", Direction: success.Direction(p), Start: t0, Due: t0}
			_, err := o.Assess(t0, success.StatusOptions{})
			return errText(err)
		}},
		{"Milestones", func(p string) []string {
			var m success.Milestone
			out := append(unmarshalText(&m, `{"id":"m","due_after_days":`+q(p)+`}`), unmarshalText(&m, `{"id":"m","completed_at":`+q(p)+`}`)...)
			var s success.MilestoneStatus
			return append(out, errText(s.UnmarshalText([]byte(p)))...)
		}},
		{"Subscription", func(p string) []string {
			var out []string
			for _, doc := range []string{
				`{"account":"a","interval":` + q(p) + `}`,
				`{"account":"a","amount":{"amount":"1","currency":` + q(p) + `}}`,
				`{"account":"a","start":` + q(p) + `}`,
				`{"account":"a","quantity":` + q(p) + `}`,
			} {
				var s success.Subscription
				out = append(out, unmarshalText(&s, doc)...)
			}
			s := success.Subscription{Account: "a", Start: t0, Amount: success.ZeroMoney(success.Currency(p)), Interval: success.Grain(p)}
			out = append(out, errText(s.Validate())...)
			_, err := s.MRR()
			return append(out, errText(err)...)
		}},
		{"LedgerRow JSON", func(p string) []string {
			var out []string
			for _, doc := range []string{
				`{"account":"a","date":` + q(p) + `}`,
				`{"account":"a","date":"2026-01-31T00:00:00Z","currency":` + q(p) + `,"minor":1}`,
				`{"account":"a","date":"2026-01-31T00:00:00Z","mrr":{"amount":"1","currency":` + q(p) + `}}`,
			} {
				var r success.LedgerRow
				out = append(out, unmarshalText(&r, doc)...)
			}
			r := success.LedgerRow{Account: "a", Date: t0, Currency: success.Currency(p), Minor: 1}
			_, _, _, err := r.Units()
			return append(out, errText(err)...)
		}},
		{"Money arithmetic", func(p string) []string {
			one := success.MustMoney("1", "USD")
			_, err1 := one.Add(success.ZeroMoney(success.Currency(p)))
			_, err2 := success.MustMoney("1", "USD").Cmp(success.ZeroMoney(success.Currency(p)))
			_, err3 := success.ZeroMoney(success.Currency(p)).Sub(success.MustMoney("1", "USD"))
			_, err4 := success.ZeroMoney(success.Currency(p)).MarshalJSON()
			_, err5 := success.ZeroMoney(success.Currency(p)).Value()
			return append(append(append(append(errText(err1), errText(err2)...), errText(err3)...), errText(err4)...), errText(err5)...)
		}},
		{"Grain.OneOf", func(p string) []string { return errText(success.Grain(p).OneOf(success.Monthly)) }},
	}...)
	return cases
}

// TestNoPersonalValueInErrorsOrLogs feeds e-mail addresses and phone
// numbers through every error path, explanation and log value of the
// package and checks that none comes back out.
func TestNoPersonalValueInErrorsOrLogs(t *testing.T) {
	for _, tc := range privacyCases() {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range personalValues {
				texts := tc.run(p)
				for _, text := range texts {
					for _, needle := range personalNeedles(p) {
						assert.NotContains(t, text, needle, "value %q leaked", p)
					}
				}
			}
		})
	}
}

// personalNeedles are the parts of p that must not appear: the value, and
// for an e-mail its local part and domain, for a phone number its digits.
func personalNeedles(p string) []string {
	needles := []string{p}
	if local, domain, ok := strings.Cut(p, "@"); ok {
		return append(needles, local, domain)
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, p)
	last := strings.Fields(p)
	return append(needles, digits, last[len(last)-1], fmt.Sprint(strings.TrimPrefix(p, "+")))
}

// A typo in an enumeration is still quoted, so the host can find it; a
// value without a name's shape is described by its length.
func TestUnknownEnumQuotedOnlyWhenNameShaped(t *testing.T) {
	var s success.LifecycleStage
	assert.ErrorContains(t, s.UnmarshalText([]byte("Onbording")), `unknown lifecycle stage "Onbording" (want onboarding, `)
	err := s.UnmarshalText([]byte("jo@example.com"))
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, "unknown lifecycle stage, a string of 14 bytes that is not a name (want onboarding, ")
	_, err = success.LoadProfile(strings.NewReader(`{"id":"p","criteria":[{"id":"c","attribute":"a","weight":1,"custom":"corporate"}]}`), success.ProfileLoadOptions{})
	assert.ErrorContains(t, err, `criteria[0].custom: unknown predicate "corporate"`)
}
