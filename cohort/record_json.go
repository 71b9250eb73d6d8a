package cohort

import "github.com/secondsale/secondsale/internal/fielderr"

// The records a host decodes from its own data (transactions, spells,
// observations, customer summaries, a valuation) and the fitted models it
// reads back to predict with (BGNBD, GammaGamma, SBG and their FitReport)
// are read as strictly as the definition loaders read theirs: an unknown
// field (names match the tags exactly), a key given twice or a value of the
// wrong type is an error naming its path ("fit.iterations: must be a
// number, got a string") and wrapping ErrInvalid, so a misspelt field is
// never silently dropped. Problems name the JSON kind found, never the
// value, which may be personal. A null reads as an absent field. Rules
// beyond the shape (a recency above the age, parameters that are not
// positive) are left to Validate and to the functions that take the record.
// Results (Curve, Table, LogRankTest, projections) are outputs and decode
// leniently. Each record's UnmarshalJSON is one call to decodeRecord.

// UnmarshalJSON reads a transaction strictly.
func (t *Transaction) UnmarshalJSON(b []byte) error { return decodeRecord(b, t) }

// UnmarshalJSON reads a spell strictly.
func (s *Spell) UnmarshalJSON(b []byte) error { return decodeRecord(b, s) }

// UnmarshalJSON reads an observation strictly.
func (o *Observation) UnmarshalJSON(b []byte) error { return decodeRecord(b, o) }

// UnmarshalJSON reads a summary strictly: a misspelt "frequncy" would
// otherwise read as a customer who never bought again.
func (c *CustomerSummary) UnmarshalJSON(b []byte) error { return decodeRecord(b, c) }

// UnmarshalJSON reads a valuation strictly: a misspelt "discount_rat" would
// otherwise silently value the customer undiscounted.
func (v *Valuation) UnmarshalJSON(b []byte) error { return decodeRecord(b, v) }

// UnmarshalJSON reads a fitted model strictly, to predict with.
func (m *BGNBD) UnmarshalJSON(b []byte) error { return decodeRecord(b, m) }

// UnmarshalJSON reads a fitted model strictly, to predict with.
func (m *GammaGamma) UnmarshalJSON(b []byte) error { return decodeRecord(b, m) }

// UnmarshalJSON reads a fitted model strictly, to project with.
func (m *SBG) UnmarshalJSON(b []byte) error { return decodeRecord(b, m) }

// UnmarshalJSON reads a fit report strictly, as part of its model.
func (r *FitReport) UnmarshalJSON(b []byte) error { return decodeRecord(b, r) }

// decodeRecord reads data strictly into *dst, which changes only when no
// problem was found; a nested record's problems keep their full path.
func decodeRecord[T any](data []byte, dst *T) error {
	return fielderr.DecodeRecord(data, dst, ErrInvalid)
}
