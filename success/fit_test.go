package success_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

func ptr[T any](v T) *T { return &v }

// icp: size 3, industry 2, region 1, SSO present 1, a must-have on billing
// currency (weight 1) and a must-not-have on sanctions (weight 0).
func icp() success.Profile {
	return success.Profile{
		ID: "icp", Threshold: 60,
		Criteria: []success.Criterion{
			{ID: "size", Attribute: "employees", Weight: 3, Range: success.Between(50, 5000)},
			{ID: "industry", Attribute: "industry", Weight: 2, OneOf: []success.Value{success.StringValue("fintech"), success.StringValue("saas")}},
			{ID: "region", Attribute: "region", Weight: 1, Equals: ptr(success.StringValue("EU"))},
			{ID: "sso", Attribute: "sso_provider", Weight: 1, Present: true},
			{ID: "currency", Attribute: "billing_currency", Weight: 1, Disqualify: success.MustHave,
				OneOf: []success.Value{success.StringValue("EUR"), success.StringValue("USD")}},
			{ID: "sanctioned", Attribute: "sanctioned", Disqualify: success.MustNotHave, Equals: ptr(success.BoolValue(true))},
		},
	}
}

func account(attrs success.Attributes) success.Account {
	return success.Account{ID: "acct-1", Attributes: attrs}
}

func TestFitAssessment(t *testing.T) {
	tests := []struct {
		name           string
		attrs          success.Attributes
		wantScore      float64
		wantVerdict    success.Verdict
		wantUnknown    float64
		wantDisqualify []string
	}{
		{"ideal customer", success.Attributes{
			"employees": success.NumberValue(250), "industry": success.StringValue("saas"), "region": success.StringValue("EU"),
			"sso_provider": success.StringValue("okta"), "billing_currency": success.StringValue("EUR"), "sanctioned": success.BoolValue(false),
		}, 100, success.GoodFit, 0, nil},
		{"too small, rest fine", success.Attributes{
			"employees": success.NumberValue(10), "industry": success.StringValue("saas"), "region": success.StringValue("EU"),
			"sso_provider": success.StringValue("okta"), "billing_currency": success.StringValue("EUR"), "sanctioned": success.BoolValue(false),
		}, 100 * 5.0 / 8, success.GoodFit, 0, nil},
		{"range bounds are inclusive", success.Attributes{
			"employees": success.NumberValue(5000), "industry": success.StringValue("retail"), "region": success.StringValue("US"),
			"billing_currency": success.StringValue("USD"), "sanctioned": success.BoolValue(false),
		}, 100 * 4.0 / 8, success.BadFit, 0, nil},
		{"unknown attributes leave the score", success.Attributes{
			"employees": success.NumberValue(250), "billing_currency": success.StringValue("USD"),
		}, 100 * 4.0 / 5, success.GoodFit, 3.0 / 8, nil},
		{"must-have fails: bad fit despite score", success.Attributes{
			"employees": success.NumberValue(250), "industry": success.StringValue("saas"), "region": success.StringValue("EU"),
			"sso_provider": success.StringValue("okta"), "billing_currency": success.StringValue("JPY"),
		}, 100 * 7.0 / 8, success.BadFit, 0, []string{"currency"}},
		{"must-not-have matches: bad fit", success.Attributes{
			"employees": success.NumberValue(250), "industry": success.StringValue("saas"), "region": success.StringValue("EU"),
			"sso_provider": success.StringValue("okta"), "billing_currency": success.StringValue("EUR"), "sanctioned": success.BoolValue(true),
		}, 100, success.BadFit, 0, []string{"sanctioned"}},
		{"too little known for a verdict", success.Attributes{"sso_provider": success.StringValue("")}, 100 * 1.0 / 1, success.BadFit, 7.0 / 8, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := icp().Assess(account(tt.attrs))
			require.NoError(t, err)
			assert.InDelta(t, tt.wantScore, a.Score, 1e-9)
			assert.Equal(t, tt.wantVerdict, a.Verdict, a.Reason)
			assert.InDelta(t, tt.wantUnknown, a.UnknownWeight, 1e-12)
			assert.Equal(t, tt.wantDisqualify, a.DisqualifiedBy)
			require.Len(t, a.Criteria, 6)
			for _, c := range a.Criteria {
				assert.NotEmpty(t, c.Reason, c.ID)
			}
		})
	}
}

