package records_test

import (
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/cohort"
	"github.com/secondsale/secondsale/examples/internal/records"
	"github.com/secondsale/secondsale/success"
)

func split(t *testing.T, line string) []string {
	t.Helper()
	fields, _, ok := records.SplitCSV(nil, nil, []byte(line))
	if !ok {
		return nil
	}
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = string(f)
	}
	return out
}

func TestSplitCSV(t *testing.T) {
	cases := []struct {
		line string
		want []string // nil: malformed
	}{
		{"a,b,c", []string{"a", "b", "c"}},
		{"a,,", []string{"a", "", ""}},
		{"", []string{""}},
		{`"a,b",c`, []string{"a,b", "c"}},
		{`"say ""hi""",x`, []string{`say "hi"`, "x"}},
		{`x,"y"`, []string{"x", "y"}},
		{`"open,x`, nil},
		{`"a"b,c`, nil},
		{`a"b,c`, nil},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, split(t, c.line), c.line)
	}
}

func TestParseDay(t *testing.T) {
	for _, c := range []struct {
		in     string
		layout string
		want   time.Time
		ok     bool
	}{
		{"2026-03-31", "", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), true},
		{"2024-02-29", "", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"0001-01-01", "", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-03-31T23:30:00-05:00", "", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), true},
		{"19970101", "20060102", time.Date(1997, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"2023-02-29", "", time.Time{}, false},
		{"2026-13-01", "", time.Time{}, false},
		{"0000-01-01", "", time.Time{}, false},
		{"2026-03-31T99", "", time.Time{}, false},
		{"2026/03/31", "", time.Time{}, false},
		{"", "", time.Time{}, false},
	} {
		day, ok := records.ParseDay([]byte(c.in), c.layout)
		assert.Equal(t, c.ok, ok, c.in)
		if c.ok {
			assert.Equal(t, success.EpochDay(c.want), day, c.in)
		}
	}
}

func TestParseMinor(t *testing.T) {
	for _, c := range []struct {
		in        string
		exp       int32
		minor     int64
		exact, ok bool
	}{
		{"12.34", 2, 1234, true, true},
		{"12", 2, 1200, true, true},
		{"-0.5", 2, -50, true, true},
		{"+3.", 2, 300, true, true},
		{"12.340", 2, 1234, true, true},
		{"500", 0, 500, true, true},
		{"12.345", 2, 0, false, true},
		{"1e3", 2, 0, false, true},
		{"1234567890123456789", 2, 0, false, true},
		{"abc", 2, 0, false, false},
		{"NaN", 2, 0, false, false},
		{"Inf", 2, 0, false, false},
		{"", 2, 0, false, false},
		{"-", 2, 0, false, false},
		{"1.2.3", 2, 0, false, false},
	} {
		minor, exact, ok := records.ParseMinor([]byte(c.in), c.exp)
		assert.Equal(t, [3]any{c.minor, c.exact, c.ok}, [3]any{minor, exact, ok}, c.in)
	}
}

func header(t require.TestingT, line string) *records.Header {
	fields, _, _ := records.SplitCSV(nil, nil, []byte(line))
	h, err := records.NewHeader("in.csv", fields)
	if t != nil {
		require.NoError(t, err)
	}
	return h
}

func row(line string) [][]byte {
	fields, _, _ := records.SplitCSV(nil, nil, []byte(line))
	return fields
}

func TestLedgerCSVRow(t *testing.T) {
	p, err := records.NewLedgerCSV(header(t, "customer,day,mrr,cur"), records.LedgerMapping{Account: "customer", Date: "day", Amount: "mrr", Currency: "cur"})
	require.NoError(t, err)
	r, rej := p.Row(row("a1,2026-01-31,120.50,USD"), 2)
	require.Nil(t, rej)
	assert.Equal(t, success.LedgerRow{Account: "a1", Date: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), Minor: 12050, Currency: "USD"}, r)

	r, rej = p.Row(row("a1,2026-01-31,33.333,USD"), 3)
	require.Nil(t, rej)
	assert.True(t, r.MRR.Equal(success.MustMoney("33.333", "USD")))

	for _, c := range []struct{ line, field, reason string }{
		{",2026-01-31,1,USD", "customer", "empty account"},
		{"a1,31/01/2026,1,USD", "day", "not a date (YYYY-MM-DD, years 1 to 9999)"},
		{"a1,2026-01-31,lots,USD", "mrr", "not a number"},
		{"a1,2026-01-31,1,jane@example.com", "cur", "not an ISO 4217 currency code"},
		{"a1,2026-01-31,1", "", "3 fields where the header has 4"},
		{"a1,2026-01-31,1,", "cur", "an amount needs a currency (a currency column, or -currency-code)"},
	} {
		_, rej := p.Row(row(c.line), 7)
		require.NotNil(t, rej, c.line)
		assert.Equal(t, records.Reject{File: "in.csv", Line: 7, Field: c.field, Reason: c.reason}, *rej, c.line)
		assert.NotContains(t, rej.Error(), "jane")
	}

	_, err = records.NewLedgerCSV(header(t, "account,date"), records.LedgerMapping{})
	require.EqualError(t, err, `in.csv:1: no column "amount" (set its name with -amount)`)
	_, err = records.NewLedgerCSV(header(t, "account,date,amount"), records.LedgerMapping{})
	require.EqualError(t, err, `in.csv:1: no column "currency" (set its name with -currency, or give every amount's currency with -currency-code)`)
}

