package success

import "github.com/secondsale/secondsale/internal/strictjson"

// The records a host decodes from JSON (Account, Attributes, Measurement,
// RequiredOutcome, ExperienceRequirement, DesiredOutcome, Milestone) are as
// strict as definitions: each one's UnmarshalJSON is decodeRecord, so
// unknown fields (a misspelt "measurments"), repeated keys and wrongly typed
// values are errors with their path, and the problems of a record nested in
// another keep the path from the outermost record
// ("required[0].measurements[1].at"). A null reads as an absent field.
// Problems name the kind of a bad value, never the value, which may be
// personal.

// decodeRecord decodes the JSON document b into the record dst points to,
// returning every problem as FieldErrors wrapping ErrInvalid; dst is left
// unchanged unless there is none. Rules beyond the shape (an empty ID, a due
// date before the start) are left to the record's Validate. (The packages
// above success decode theirs with internal/fielderr.DecodeRecord, which
// cannot serve success itself without an import cycle.)
func decodeRecord[T any](b []byte, dst *T) error {
	var problems FieldErrors
	report := func(path, problem string) { problems.addf(ErrInvalid, path, "%s", problem) }
	nested := func(path string, err error) bool {
		inner := AsFieldErrors(err)
		problems = append(problems, inner.prefix(path)...)
		return inner != nil
	}
	strictjson.DecodeRecord(b, dst, report, nested)
	return problems.Err()
}
