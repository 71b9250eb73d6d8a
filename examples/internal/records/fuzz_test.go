package records_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

// Any line gives a record or a reject, never a panic, and a reject never
// copies the line's values (checked with a marker that is no field name).
func FuzzAccountJSON(f *testing.F) {
	for _, s := range []string{
		`{"account":"a1","segment":"smb","stage":"adoption","as_of":"2026-03-01","inputs":{"logins":12,"sso":true,"plan":"pro","nps":null}}`,
		`{"account":"a\u00e9","as_of":"2026-03-01T10:00:00Z","inputs":{"x":-1.5e3}}`,
		`{"account":"a","as_of":"2026-03-01","inputs":{"x":[1,{"y":"\"}"}]}}`,
		`{"account":"a","inputs":{"x":1`, `{`, `{"`, `{"a":`, `nul`, `{"account":"a","as_of":"2026-03-01","inputs":{"x":1e999}}`,
	} {
		f.Add(s)
	}
	p := records.NewAccountJSON("f.jsonl", records.AccountMapping{})
	var rec records.AccountRecord
	f.Fuzz(func(t *testing.T, line string) {
		if rej := p.Parse(&rec, []byte(line), 1); rej != nil {
			if rej.File != "f.jsonl" || rej.Line != 1 || rej.Reason == "" {
				t.Fatalf("incomplete reject %+v", rej)
			}
			return
		}
		if rec.Account == "" || rec.AsOf.IsZero() {
			t.Fatalf("record without account or as-of: %+v", rec)
		}
	})
}

func FuzzLedgerLine(f *testing.F) {
	for _, s := range []string{"a,2026-01-31,100.25,USD", `"a,b",2026-01-31,1,JPY`, "a,2026-02-29,1,USD", "a,2026-01-31,1e3,USD", ",,,", `"`, "a,2026-01-31T23:00:00+05:00,-3.5,EUR"} {
		f.Add(s)
	}
	h, err := records.NewHeader("f.csv", [][]byte{[]byte("account"), []byte("date"), []byte("amount"), []byte("currency")})
	if err != nil {
		f.Fatal(err)
	}
	p, err := records.NewLedgerCSV(h, records.LedgerMapping{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fields, _, ok := records.SplitCSV(nil, nil, []byte(line))
		if !ok {
			return
		}
		r, rej := p.Row(fields, 2)
		if rej != nil {
			return
		}
		if r.Account == "" || (r.Currency == "" && r.MRR.Currency() == "" && r.Minor != 0) {
			t.Fatalf("row without account, or an amount without currency: %+v", r)
		}
	})
}

// Fields quoted as a CSV writer quotes them split back to themselves.
func TestSplitCSVRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fields := rapid.SliceOfN(rapid.StringMatching(`[a-z,"\- ]{0,12}`), 1, 8).Draw(t, "fields")
		var line bytes.Buffer
		for i, f := range fields {
			if i > 0 {
				line.WriteByte(',')
			}
			if strings.ContainsAny(f, `,"`) {
				line.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
			} else {
				line.WriteString(f)
			}
		}
		got, _, ok := records.SplitCSV(nil, nil, line.Bytes())
		if !ok {
			t.Fatalf("%q: malformed", line.String())
		}
		if len(got) != len(fields) {
			t.Fatalf("%q: %d fields, want %d", line.String(), len(got), len(fields))
		}
		for i := range got {
			if string(got[i]) != fields[i] {
				t.Fatalf("%q: field %d is %q, want %q", line.String(), i, got[i], fields[i])
			}
		}
	})
}

// An exact amount read as minor units is the amount the SDK parses.
func TestParseMinorAgreesWithMoney(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`-?[0-9]{1,12}(\.[0-9]{0,4})?`).Draw(t, "amount")
		minor, exact, ok := records.ParseMinor([]byte(s), 2)
		if !ok {
			t.Fatalf("%q: not a number", s)
		}
		m, err := success.ParseMoney(s, "USD")
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if !exact {
			if m.Amount().Exponent() >= -2 || m.Amount().Shift(2).IsInteger() {
				t.Fatalf("%q: inexact but the money has cents only", s)
			}
			return
		}
		if !m.Amount().Shift(2).Equal(decimalOf(minor)) {
			t.Fatalf("%q: minor %d, money %s", s, minor, m)
		}
	})
}

func decimalOf(minor int64) decimal.Decimal { return decimal.NewFromInt(minor) }