func TestLedgerJSONRow(t *testing.T) {
	p := records.NewLedgerJSON("in.jsonl", records.LedgerMapping{DefaultCurrency: "EUR"})
	r, rej := p.Row([]byte(`{"account":"a\u00e9","date":"2026-02-28","amount":10}`), 1)
	require.Nil(t, rej)
	assert.Equal(t, success.LedgerRow{Account: "aé", Date: time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC), Minor: 1000, Currency: "EUR"}, r)
	for _, c := range []struct{ line, field, reason string }{
		{`{"account":"a","date":"2026-02-28","amount":1,"note":"x"}`, "note", "unknown field"},
		{`{"account":"a","account":"b","date":"2026-02-28","amount":1}`, "account", "repeated field"},
		{`{"account":"a","date":"2026-02-28"}`, "amount", "missing field"},
		{`{"account":1,"date":"2026-02-28","amount":1}`, "account", "want a string, found a number"},
		{`{"account":"a","date":"2026-02-28","amount":1`, "", "unexpected end of line"},
		{`[1]`, "", "not a JSON object"},
		{`{"account":"a","date":"2026-02-28","amount":01}`, "amount", "malformed JSON number"},
	} {
		_, rej := p.Row([]byte(c.line), 4)
		require.NotNil(t, rej, c.line)
		assert.Equal(t, records.Reject{File: "in.jsonl", Line: 4, Field: c.field, Reason: c.reason}, *rej, c.line)
	}
}

func TestAccountJSON(t *testing.T) {
	p := records.NewAccountJSON("acc.jsonl", records.AccountMapping{})
	var rec records.AccountRecord
	rej := p.Parse(&rec, []byte(`{"account":"a1","segment":"smb","stage":"adoption","as_of":"2026-03-01","inputs":{"logins":12,"sso":true,"plan":"pro","nps":null}}`), 1)
	require.Nil(t, rej)
	assert.Equal(t, records.AccountRecord{Account: "a1", Segment: "smb", Stage: success.StageAdoption,
		AsOf:   time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Inputs: []records.Input{{"logins", success.NumberValue(12)}, {"sso", success.BoolValue(true)}, {"plan", success.StringValue("pro")}}}, rec)
	for _, c := range []struct{ line, field, reason string }{
		{`{"account":"a1","as_of":"2026-03-01","inputs":{"x":[1]}}`, "inputs.x", "want a number, boolean, string or null, found an array"},
		{`{"account":"a1","as_of":"2026-03-01","inputs":{"x":1,"x":2}}`, "inputs.x", "repeated field"},
		{`{"account":"a1","as_of":"2026-03-01","inputs":{"x":1e999}}`, "inputs.x", "number out of range"},
		{`{"account":"a1","stage":"happy","as_of":"2026-03-01"}`, "stage", "not a lifecycle stage"},
		{`{"account":"a1"}`, "as_of", "missing as-of date (or give -as-of)"},
		{`{"as_of":"2026-03-01"}`, "account", "missing account"},
		{`{"account":"a1","as_of":"2026-03-01","inputs":{"x":1}} x`, "", "text after the JSON object"},
	} {
		rej := p.Parse(&rec, []byte(c.line), 9)
		require.NotNil(t, rej, c.line)
		assert.Equal(t, records.Reject{File: "acc.jsonl", Line: 9, Field: c.field, Reason: c.reason}, *rej, c.line)
	}
}

