package success_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/secondsale/secondsale/success"
)

func TestAccountValidate(t *testing.T) {
	good := success.Account{
		ID: "acme", Name: "Acme", Segment: "mid-market", Plan: "pro", ARR: usd("24000"),
		StartDate: t0, RenewalDate: t0.AddDate(1, 0, 0), Stage: success.StageAdoption,
		Attributes: success.Attributes{"employees": success.NumberValue(120)},
	}
	require.NoError(t, good.Validate())

	bad := success.Account{
		ARR: success.MustMoney("-1", "USD"), StartDate: t0, RenewalDate: t0.AddDate(0, 0, -1), Stage: "happy",
		Attributes: success.Attributes{"employees": success.NumberValue(math.Inf(1)), "": success.StringValue("x")},
	}
	err := bad.Validate()
	require.ErrorIs(t, err, success.ErrInvalid)
	var paths []string
	for _, fe := range success.AsFieldErrors(err) {
		paths = append(paths, fe.Path)
	}
	assert.ElementsMatch(t, []string{"id", "arr", "renewal_date", "stage", `attributes[""]`, `attributes["employees"]`}, paths, "%v", err)

	assert.ErrorIs(t, success.Account{ID: "a", StartDate: t0, Stage: success.StageAdoption}.Validate(), success.ErrInvalid, "missing ARR currency")
}