func TestFitUnconfirmedDisqualifiers(t *testing.T) {
	a, err := icp().Assess(account(success.Attributes{
		"employees": success.NumberValue(250), "industry": success.StringValue("saas"), "region": success.StringValue("EU"),
		"sso_provider": success.StringValue("okta"),
	}))
	require.NoError(t, err)
	assert.Equal(t, success.GoodFit, a.Verdict)
	assert.Equal(t, []string{"currency", "sanctioned"}, a.Unconfirmed)
	assert.Equal(t, "score 100.0 >= threshold 60; 12% of the weight unknown; unconfirmed: currency, sanctioned", a.Reason)
}

func TestFitMinKnownShare(t *testing.T) {
	p := success.Profile{ID: "p", MinKnownShare: 0.9, Criteria: []success.Criterion{
		{ID: "a", Attribute: "a", Weight: 8, Present: true},
		{ID: "b", Attribute: "b", Weight: 2, Equals: ptr(success.StringValue("x"))},
	}}
	a, err := p.Assess(account(success.Attributes{"a": success.BoolValue(true)}))
	require.NoError(t, err)
	assert.Equal(t, 100.0, a.Score)
	assert.Equal(t, success.BadFit, a.Verdict)
	assert.Contains(t, a.Reason, "only 80% of the weight is known, below the 90% a verdict needs")
	p.MinKnownShare = 0.805 // 80% known must not read as "80%, below the 81%" after rounding
	a, err = p.Assess(account(success.Attributes{"a": success.BoolValue(true)}))
	require.NoError(t, err)
	assert.Contains(t, a.Reason, "only 80% of the weight is known, below the 80.5% a verdict needs")
	p.MinKnownShare = 1.5
	_, err = p.Assess(account(nil))
	assert.ErrorIs(t, err, success.ErrInvalid)
}

// A score or known share exactly at its bar passes it. The expected values
// are hand-computed: 57 of 100 weight satisfied is a score of 57; 1 of 5
// weight known is a share of 0.2. In float64, 100·(57/100) is
// 56.99999999999999 and 1 - 4/5 is 0.19999999999999996, both just below.
func TestFitBarsAreInclusive(t *testing.T) {
	yes, no := success.BoolValue(true), success.BoolValue(false)
	twoCriteria := func(wa, wb float64) []success.Criterion {
		return []success.Criterion{
			{ID: "a", Attribute: "a", Weight: wa, Equals: &yes},
			{ID: "b", Attribute: "b", Weight: wb, Equals: &yes},
		}
	}
	tests := []struct {
		name        string
		profile     success.Profile
		attrs       success.Attributes
		wantScore   float64
		wantVerdict success.Verdict
		wantUnknown float64
	}{
		{"score 57 meets threshold 57", success.Profile{ID: "p", Threshold: 57, Criteria: twoCriteria(57, 43)},
			success.Attributes{"a": yes, "b": no}, 57, success.GoodFit, 0},
		{"score 56 misses threshold 57", success.Profile{ID: "p", Threshold: 57, Criteria: twoCriteria(56, 44)},
			success.Attributes{"a": yes, "b": no}, 56, success.BadFit, 0},
		{"known share 0.2 meets min_known_share 0.2", success.Profile{ID: "p", MinKnownShare: 0.2, Criteria: twoCriteria(1, 4)},
			success.Attributes{"a": yes}, 100, success.GoodFit, 0.8},
		{"known share 0.2 misses min_known_share 0.25", success.Profile{ID: "p", MinKnownShare: 0.25, Criteria: twoCriteria(1, 4)},
			success.Attributes{"a": yes}, 100, success.BadFit, 0.8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.profile.Assess(account(tt.attrs))
			require.NoError(t, err)
			assert.Equal(t, tt.wantScore, a.Score)
			assert.Equal(t, tt.wantVerdict, a.Verdict, a.Reason)
			assert.Equal(t, tt.wantUnknown, a.UnknownWeight)
		})
	}
}

func TestFitArrCurrency(t *testing.T) {
	p := success.Profile{ID: "p", Criteria: []success.Criterion{
		{ID: "arr", Attribute: "arr", Weight: 1, Range: success.AtLeast(10000)},
		{ID: "cur", Attribute: "arr_currency", Disqualify: success.MustHave, Equals: ptr(success.StringValue("USD"))},
	}}
	a, err := p.Assess(success.Account{ID: "a", ARR: success.MustMoney("10000", "JPY")})
	require.NoError(t, err)
	assert.Equal(t, success.BadFit, a.Verdict, "10,000 yen is not 10,000 dollars")
}

