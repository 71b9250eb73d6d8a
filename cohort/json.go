package cohort

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/success"
)

// JSON: results carry snake_case tags so a host can serve them as they are.
// JSON has no NaN or infinity, so a figure that is not available is written
// as null, as churn.Ratio writes an undefined rate: an infinite standard error
// (Step.HazardSE), a median or confidence limit not reached, a cell rate that
// is undefined. Every result of a successful fit or estimate encodes.

// Every enumeration of the package validates when decoded and when encoded,
// so that what is written can be read back (and flag.TextVar takes it).

// MarshalText implements encoding.TextMarshaler: the grouping's name,
// nothing for the empty grouping, and an error for an invalid one.
func (g Grouping) MarshalText() ([]byte, error) { return enum.Encode(g) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the grouping.
func (g *Grouping) UnmarshalText(b []byte) error { return enum.Decode(g, b) }

// MarshalText implements encoding.TextMarshaler: the type's name, nothing
// for the empty type, and an error for an invalid one.
func (c ConfType) MarshalText() ([]byte, error) { return enum.Encode(c) }

// UnmarshalText implements encoding.TextUnmarshaler and validates the type.
func (c *ConfType) UnmarshalText(b []byte) error { return enum.Decode(c, b) }

// UnmarshalJSON reads back what MarshalText writes, the empty type (the
// default) included, so that SurvivalOptions{} survives a JSON round trip;
// a flag still refuses the empty text.
func (c *ConfType) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "null": // as for any string: no change
		return nil
	case `""`:
		*c = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: confidence interval type: want a string", ErrInvalid)
	}
	return c.UnmarshalText([]byte(s))
}

// jsonProblem describes a decoding error without the input it quotes
// (encoding/json writes the text of a number that does not fit, "number
// 1e400"): the offset of a syntax error, or the field, the type wanted and
// the kind of JSON value found. Other errors (a value's own decoder) are
// those decoders' words.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		kind, _, _ := strings.Cut(typ.Value, " ")
		return fmt.Sprintf("field %q: want %s, got a JSON %s", typ.Field, typ.Type, kind)
	}
	return err.Error()
}

// optional returns &v when ok, nil (JSON null) otherwise.
func optional(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

// orZero returns *p and true, or 0 and false for nil.
func orZero(p *float64) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

// UnmarshalJSON reads a table as encoding/json writes it. Grain and
// grouping are required, as every built table has them. Every error wraps
// ErrInvalid, and leaves t unchanged.
func (t *Table) UnmarshalJSON(b []byte) error {
	type plain Table
	// The grain reads as a plain string and is checked here: success.Grain's
	// own decoder quotes a bad value in its error.
	var out struct {
		plain
		Grain string `json:"grain"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("%w: table: %s", ErrInvalid, jsonProblem(err))
	}
	out.plain.Grain = success.Grain(out.Grain)
	if err := errors.Join(checkGrain(out.plain.Grain, success.Monthly, success.Quarterly, success.Yearly), out.Grouping.Validate()); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	*t = Table(out.plain)
	return nil
}

// MarshalJSON writes the cell with its three rates, null where undefined.
func (c Cell) MarshalJSON() ([]byte, error) {
	type plain Cell
	return json.Marshal(struct {
		plain
		LogoRetention         *float64 `json:"logo_retention"`
		NetRevenueRetention   *float64 `json:"net_revenue_retention"`
		GrossRevenueRetention *float64 `json:"gross_revenue_retention"`
	}{plain(c), optional(c.LogoRetention()), optional(c.NetRevenueRetention()), optional(c.GrossRevenueRetention())})
}

// MarshalJSON writes HazardSE as null once Survival is 0, where it is
// infinite, so that a curve that reaches 0 still encodes.
func (s Step) MarshalJSON() ([]byte, error) {
	type plain Step
	return json.Marshal(struct {
		plain
		HazardSE *float64 `json:"hazard_se"`
	}{plain(s), optional(s.HazardSE, !math.IsInf(s.HazardSE, 0))})
}

// UnmarshalJSON reads what MarshalJSON writes: a null hazard_se is +Inf.
// Errors wrap ErrInvalid.
func (s *Step) UnmarshalJSON(b []byte) error {
	type plain Step
	in := struct {
		*plain
		HazardSE *float64 `json:"hazard_se"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &in); err != nil {
		return fmt.Errorf("%w: step: %s", ErrInvalid, jsonProblem(err))
	}
	s.HazardSE = math.Inf(1)
	if in.HazardSE != nil {
		s.HazardSE = *in.HazardSE
	}
	return nil
}

// medianJSON is a Median with a time that is not reached as null.
type medianJSON struct {
	Time  *float64 `json:"time"`
	Lower *float64 `json:"lower"`
	Upper *float64 `json:"upper"`
}

// MarshalJSON writes each time that is not reached as null.
func (m Median) MarshalJSON() ([]byte, error) {
	return json.Marshal(medianJSON{
		Time:  optional(m.Time, m.Reached),
		Lower: optional(m.Lower, m.LowerReached),
		Upper: optional(m.Upper, m.UpperReached),
	})
}

// UnmarshalJSON reads what MarshalJSON writes: null is not reached. Errors
// wrap ErrInvalid.
func (m *Median) UnmarshalJSON(b []byte) error {
	var in medianJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return fmt.Errorf("%w: median: %s", ErrInvalid, jsonProblem(err))
	}
	m.Time, m.Reached = orZero(in.Time)
	m.Lower, m.LowerReached = orZero(in.Lower)
	m.Upper, m.UpperReached = orZero(in.Upper)
	return nil
}