func TestLifecycleStage(t *testing.T) {
	for _, s := range success.LifecycleStages() {
		got, err := success.ParseLifecycleStage(string(s))
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	_, err := success.ParseLifecycleStage("Adoption")
	assert.ErrorIs(t, err, success.ErrInvalid)
	var st success.LifecycleStage
	assert.ErrorIs(t, json.Unmarshal([]byte(`"nope"`), &st), success.ErrInvalid)
	var v success.Verdict
	assert.ErrorIs(t, json.Unmarshal([]byte(`"great_fit"`), &v), success.ErrInvalid)
	require.NoError(t, json.Unmarshal([]byte(`"good_fit"`), &v))
	assert.Equal(t, success.GoodFit, v)
}

func TestAccountJSONRoundTrip(t *testing.T) {
	a := success.Account{
		ID: "acme", ARR: usd("24000.10"), StartDate: t0, Stage: success.StageRenewal,
		Attributes: success.Attributes{
			"employees": success.NumberValue(120.5), "industry": success.StringValue("saas"),
			"sso": success.BoolValue(true), "signed_at": success.TimeValue(t0.Add(90 * time.Minute)),
		},
	}
	b, err := json.Marshal(a)
	require.NoError(t, err)
	var back success.Account
	require.NoError(t, json.Unmarshal(b, &back), "%s", b)
	require.NoError(t, back.Validate())
	assert.True(t, back.ARR.Equal(a.ARR))
	for k, v := range a.Attributes {
		assert.True(t, v.Equal(back.Attributes[k]), "%s: %s vs %s", k, v, back.Attributes[k])
	}
	// null is an absent attribute, as SQL exports write a missing value.
	var nulls success.Account
	require.NoError(t, json.Unmarshal([]byte(`{"id":"a","attributes":{"x":null,"y":1}}`), &nulls))
	assert.Equal(t, success.Attributes{"y": success.NumberValue(1)}, nulls.Attributes)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"id":"a","attributes":{"x":{"when":"2026-01-01T00:00:00Z"}}}`), &back), success.ErrInvalid)
}

func TestAttributeValueJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var v success.Value
		switch rapid.IntRange(0, 3).Draw(t, "kind") {
		case 0:
			v = success.StringValue(rapid.String().Draw(t, "s"))
		case 1:
			v = success.NumberValue(rapid.Float64().Draw(t, "f"))
		case 2:
			v = success.BoolValue(rapid.Bool().Draw(t, "b"))
		default:
			v = success.TimeValue(time.Unix(rapid.Int64Range(0, 4e9).Draw(t, "sec"), rapid.Int64Range(0, 1e9-1).Draw(t, "ns")).UTC())
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var back success.Value
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !back.Equal(v) {
			t.Fatalf("round trip %s -> %s -> %s", v, b, back)
		}
	})
}

func TestAttributeValueRejectsNaN(t *testing.T) {
	var v success.Value
	assert.ErrorIs(t, v.UnmarshalJSON([]byte("NaN")), success.ErrInvalid)
	assert.ErrorIs(t, v.UnmarshalJSON([]byte("Inf")), success.ErrInvalid)
	// Numbers strconv reads but JSON does not (found by FuzzValueJSON).
	for _, notJSON := range []string{"00", "+1", "0x1p4", "1_0", ".5", "0\v", "", "\"a\" x"} {
		assert.ErrorIs(t, v.UnmarshalJSON([]byte(notJSON)), success.ErrInvalid, notJSON)
	}
}

func TestFieldErrorsKeepPreciseSentinel(t *testing.T) {
	err := success.Account{ID: "a", ARR: success.ZeroMoney("usd"), StartDate: t0, Stage: success.StageAdoption}.Validate()
	assert.ErrorIs(t, err, success.ErrUnknownCurrency)
	assert.ErrorContains(t, err, `arr: unknown currency "usd"`)
	assert.NotContains(t, err.Error(), "invalid input: unknown", "the sentinel prefix is not repeated")
}

// Attribute values may be personal: errors name the kind of a bad value,
// never its text; and a time object is as strict as a record.
func TestAttributeValueErrorsDoNotQuoteValues(t *testing.T) {
	for _, doc := range []string{`["jane@example.com"]`, `{"time": "jane@example.com"}`, `{"time": "1987-01-01T00:00:00Z", "time": "1987-01-02T00:00:00Z"}`,
		`{"time": "1987-01-01T00:00:00Z", "email": "jane@example.com"}`, `1e999`, `jane@example.com`} {
		var v success.Value
		err := json.Unmarshal([]byte(doc), &v)
		if doc == `jane@example.com` {
			err = v.UnmarshalJSON([]byte(doc)) // not JSON: only a direct call gets it
		}
		require.ErrorIs(t, err, success.ErrInvalid, doc)
		assert.NotContains(t, err.Error(), "jane", doc)
		assert.NotContains(t, err.Error(), "1987", doc)
		assert.NotContains(t, err.Error(), "999", doc)
	}
}

// An account logs as its ID and non-personal fields; attribute values and
// the account's name never appear.
func TestAccountLogValue(t *testing.T) {
	acct := success.Account{
		ID: "acct-42", Name: "Alice Smith", Segment: "smb", Plan: "pro", ARR: usd("24000"),
		StartDate: t0, Stage: success.StageAdoption,
		Attributes: success.Attributes{
			"contact": success.StringValue("alice.smith@example.com"), "employees": success.NumberValue(120),
		},
	}
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("assessed", "account", acct, "attrs", acct.Attributes, "value", acct.Attributes["contact"])
	var got map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, map[string]any{
		"id": "acct-42", "segment": "smb", "plan": "pro", "stage": "adoption", "arr": "24000.00 USD",
		"start_date": "2026-01-01",
		"attributes": map[string]any{"contact": "string", "employees": "number"},
	}, got["account"])
	assert.Equal(t, map[string]any{"contact": "string", "employees": "number"}, got["attrs"])
	assert.Equal(t, "string", got["value"])
	assert.NotContains(t, buf.String(), "alice")
	assert.NotContains(t, buf.String(), "Alice")
	assert.NotContains(t, buf.String(), "120,", "attribute values never appear")
}

// An ARR grown by Mul beyond the bound on amounts is reported, and logged
// without being formatted (which took minutes).
func TestAccountARRBeyondBound(t *testing.T) {
	acct := success.Account{ID: "a", ARR: usd("-1").Mul(decimal.New(1, -100_000_000)), StartDate: t0, Stage: success.StageAdoption}
	start := time.Now()
	err := acct.Validate()
	assert.ErrorIs(t, err, success.ErrInvalid)
	assert.Equal(t, "arr", success.AsFieldErrors(err)[0].Path)
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "account", acct)
	assert.Contains(t, buf.String(), `account.arr="beyond bound"`)
	assert.Less(t, time.Since(start), 2*time.Second)
}