func TestSurvivalCSV(t *testing.T) {
	p, err := records.NewSurvivalCSV(header(t, "tenure,Churn,Contract"), records.SurvivalMapping{Duration: "tenure", Event: "Churn", Stratum: "Contract"})
	require.NoError(t, err)
	o, rej := p.Observation(row("12,Yes,Two year"), 2)
	require.Nil(t, rej)
	assert.Equal(t, cohort.Observation{Duration: 12, Churned: true, Stratum: "Two year"}, o)
	_, rej = p.Observation(row("-1,Yes,Two year"), 3)
	assert.Equal(t, &records.Reject{File: "in.csv", Line: 3, Field: "tenure", Reason: "not a number >= 0"}, rej)
	_, rej = p.Observation(row("1,maybe,Two year"), 4)
	assert.Equal(t, "Churn", rej.Field)

	c, rej := p.Competing(row("3,expansion,x"), 5)
	require.Nil(t, rej)
	assert.Equal(t, cohort.CompetingObservation{Duration: 3, Event: cohort.EventExpansion, Stratum: "x"}, c)
	c, rej = p.Competing(row("3,censored,x"), 6)
	require.Nil(t, rej)
	assert.Equal(t, cohort.EventNone, c.Event)
	_, rej = p.Competing(row("3,merger,x"), 7)
	require.NotNil(t, rej)
}

func TestTransactionAndSpellCSV(t *testing.T) {
	p, err := records.NewTransactionCSV(header(t, "id,day,dollars"), records.TransactionMapping{Account: "id", Date: "day", Amount: "dollars", DefaultCurrency: "USD", DateLayout: "20060102"})
	require.NoError(t, err)
	tx, rej := p.Transaction(row("7,19970102,29.33"), 2)
	require.Nil(t, rej)
	assert.Equal(t, cohort.Transaction{Account: "7", At: time.Date(1997, 1, 2, 0, 0, 0, 0, time.UTC), Amount: success.MustMoney("29.33", "USD")}, tx)
	_, rej = p.Transaction(row("7,19970102,-1"), 3)
	assert.Equal(t, "dollars", rej.Field)

	s, err := records.NewSpellCSV(header(t, "account,start,end"), records.SpellMapping{})
	require.NoError(t, err)
	sp, rej := s.Spell(row("a,2026-01-15,"), 2)
	require.Nil(t, rej)
	assert.Equal(t, cohort.Spell{Account: "a", Start: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)}, sp)
	_, rej = s.Spell(row("a,2026-01-15,2025-01-01"), 3)
	assert.Equal(t, &records.Reject{File: "in.csv", Line: 3, Field: "end", Reason: "before the start"}, rej)
}

func TestLedgerReaderBatchesAndTruncatedLastLine(t *testing.T) {
	in := "account,date,amount,currency\n" +
		"a,2026-01-31,10,USD\n" +
		"\n" +
		"b,2026-01-31,5.5,USD\n" +
		"a,2026-02-28,10.001,USD\n" +
		"c,2026-02-28,7,EUR\n" +
		"b,2026-02-28,bad,USD\n" +
		"a,2026-03-31,1"
	r, err := records.NewLedgerReader(strings.NewReader(in), "l.csv", "csv", records.LedgerMapping{})
	require.NoError(t, err)
	var b records.LedgerBatch
	require.True(t, r.Next(&b, 3))
	assert.Equal(t, []success.AccountID{"a", "b"}, b.Columns.Accounts)
	assert.Equal(t, []int32{0, 1}, b.Columns.Account)
	assert.Equal(t, []int64{1000, 550}, b.Columns.Minor)
	assert.Equal(t, []int64{2, 4}, b.Lines)
	assert.Equal(t, []int64{5}, b.RowLines)
	require.True(t, r.Next(&b, 3))
	assert.Equal(t, success.Currency("USD"), b.Columns.Currency, "the first currency read is the columns'")
	assert.Equal(t, []int64{6}, b.RowLines, "EUR amounts go the row path")
	assert.Equal(t, []records.Reject{
		{File: "l.csv", Line: 7, Field: "amount", Reason: "not a number"},
		{File: "l.csv", Line: 8, Field: "", Reason: "3 fields where the header has 4" + records.TruncatedReason},
	}, b.Rejects)
	assert.Equal(t, success.EpochDay(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)), b.LastDay)
	assert.False(t, r.Next(&b, 3))
	assert.Equal(t, int64(6), r.Read, "the blank line is no record")
}

