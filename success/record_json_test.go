package success_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/secondsale/secondsale/success"
)

// recordCase is one record type: a valid value, and documents that break it
// with the one problem each must be reported as.
type recordCase struct {
	name string
	good any
	// bad maps a document to the problem it must be reported with, "path: problem".
	bad map[string]string
}

func TestRecordsAreStrict(t *testing.T) {
	acct := success.Account{
		ID: "acme", Name: "Acme", Segment: "smb", Plan: "pro", ARR: usd("24000.10"), StartDate: t0,
		RenewalDate: day(365), Stage: success.StageAdoption,
		Attributes: success.Attributes{"employees": success.NumberValue(120.5), "signed": success.TimeValue(day(3)),
			"sso": success.BoolValue(true), "industry": success.StringValue("saas")},
	}
	outcome := activeUsers(m(10, 12), m(20, 20))
	outcome.Weight = 2
	tests := []recordCase{
		{"Account", acct, map[string]string{
			`{"id": "a", "segmnet": "smb"}`:                         "segmnet: unknown field",
			`{"id": "a", "id": "b"}`:                                "id: duplicate field",
			`{"id": 7}`:                                             "id: must be a string, got a number",
			`{"id": "a", "stage": "happy"}`:                         `stage: unknown lifecycle stage "happy" (want onboarding, adoption, value_realisation, renewal, expansion, advocacy or churned)`,
			`{"id": "a", "attributes": {"x": 1, "x": 2}}`:           "attributes.x: duplicate field",
			`{"id": "a", "attributes": {"x": [1]}}`:                 `attributes.x: attribute value must be a string, number, bool or time, got a JSON array`,
			`{"id": "a", "arr": {"amount": "1", "currncy": "USD"}}`: "arr.currncy: unknown field",
		}},
		{"Attributes", acct.Attributes, map[string]string{
			`{"a": 1, "a": 1}`: "a: duplicate field",
			`[1]`:              "must be a JSON object, got a JSON array",
		}},
		{"Measurement", m(3, 4), map[string]string{
			`{"at": "2026-01-01T00:00:00Z", "vaule": 4}`: "vaule: unknown field",
			`{"value": 1, "value": 2}`:                   "value: duplicate field",
			`{"value": "4"}`:                             "value: must be a number, got a string",
		}},
		{"RequiredOutcome", outcome, map[string]string{
			`{"id": "wau", "measurments": [{"value": 1}]}`:  "measurments: unknown field",
			`{"id": "wau", "target": 1, "target": 2}`:       "target: duplicate field",
			`{"id": "wau", "baseline": "10"}`:               "baseline: must be a number, got a string",
			`{"id": "wau", "measurements": [{"valeu": 1}]}`: "measurements[0].valeu: unknown field",
			`{"id": "wau", "measurements": {"value": 1}}`:   "measurements: must be a JSON array, got a JSON object",
			`{"id": "wau", "target": 1e400}`:                "target: number is out of range",
			`{"id": "wau", "direction": "up"}`:              `direction: unknown direction "up" (want higher_is_better or lower_is_better)`,
			`{"id": "wau", "start": "2026-01-01"}`:          `start: must be a time in RFC 3339 format ("2026-03-01T00:00:00Z"), got a string`,
		}},
		{"ExperienceRequirement", success.ExperienceRequirement{ID: "eu", Name: "EU data residency", Met: true, Since: day(5)}, map[string]string{
			`{"id": "eu", "mett": true}`: "mett: unknown field",
			`{"id": "eu", "id": "eu"}`:   "id: duplicate field",
			`{"id": "eu", "met": "yes"}`: "met: must be true or false, got a string",
		}},
		{"DesiredOutcome", financeTeamOutcome(), map[string]string{
			`{"id": "do", "required": [{"id": "wau", "measurments": []}]}`: "required[0].measurments: unknown field",
			`{"id": "do", "account": "a", "account": "b"}`:                 "account: duplicate field",
			`{"id": "do", "experience": [{"id": "eu", "met": 1}]}`:         "experience[0].met: must be true or false, got a number",
			`{"id": "do", "outcomes": []}`:                                 "outcomes: unknown field",
		}},
		{"Milestone", success.Milestone{ID: "kickoff", Name: "Kick-off held", Required: true, DueAfterDays: 7, CompletedAt: day(5)}, map[string]string{
			`{"id": "k", "due_after": 7}`:                      "due_after: unknown field",
			`{"id": "k", "required": true, "required": false}`: "required: duplicate field",
			`{"id": "k", "due_after_days": 7.5}`:               "due_after_days: must be an integer, without fraction or exponent",
			`{"id": "k", "due_after_days": 1e20}`:              "due_after_days: must be an integer, without fraction or exponent",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Round trip: encoding then decoding gives the same record, and
			// encoding that gives the same bytes.
			b, err := json.Marshal(tt.good)
			require.NoError(t, err)
			back := newLike(tt.good)
			require.NoError(t, json.Unmarshal(b, back), "%s", b)
			again, err := json.Marshal(back)
			require.NoError(t, err)
			assert.Equal(t, string(b), string(again))
			assert.Equal(t, tt.good, deref(back))

			for doc, want := range tt.bad {
				dst := newLike(tt.good)
				before, _ := json.Marshal(dst)
				err := json.Unmarshal([]byte(doc), dst)
				require.ErrorIs(t, err, success.ErrInvalid, doc)
				problems := success.AsFieldErrors(err)
				require.NotEmpty(t, problems, "%s: %v", doc, err)
				assert.Equal(t, want, err.Error(), doc)
				after, _ := json.Marshal(dst)
				assert.Equal(t, string(before), string(after), "%s: a failed decode leaves the record as it was", doc)
			}
		})
	}
}

// A misspelt field is an error, not an outcome that reads "stuck, nothing measured".
func TestMisspeltMeasurementsIsAnError(t *testing.T) {
	doc := `{"id": "do-1", "account": "acme", "required": [{"id": "wau", "metric": "weekly active users",
	  "baseline": 10, "target": 50, "direction": "higher_is_better", "start": "2026-01-01T00:00:00Z",
	  "due": "2026-04-11T00:00:00Z", "measurments": [{"at": "2026-01-21T00:00:00Z", "value": 30}]}]}`
	var d success.DesiredOutcome
	err := json.Unmarshal([]byte(doc), &d)
	require.ErrorIs(t, err, success.ErrInvalid)
	assert.EqualError(t, err, "required[0].measurments: unknown field")
}

// newLike returns a pointer to a new zero value of v's type.
func newLike(v any) any {
	switch v.(type) {
	case success.Account:
		return new(success.Account)
	case success.Attributes:
		return new(success.Attributes)
	case success.Measurement:
		return new(success.Measurement)
	case success.RequiredOutcome:
		return new(success.RequiredOutcome)
	case success.ExperienceRequirement:
		return new(success.ExperienceRequirement)
	case success.DesiredOutcome:
		return new(success.DesiredOutcome)
	case success.Milestone:
		return new(success.Milestone)
	}
	panic("newLike: add the type")
}

func deref(p any) any {
	switch p := p.(type) {
	case *success.Account:
		return *p
	case *success.Attributes:
		return *p
	case *success.Measurement:
		return *p
	case *success.RequiredOutcome:
		return *p
	case *success.ExperienceRequirement:
		return *p
	case *success.DesiredOutcome:
		return *p
	case *success.Milestone:
		return *p
	}
	panic("deref: add the type")
}
