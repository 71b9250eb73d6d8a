package success

import "github.com/secondsale/secondsale/internal/strictjson"

// records lists the record types a host decodes from JSON. Each one's
// UnmarshalJSON is decodeRecord, so a record is as strict as a definition:
// unknown fields (a misspelt "measurments"), repeated keys and wrongly typed
// values are errors with their path, and a record nested in another is
// walked as part of it, so the path runs from the outermost record
// ("required[0].measurements[1].at").
var records = strictjson.NewRecords(
	Account{}, Attributes{}, Measurement{}, RequiredOutcome{}, ExperienceRequirement{}, DesiredOutcome{}, Milestone{},
)

// decodeRecord decodes the JSON document b into the record dst points to,
// returning every problem as FieldErrors wrapping ErrInvalid; dst is left
// unchanged unless there is none. Rules beyond the shape (an empty ID, a due
// date before the start) are left to the record's Validate.
func decodeRecord(b []byte, dst any) error {
	var errs FieldErrors
	sj := strictjson.NewReader(func(path, problem string) { errs.Addf(ErrInvalid, path, "%s", problem) })
	records.Decode(sj, b, dst)
	return errs.Err()
}