func TestFitWrongTypeIsAnError(t *testing.T) {
	_, err := icp().Assess(account(success.Attributes{"employees": success.StringValue("250")}))
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, `criterion "size": attribute "employees" is a string of 3 bytes, the rule compares it with a number`)
	assert.NotContains(t, err.Error(), "250", "errors never quote an attribute value")
	_, err = icp().Assess(account(success.Attributes{"region": success.BoolValue(true)}))
	assert.ErrorContains(t, err, `criterion "region"`)
	_, err = icp().Assess(account(success.Attributes{"industry": success.NumberValue(3)}))
	assert.ErrorContains(t, err, `criterion "industry"`)
}

func TestFitAllUnknownIsBadFit(t *testing.T) {
	p := success.Profile{ID: "p", Criteria: []success.Criterion{{ID: "a", Attribute: "a", Weight: 1, Equals: ptr(success.NumberValue(1))}}}
	a, err := p.Assess(account(nil))
	require.NoError(t, err)
	assert.Equal(t, success.BadFit, a.Verdict)
	assert.Equal(t, 1.0, a.UnknownWeight)
	assert.Equal(t, success.MatchUnknown, a.Criteria[0].Match)
	assert.Contains(t, a.Reason, "unknown")
}

func TestFitReadsBuiltInFields(t *testing.T) {
	p := success.Profile{ID: "p", Criteria: []success.Criterion{
		{ID: "seg", Attribute: "segment", Weight: 1, Equals: ptr(success.StringValue("enterprise"))},
		{ID: "arr", Attribute: "arr", Weight: 1, Range: success.AtLeast(50000)},
	}}
	acct := success.Account{ID: "a", Segment: "enterprise", ARR: usd("120000")}
	a, err := p.Assess(acct)
	require.NoError(t, err)
	assert.Equal(t, 100.0, a.Score)
}

// The built-in arr is compared as the exact decimal: as a float64,
// 50000.000000000001 is 50000 and matched AtMost(50000).
func TestFitComparesArrExactly(t *testing.T) {
	tests := []struct {
		name   string
		arr    string
		rule   success.Criterion
		wantOK bool
	}{
		{"just above a max", "50000.000000000001", success.Criterion{Range: success.AtMost(50000)}, false},
		{"at the max", "50000", success.Criterion{Range: success.AtMost(50000)}, true},
		{"just below a min", "49999.999999999999", success.Criterion{Range: success.AtLeast(50000)}, false},
		{"at the min", "50000.00", success.Criterion{Range: success.AtLeast(50000)}, true},
		{"decimal bound", "0.3", success.Criterion{Range: success.Between(0.1, 0.3)}, true},
		{"equals, not quite", "50000.000000000001", success.Criterion{Equals: ptr(success.NumberValue(50000))}, false},
		{"one of, exactly", "50000", success.Criterion{OneOf: []success.Value{success.NumberValue(50000)}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.rule
			c.ID, c.Attribute, c.Weight = "arr", "arr", 1
			a, err := success.Profile{ID: "p", Criteria: []success.Criterion{c}}.Assess(success.Account{ID: "a", ARR: usd(tt.arr)})
			require.NoError(t, err)
			assert.Equal(t, tt.wantOK, a.Criteria[0].Satisfied, a.Criteria[0].Reason)
			assert.Contains(t, a.Criteria[0].Reason, "arr is "+success.MustMoney(tt.arr, "USD").Amount().String())
		})
	}
	// A free-form attribute named arr shadows the built-in and is a float.
	p := success.Profile{ID: "p", Criteria: []success.Criterion{{ID: "arr", Attribute: "arr", Weight: 1, Range: success.AtMost(10)}}}
	a, err := p.Assess(success.Account{ID: "a", ARR: usd("50000"), Attributes: success.Attributes{"arr": success.NumberValue(5)}})
	require.NoError(t, err)
	assert.True(t, a.Criteria[0].Satisfied)
}