func TestLinesTooLong(t *testing.T) {
	l := records.NewLines(strings.NewReader("ok\n" + strings.Repeat("x", records.MaxLine+10) + "\nnext\n"))
	line, ok := l.Next()
	assert.True(t, ok)
	assert.Equal(t, "ok", string(line))
	_, ok = l.Next()
	assert.True(t, ok)
	assert.True(t, l.TooLong)
	line, ok = l.Next()
	assert.True(t, ok)
	assert.False(t, l.TooLong)
	assert.Equal(t, "next", string(line))
	assert.Equal(t, int64(3), l.Line())
	_, ok = l.Next()
	assert.False(t, ok)
	assert.False(t, l.Truncated)
}

// The ledger's month cache reads every day of a month as ParseDay does,
// and still refuses days past the month's end.
func TestLedgerDatesThroughTheCache(t *testing.T) {
	p := records.NewLedgerJSON("in.jsonl", records.LedgerMapping{DefaultCurrency: "USD"})
	for _, d := range []string{"2024-02-01", "2024-02-29", "2024-02-30", "2023-02-29", "2024-02-3x", "2024-02-00", "2026-12-31", "2026-12-32"} {
		want, wantOK := records.ParseDay([]byte(d), "")
		r, rej := p.Row([]byte(`{"account":"a","date":"`+d+`","amount":1}`), 1)
		assert.Equal(t, wantOK, rej == nil, d)
		if wantOK {
			assert.Equal(t, want, success.EpochDay(r.Date), d)
		}
	}
}

// Lines longer than a word, with commas and quotes at every position, split
// as the plain byte-by-byte reading would.
func TestSplitCSVWordBoundaries(t *testing.T) {
	for n := 0; n < 20; n++ {
		for k := 0; k < n; k++ {
			b := []byte(strings.Repeat("x", n))
			b[k] = ','
			assert.Equal(t, strings.Split(string(b), ","), split(t, string(b)), string(b))
			b[k] = '"'
			quoted := split(t, string(b))
			assert.Nil(t, quoted, "a stray quote is malformed: %s", b)
		}
	}
	assert.Equal(t, []string{"acct-12345", "2026-01-31", "1234.56", "USD", "", "a"}, split(t, "acct-12345,2026-01-31,1234.56,USD,,a"))
	assert.Equal(t, []string{"é,", "ü"}, split(t, `"é,",ü`))
}

// Lines across buffer refills, CRLF endings, a long line that fits and one
// that does not, and a last line without its newline.
func TestLinesAcrossRefills(t *testing.T) {
	long := strings.Repeat("y", 300<<10) // longer than the first buffer
	in := "a\r\n" + long + "\n" + strings.Repeat("z", records.MaxLine+1) + "\nb\n\nc"
	l := records.NewLines(iotest.OneByteReader(strings.NewReader(in)))
	var got []string
	for {
		line, ok := l.Next()
		if !ok {
			break
		}
		if l.TooLong {
			got = append(got, "(too long)")
			continue
		}
		got = append(got, string(line))
	}
	require.NoError(t, l.Err())
	assert.Equal(t, []string{"a", long, "(too long)", "b", "", "c"}, got)
	assert.True(t, l.Truncated)
	assert.Equal(t, int64(6), l.Line())

	l = records.NewLines(strings.NewReader(strings.Repeat("z", 3*records.MaxLine)))
	_, ok := l.Next()
	assert.True(t, ok)
	assert.True(t, l.TooLong)
	assert.True(t, l.Truncated)
	_, ok = l.Next()
	assert.False(t, ok)
}