// Attributes the profile marks personal are explained by kind and match;
// the others keep their values, long strings shortened.
func TestFitPersonalAttributes(t *testing.T) {
	email := "alice.smith@example.com"
	p := success.Profile{ID: "p", Personal: []string{"contact", "age"}, Criteria: []success.Criterion{
		{ID: "present", Attribute: "contact", Weight: 1, Present: true},
		{ID: "equals", Attribute: "contact", Weight: 1, Equals: ptr(success.StringValue(email))},
		{ID: "not-equals", Attribute: "contact", Weight: 1, Equals: ptr(success.StringValue("bob@example.com"))},
		{ID: "one-of", Attribute: "contact", Weight: 1, OneOf: []success.Value{success.StringValue(email), success.StringValue("carol@example.com")}},
		{ID: "age", Attribute: "age", Weight: 1, Range: success.Between(18, 65)},
		{ID: "industry", Attribute: "industry", Weight: 1, Equals: ptr(success.StringValue("saas"))},
		{ID: "note", Attribute: "note", Weight: 1, Present: true},
	}}
	a, err := p.Assess(account(success.Attributes{
		"contact": success.StringValue(email), "age": success.NumberValue(41),
		"industry": success.StringValue("saas"), "note": success.StringValue(strings.Repeat("x", 100)),
	}))
	require.NoError(t, err)
	want := map[string]string{
		"present":    "contact (personal, string) is present",
		"equals":     "contact (personal, string) equals the profile's value",
		"not-equals": "contact (personal, string) does not equal the profile's value",
		"one-of":     "contact (personal, string) is one of the profile's 2 values",
		"age":        "age (personal, number) is within [18, 65]",
		"industry":   `industry is "saas"`,
		"note":       `note is present ("` + strings.Repeat("x", 40) + `"… (100 bytes))`,
	}
	for _, c := range a.Criteria {
		assert.Equal(t, want[c.ID], c.Reason, c.ID)
		assert.NotContains(t, c.Reason, "example.com", c.ID)
		assert.NotContains(t, c.Reason, "41", c.ID)
	}
	assert.Equal(t, success.NotMatched, a.Criteria[2].Match)

	// Personal is part of the profile's JSON.
	doc := `{"id":"p","personal":["contact"],"criteria":[{"id":"c","attribute":"contact","weight":1,"present":true}]}`
	loaded, err := success.LoadProfile(strings.NewReader(doc), success.ProfileLoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"contact"}, loaded.Personal)
	_, err = success.LoadProfile(strings.NewReader(`{"id":"p","personal":[""],"criteria":[{"id":"c","attribute":"contact","weight":1,"present":true}]}`), success.ProfileLoadOptions{})
	assert.ErrorContains(t, err, "personal[0]: must not be empty")
}

// An ARR beyond the bound on amounts (grown by Mul) is refused at once, not
// converted to a float or compared digit by digit for minutes.
func TestFitArrBeyondBound(t *testing.T) {
	acct := success.Account{ID: "a", ARR: usd("1").Mul(decimal.New(1, -100_000_000))}
	start := time.Now()
	v, ok := acct.Attribute("arr")
	n, _ := v.Num()
	assert.True(t, ok && math.IsNaN(n), "got %v", v)
	p := success.Profile{ID: "p", Criteria: []success.Criterion{{ID: "arr", Attribute: "arr", Weight: 1, Range: success.AtMost(50000)}}}
	_, err := p.Assess(acct)
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestFitCustomPredicate(t *testing.T) {
	isCorporate := func(v success.Value) (bool, string) {
		s, _ := v.Str()
		if strings.HasSuffix(s, "@gmail.com") {
			return false, "free mail domain"
		}
		return true, "corporate domain"
	}
	doc := `{"id":"p","criteria":[{"id":"email","attribute":"email","weight":1,"custom":"corporate"}]}`
	p, err := success.LoadProfile(strings.NewReader(doc), success.ProfileLoadOptions{
		Predicates: map[string]success.PredicateFunc{"corporate": isCorporate}})
	require.NoError(t, err)
	a, err := p.Assess(account(success.Attributes{"email": success.StringValue("jo@gmail.com")}))
	require.NoError(t, err)
	assert.Equal(t, success.NotMatched, a.Criteria[0].Match)
	assert.Equal(t, "corporate: free mail domain", a.Criteria[0].Reason)

	_, err = success.LoadProfile(strings.NewReader(doc), success.ProfileLoadOptions{})
	assert.ErrorContains(t, err, `criteria[0].custom: unknown predicate "corporate"`)
}

func TestFitRejectsNonFiniteAttribute(t *testing.T) {
	_, err := icp().Assess(account(success.Attributes{"employees": success.NumberValue(math.NaN())}))
	assert.ErrorIs(t, err, success.ErrInvalid)
	_, err = icp().Assess(success.Account{})
	assert.ErrorIs(t, err, success.ErrInvalid, "empty account ID")
}

func TestLoadProfileReportsEveryProblem(t *testing.T) {
	doc := `{
	  "id": "icp", "treshold": 70,
	  "criteria": [
	    {"id": "size", "attribute": "employees", "weight": -3, "range": {"min": 50, "maks": 10}},
	    {"id": "size", "attribute": "industry", "weight": "two", "one_of": ["saas"]},
	    {"id": "region", "attribute": "region", "weight": 1},
	    {"id": "both", "attribute": "x", "weight": 1, "present": true, "equals": 1},
	    {"id": "dq", "attribute": "x", "weight": 1, "present": true, "disqualify": "maybe"},
	    {"id": "bad-weight-and-two-rules", "attribute": "x", "weight": "x", "present": true, "equals": 1}
	  ]}`
	_, err := success.LoadProfile(strings.NewReader(doc), success.ProfileLoadOptions{})
	require.ErrorIs(t, err, success.ErrInvalid)
	got := map[string]bool{}
	for _, fe := range success.AsFieldErrors(err) {
		got[fe.Path] = true
	}
	for _, want := range []string{"treshold", "criteria[0].weight", "criteria[0].range.maks",
		"criteria[1].id", "criteria[1].weight", "criteria[2]", "criteria[3].present", "criteria[4].disqualify",
		"criteria[5].weight", "criteria[5].present"} {
		assert.True(t, got[want], "missing problem at %s in: %v", want, err)
	}
}

func TestLoadProfileRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"malformed":         `{"id": "p", "criteria": [`,
		"trailing data":     `{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"present":true}]} {}`,
		"not an object":     `[1,2]`,
		"empty profile":     `{"id": "p", "criteria": []}`,
		"no criteria":       `{"id": "p"}`,
		"weights all zero":  `{"id":"p","criteria":[{"id":"a","attribute":"a","weight":0,"present":true}]}`,
		"threshold > 100":   `{"id":"p","threshold":101,"criteria":[{"id":"a","attribute":"a","weight":1,"present":true}]}`,
		"min above max":     `{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"range":{"min":5,"max":1}}]}`,
		"empty range":       `{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"range":{}}]}`,
		"null value":        `{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"equals":null}]}`,
		"weights overflow":  `{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1.7e308,"present":true},{"id":"b","attribute":"b","weight":1.7e308,"present":true}]}`,
		"min known share>1": `{"id":"p","min_known_share":1.5,"criteria":[{"id":"a","attribute":"a","weight":1,"present":true}]}`,
		"number too large":  `{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"equals":1e400}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := success.LoadProfile(strings.NewReader(doc), success.ProfileLoadOptions{})
			assert.ErrorIs(t, err, success.ErrInvalid)
		})
	}
}

func TestProfileJSONRoundTrip(t *testing.T) {
	roundTrip := func(t require.TestingT, p success.Profile) {
		b, err := json.Marshal(p)
		require.NoError(t, err)
		back, err := success.LoadProfile(strings.NewReader(string(b)), success.ProfileLoadOptions{})
		require.NoError(t, err, "%s", b)
		require.Equal(t, p, back, "%s", b)
	}
	roundTrip(t, icp())
	rapid.Check(t, func(t *rapid.T) {
		p, _ := genProfile(t)
		p.Name = rapid.String().Draw(t, "name")
		p.MinKnownShare = rapid.Float64Range(0, 1).Draw(t, "min known share")
		roundTrip(t, p)
	})
}

// genProfile draws a valid profile of one to six criteria, and attributes
// of the kinds its rules compare, some of them unknown.
func genProfile(t *rapid.T) (success.Profile, success.Attributes) {
	n := rapid.IntRange(1, 6).Draw(t, "n")
	p := success.Profile{ID: "p", Threshold: rapid.Float64Range(0, 100).Draw(t, "threshold")}
	attrs := success.Attributes{}
	for i := range n {
		name := string(rune('a' + i))
		c := success.Criterion{ID: name, Attribute: name, Weight: rapid.Float64Range(0, 10).Draw(t, "w")}
		switch rapid.IntRange(0, 3).Draw(t, "rule") {
		case 0:
			c.Range = success.Between(0, rapid.Float64Range(0, 100).Draw(t, "max"))
		case 1:
			c.Equals = ptr(success.StringValue(rapid.SampledFrom([]string{"x", "y"}).Draw(t, "eq")))
		case 2:
			c.OneOf = []success.Value{success.StringValue("x"), success.StringValue(rapid.SampledFrom([]string{"y", "z"}).Draw(t, "one of"))}
		default:
			c.Present = true
		}
		c.Disqualify = rapid.SampledFrom([]success.Disqualifier{"", success.MustHave, success.MustNotHave}).Draw(t, "dq")
		p.Criteria = append(p.Criteria, c)
		if rapid.Bool().Draw(t, "known") {
			if c.Range != nil {
				attrs[name] = success.NumberValue(rapid.Float64Range(-10, 200).Draw(t, "num"))
			} else {
				attrs[name] = success.StringValue(rapid.SampledFrom([]string{"x", "y", "z"}).Draw(t, "str"))
			}
		}
	}
	p.Criteria[0].Weight = 1 // at least one positive weight
	return p, attrs
}

func TestFitScoreWithinBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, attrs := genProfile(t)
		a, err := p.Assess(account(attrs))
		if err != nil {
			t.Fatal(err)
		}
		if a.Score < 0 || a.Score > 100 || math.IsNaN(a.Score) {
			t.Fatalf("score %v outside [0,100]", a.Score)
		}
		if a.UnknownWeight < 0 || a.UnknownWeight > 1 {
			t.Fatalf("unknown weight %v outside [0,1]", a.UnknownWeight)
		}
		knownWeight, totalWeight := 0.0, 0.0
		for _, c := range a.Criteria {
			totalWeight += c.Weight
			if c.Match != success.MatchUnknown {
				knownWeight += c.Weight
			}
		}
		if (a.Verdict == success.GoodFit) != (len(a.DisqualifiedBy) == 0 && knownWeight > 0 && knownWeight/totalWeight >= success.DefaultMinKnownShare && a.Score >= a.Threshold) {
			t.Fatalf("verdict %s inconsistent with %+v", a.Verdict, a)
		}
	})
}

func TestLoadProfileMessages(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{"id":"p","id":"q","criteria":[{"id":"a","attribute":"a","weight":1,"present":true}]}`, "id: duplicate field"},
		{`{"id":"p","criteria":[{"id":"a","attribute":"a","weight":"3","present":true}]}`, `criteria[0].weight: must be a number, got a string`},
		{`{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1e400,"present":true}]}`, "criteria[0].weight: number is out of range"},
		{`{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"equals":{"time":"2026-01-01"}}]}`, "RFC 3339 timestamp"},
		{`{"id":"p","criteria":{}}`, "criteria: must be a JSON array"},
		// A value's own error reads beside its path without the sentinel's words.
		{`{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"one_of":[null]}]}`,
			"criteria[0].one_of: attribute value must be a string, number, bool or time, got null"},
	}
	for _, tt := range tests {
		_, err := success.LoadProfile(strings.NewReader(tt.doc), success.ProfileLoadOptions{})
		assert.ErrorContains(t, err, tt.want, tt.doc)
		// A field that failed to decode is reported once, not again as a rule problem.
		assert.NotContains(t, err.Error(), "weights sum to 0", tt.doc)
		assert.NotContains(t, err.Error(), success.ErrInvalid.Error(), tt.doc)
	}
}

func TestProfileUnmarshalIsStrict(t *testing.T) {
	var p success.Profile
	err := json.Unmarshal([]byte(`{"id":"p","criteria":[{"id":"a","attribute":"a","weight":-1,"present":true,"extra":1}]}`), &p)
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, "criteria[0].weight: must be >= 0")
	assert.ErrorContains(t, err, "criteria[0].extra: unknown field")
	require.NoError(t, json.Unmarshal([]byte(`{"id":"p","criteria":[{"id":"a","attribute":"a","weight":1,"present":true}]}`), &p))
	assert.Equal(t, "p", p.ID)
}

func TestCriterionUnmarshalWithCustomPredicateSaysHow(t *testing.T) {
	var c success.Criterion
	err := json.Unmarshal([]byte(`{"id":"email","attribute":"email","weight":1,"custom":"corporate"}`), &c)
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.ErrorContains(t, err, "LoadProfile")
}
