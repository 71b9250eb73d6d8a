package health

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/secondsale/secondsale/internal/fielderr"

	"github.com/google/uuid"

	"github.com/secondsale/secondsale/success"
)

// Inputs are one account's raw measure inputs keyed by measure ID: numbers for
// linear and tiered measures, bools for boolean ones, strings for categorical
// ones, anything the host function accepts for func measures. An absent key,
// the zero success.Value or, in JSON, null means the input is missing.
type Inputs map[string]success.Value

// ScoreOptions are optional settings of Plan.Score; the zero value means none.
type ScoreOptions struct {
	// Override is the account's current manual override, if any. It is
	// validated, and applied only when active as of the scoring time.
	Override *Override
}

// Score is an account's health as of a time, with everything needed to trust
// it: each measure's input, points, weight and contribution (the
// contributions add up to Value), what was missing, which critical measures
// capped the band, how much of the weight was subjective, and any override.
//
// A Score holds its measures and groups itself (read them with Measures and
// Groups), so Plan.Score allocates nothing for the scorecards most hosts
// write, up to 16 measures in up to 6 groups, and a copy of such a Score
// is independent of the original. A larger scorecard's measures and groups
// are in arrays that a copy shares and that ScoreInto reuses: Clone a
// Score that must outlive the next ScoreInto into it. Clone also copies
// the Caps and the Override, which the SDK never changes in place.
type Score struct {
	// ID identifies the snapshot; a Store assigns NewScoreID(AsOf), a
	// time-ordered UUID v7, on Append when it is uuid.Nil. JSON writes it in
	// canonical text form.
	ID               uuid.UUID         `json:"id,omitzero"`
	Account          success.AccountID `json:"account"`
	ScorecardID      string            `json:"scorecard_id"`
	ScorecardVersion int               `json:"scorecard_version"`
	AsOf             time.Time         `json:"as_of"`

	// Available is false when the missing-input policy leaves no score; Value
	// is then 0 and Band empty.
	Available bool    `json:"available"`
	Value     float64 `json:"value"` // the computed score, 0..100
	Band      string  `json:"band"`  // the band of Value after critical caps
	// UncappedBand is the band of Value before critical caps.
	UncappedBand string `json:"uncapped_band"`

	// MissingWeight is the share of the nominal weight whose inputs are
	// missing, 0..1 (Missing lists their measures).
	MissingWeight float64 `json:"missing_weight"`
	// KnownShare is the share of the nominal weight whose inputs are
	// present, 0..1 (exactly 1 when nothing is missing). Confident is true
	// for an available score whose KnownShare meets the scorecard's
	// ConfidencePolicy; a low-confidence score is either shown with
	// Confident false or unavailable, as the policy says.
	KnownShare float64 `json:"known_share"`
	Confident  bool    `json:"confident"`
	Caps       []Cap   `json:"caps,omitempty"`
	// SubjectiveShare is the share of the score's effective weight that came
	// from present subjective (manual) measures, 0..1.
	SubjectiveShare float64 `json:"subjective_share"`

	// Override is the manual override in force as of AsOf, or nil.
	Override *Override `json:"override,omitempty"`
	// ReportedValue and ReportedBand are what to show: the override where one
	// is in force, the computed Value and Band otherwise.
	ReportedValue float64 `json:"reported_value"`
	ReportedBand  string  `json:"reported_band"`

	// parts are the measures and groups, read with Measures and Groups.
	parts scoreParts
}

// Measures returns each measure's part in the score, in column order
// (Plan.MeasureIDs): its input, points, weights and contribution. The slice
// is new, and changing it does not change s (see SetMeasures); a loop that
// must not allocate reads them with NumMeasures and Measure.
func (s Score) Measures() []MeasureScore { return cloneSlice(s.parts.measures()) }

// NumMeasures is the number of measures, len(s.Measures()).
func (s Score) NumMeasures() int { return s.parts.nMeasures }

// Measure returns measure i, s.Measures()[i], without allocating; it panics
// when i is out of range, as indexing would.
func (s Score) Measure(i int) MeasureScore { return s.parts.measures()[i] }

// Groups returns each group's part in the score, parents before their
// subgroups, as a new slice (see SetGroups).
func (s Score) Groups() []GroupScore { return cloneSlice(s.parts.groups()) }

// NumGroups is the number of groups, len(s.Groups()).
func (s Score) NumGroups() int { return s.parts.nGroups }

// Group returns group i, s.Groups()[i], without allocating (see Measure).
func (s Score) Group(i int) GroupScore { return s.parts.groups()[i] }

// Missing returns the IDs of the measures without input, in column order,
// nil when none is missing.
func (s Score) Missing() []string {
	var ids []string
	for _, m := range s.parts.measures() {
		if m.Missing {
			ids = append(ids, m.ID())
		}
	}
	return ids
}

// SetMeasures sets the score's measures to a copy of ms, for a Score built
// by hand (a test, a conformance suite, an import of snapshots).
func (s *Score) SetMeasures(ms []MeasureScore) {
	s.parts.heapM = nil // a copy of s may share the array: never write into it
	_, _ = s.parts.resize(len(ms), s.parts.nGroups)
	copy(s.parts.measures(), ms)
}

// SetGroups sets the score's groups to a copy of gs (see SetMeasures).
func (s *Score) SetGroups(gs []GroupScore) {
	s.parts.heapG = nil
	_, _ = s.parts.resize(s.parts.nMeasures, len(gs))
	copy(s.parts.groups(), gs)
}

// MeasureScore is one measure's part in a score. Its MeasureInfo (ID,
// Group, Weight, Subjective) is the plan's own, shared by every score of the
// plan; the rest is this account's. The input is held compactly and read
// with Input: a success.Value is 56 bytes, while a number, a bool or a
// string takes 25 bytes here, so a Score holds 16 measures in 1,024 bytes. An
// input of another kind (a time, which only a func measure takes) is held
// in a Value of its own, an allocation for Plan.Score and ScoreInto.
type MeasureScore struct {
	*MeasureInfo
	inputStr   string         // a string input
	inputNum   float64        // a number input, or a bool one as 0 or 1
	inputOther *success.Value // an input of any other kind
	// Points is the normalised input, 0..100 (the policy's points when
	// missing under FixedPoints, 0 when missing otherwise).
	Points float64
	// EffectiveWeight is the measure's share of the score after
	// redistribution, 0..1; Weight() is its share when nothing is missing.
	EffectiveWeight float64
	inputKind       success.ValueKind
	// Missing is true when the measure had no input.
	Missing bool
}

// NewMeasureScore returns a measure's part in a score built by hand (a test,
// a conformance suite, an import of snapshots): missing when input is the
// zero Value.
func NewMeasureScore(info *MeasureInfo, input success.Value, points, effectiveWeight float64) MeasureScore {
	m := MeasureScore{Points: points, EffectiveWeight: effectiveWeight, Missing: input.Kind() == success.KindNone}
	m.setInput(info, &input)
	return m
}

// Input is the measure's raw input as given, the zero Value when it was
// missing.
func (m MeasureScore) Input() success.Value {
	switch m.inputKind {
	case success.KindNumber:
		return success.NumberValue(m.inputNum)
	case success.KindBool:
		return success.BoolValue(m.inputNum != 0)
	case success.KindString:
		return success.StringValue(m.inputStr)
	case success.KindNone:
		return success.Value{}
	}
	return *m.inputOther
}

// SetInput sets the measure's input, for a MeasureScore built by hand.
func (m *MeasureScore) SetInput(v success.Value) { m.setInput(m.MeasureInfo, &v) }

// setInput stores *v for the measure info describes: a number, bool or
// string in place, anything else (a time) in a Value of its own, new each
// time, so that no copy of the score sees it change.
func (m *MeasureScore) setInput(info *MeasureInfo, v *success.Value) {
	m.MeasureInfo, m.inputStr, m.inputNum, m.inputOther = info, "", 0, nil
	switch m.inputKind = v.Kind(); m.inputKind {
	case success.KindNone:
	case success.KindNumber:
		m.inputNum, _ = v.Num()
	case success.KindBool:
		if b, _ := v.Bool(); b {
			m.inputNum = 1
		}
	case success.KindString:
		m.inputStr, _ = v.Str()
	default:
		o := *v
		m.inputOther = &o
	}
}

// setNumber is setInput of a number input.
func (m *MeasureScore) setNumber(info *MeasureInfo, x float64) {
	m.MeasureInfo, m.inputKind, m.inputNum, m.inputStr, m.inputOther = info, success.KindNumber, x, "", nil
}

// setString is setInput of a string input.
func (m *MeasureScore) setString(info *MeasureInfo, s string) {
	m.MeasureInfo, m.inputKind, m.inputNum, m.inputStr, m.inputOther = info, success.KindString, 0, s, nil
}

// Contribution is EffectiveWeight * Points, the measure's part of the score
// in score points: the contributions of a score's measures, added in column
// order, are its Value. It is computed, not stored.
func (m MeasureScore) Contribution() float64 { return contribution(m.EffectiveWeight, m.Points) }

// measureScoreJSON is the JSON form of a MeasureScore: the info's fields
// first, in the order they had when they were fields of MeasureScore.
type measureScoreJSON struct {
	ID              string        `json:"id"`
	Group           string        `json:"group,omitempty"` // enclosing group ID, empty at the top level
	Input           success.Value `json:"input,omitzero"`
	Points          float64       `json:"points"`
	Weight          float64       `json:"weight"`
	EffectiveWeight float64       `json:"effective_weight"`
	Contribution    float64       `json:"contribution"`
	Missing         bool          `json:"missing,omitempty"`
	Subjective      bool          `json:"subjective,omitempty"`
}

// MarshalJSON writes the measure's info and figures as one object.
func (m MeasureScore) MarshalJSON() ([]byte, error) {
	return json.Marshal(measureScoreJSON{ID: m.ID(), Group: m.Group(), Input: m.Input(), Points: m.Points, Weight: m.Weight(),
		EffectiveWeight: m.EffectiveWeight, Contribution: m.Contribution(), Missing: m.Missing, Subjective: m.Subjective()})
}

// UnmarshalJSON reads a measure strictly (see decodeRecord), with a
// MeasureInfo of its own: it needs an ID, and is missing exactly when it
// has no input. The contribution it reads is not kept: it is
// written for the reader's convenience, and Contribution recomputes it.
func (m *MeasureScore) UnmarshalJSON(data []byte) error {
	var j measureScoreJSON
	if err := decodeRecord(data, &j); err != nil {
		return err
	}
	// A measure is missing exactly when it had no input, as Plan.Score
	// writes it: a record that says otherwise contradicts itself.
	var ps success.FieldErrors
	if j.ID == "" {
		fielderr.Addf(&ps, ErrInvalid, "id", "must not be empty")
	}
	switch present := j.Input.Kind() != success.KindNone; {
	case present && j.Missing:
		fielderr.Addf(&ps, ErrInvalid, "missing", "is true, but the measure has an input")
	case !present && !j.Missing:
		fielderr.Addf(&ps, ErrInvalid, "missing", "is false, but the measure has no input")
	}
	if len(ps) > 0 {
		return ps
	}
	*m = MeasureScore{MeasureInfo: NewMeasureInfo(j.ID, j.Group, j.Weight, j.Subjective), Points: j.Points,
		EffectiveWeight: j.EffectiveWeight, Missing: j.Missing}
	m.setInput(m.MeasureInfo, &j.Input)
	return nil
}

// GroupScore is one group's part in a score. Its GroupInfo (ID, Parent,
// Weight) is the plan's own; the rest is this account's.
type GroupScore struct {
	*GroupInfo
	EffectiveWeight float64
	Contribution    float64
	Missing         bool
}

// Value is the group's own score 0..100: its contribution divided by its
// effective weight, 0 when that weight is 0. It is computed, not stored,
// which keeps a GroupScore at 32 bytes.
func (g GroupScore) Value() float64 {
	if g.EffectiveWeight > 0 {
		return clampScore(g.Contribution / g.EffectiveWeight)
	}
	return 0
}

// groupScoreJSON is the JSON form of a GroupScore (see measureScoreJSON).
type groupScoreJSON struct {
	ID              string  `json:"id"`
	Parent          string  `json:"parent,omitempty"`
	Missing         bool    `json:"missing,omitempty"`
	Value           float64 `json:"value"`
	Weight          float64 `json:"weight"`
	EffectiveWeight float64 `json:"effective_weight"`
	Contribution    float64 `json:"contribution"`
}

// MarshalJSON writes the group's info and figures as one object.
func (g GroupScore) MarshalJSON() ([]byte, error) {
	return json.Marshal(groupScoreJSON{ID: g.ID(), Parent: g.Parent(), Missing: g.Missing, Value: g.Value(), Weight: g.Weight(),
		EffectiveWeight: g.EffectiveWeight, Contribution: g.Contribution})
}

// UnmarshalJSON reads a group strictly (see decodeRecord), with a GroupInfo
// of its own. The value it reads is not kept: Value recomputes it.
func (g *GroupScore) UnmarshalJSON(data []byte) error {
	var j groupScoreJSON
	if err := decodeRecord(data, &j); err != nil {
		return err
	}
	*g = GroupScore{GroupInfo: NewGroupInfo(j.ID, j.Parent, j.Weight), Missing: j.Missing,
		EffectiveWeight: j.EffectiveWeight, Contribution: j.Contribution}
	return nil
}

// Cap records a critical measure that scored below its floor. It is listed
// even when the band was already at or below Band, so "payment failed" is
// never hidden by a low score; Score.UncappedBand differs from Score.Band
// when a cap lowered the band.
type Cap struct {
	Measure string  `json:"measure"`
	Points  float64 `json:"points"`
	Below   float64 `json:"below"`
	Band    string  `json:"band"`
}

// Clone returns a deep copy of s, so stored history cannot be changed through
// a returned value, and a Score filled by Plan.ScoreInto can be kept beyond
// the next call. The measures' and groups' infos and a time input are
// shared, not copied: they are read-only.
func (s Score) Clone() Score {
	c := s
	c.parts = s.parts.clone()
	c.Caps = cloneSlice(s.Caps)
	if s.Override != nil {
		o := *s.Override
		if o.Value != nil {
			v := *o.Value
			o.Value = &v
		}
		c.Override = &o
	}
	return c
}

// scoreJSON is the JSON form of a Score: its fields, with the measures,
// groups and missing IDs where they were when they were fields too.
type scoreJSON struct {
	ID               uuid.UUID         `json:"id,omitzero"`
	Account          success.AccountID `json:"account"`
	ScorecardID      string            `json:"scorecard_id"`
	ScorecardVersion int               `json:"scorecard_version"`
	AsOf             time.Time         `json:"as_of"`
	Available        bool              `json:"available"`
	Value            float64           `json:"value"`
	Band             string            `json:"band"`
	UncappedBand     string            `json:"uncapped_band"`
	Measures         []MeasureScore    `json:"measures"`
	Groups           []GroupScore      `json:"groups,omitempty"`
	Missing          []string          `json:"missing,omitempty"`
	MissingWeight    float64           `json:"missing_weight"`
	KnownShare       float64           `json:"known_share"`
	Confident        bool              `json:"confident"`
	Caps             []Cap             `json:"caps,omitempty"`
	SubjectiveShare  float64           `json:"subjective_share"`
	Override         *Override         `json:"override,omitempty"`
	ReportedValue    float64           `json:"reported_value"`
	ReportedBand     string            `json:"reported_band"`
}

// MarshalJSON writes the score with its measures, groups and missing IDs.
func (s Score) MarshalJSON() ([]byte, error) {
	return json.Marshal(scoreJSON{ID: s.ID, Account: s.Account, ScorecardID: s.ScorecardID, ScorecardVersion: s.ScorecardVersion,
		AsOf: s.AsOf, Available: s.Available, Value: s.Value, Band: s.Band, UncappedBand: s.UncappedBand,
		Measures: s.parts.measures(), Groups: s.parts.groups(), Missing: s.Missing(), MissingWeight: s.MissingWeight,
		KnownShare: s.KnownShare, Confident: s.Confident, Caps: s.Caps, SubjectiveShare: s.SubjectiveShare,
		Override: s.Override, ReportedValue: s.ReportedValue, ReportedBand: s.ReportedBand})
}

// UnmarshalJSON reads a score snapshot strictly (see decodeRecord). Its
// "missing" list, when given, must name exactly the measures marked
// missing, in their order: Missing recomputes it from them.
func (s *Score) UnmarshalJSON(data []byte) error {
	var j scoreJSON
	if err := decodeRecord(data, &j); err != nil {
		return err
	}
	*s = Score{ID: j.ID, Account: j.Account, ScorecardID: j.ScorecardID, ScorecardVersion: j.ScorecardVersion,
		AsOf: j.AsOf, Available: j.Available, Value: j.Value, Band: j.Band, UncappedBand: j.UncappedBand,
		MissingWeight: j.MissingWeight, KnownShare: j.KnownShare, Confident: j.Confident, Caps: j.Caps,
		SubjectiveShare: j.SubjectiveShare, Override: j.Override, ReportedValue: j.ReportedValue, ReportedBand: j.ReportedBand}
	s.SetMeasures(j.Measures)
	s.SetGroups(j.Groups)
	if j.Missing != nil && !slices.Equal(j.Missing, s.Missing()) {
		var ps success.FieldErrors
		fielderr.Addf(&ps, ErrInvalid, "missing", "lists %q, but the measures marked missing are %q", j.Missing, s.Missing())
		return ps
	}
	return nil
}

// UnmarshalJSON reads inputs strictly: a null is a missing input (SQL
// exports write NULL for what was not measured), a key given twice and a
// value that is not a string, number, bool or {"time": ...} are errors with
// the measure's path, wrapping ErrInvalid; the value itself is never quoted.
func (in *Inputs) UnmarshalJSON(data []byte) error {
	plain := map[string]success.Value(*in)
	if err := decodeRecord(data, &plain); err != nil {
		return err
	}
	*in = plain
	return nil
}

// String is a one-line summary for people: the account, value and band,
// what was reported instead, the scorecard, the time and how many measures
// were missing. Like LogValue it never shows an input, which may be
// personal, nor an override's author or reason.
func (s Score) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", s.Account)
	if s.Available {
		fmt.Fprintf(&b, "%s %s", strconv.FormatFloat(s.Value, 'f', 1, 64), s.Band)
	} else {
		b.WriteString("unavailable")
	}
	if s.ReportedValue != s.Value || s.ReportedBand != s.Band {
		fmt.Fprintf(&b, " (reported %s %s)", strconv.FormatFloat(s.ReportedValue, 'f', 1, 64), s.ReportedBand)
	}
	fmt.Fprintf(&b, ", scorecard %s v%d as of %s, %d of %d measures missing", s.ScorecardID, s.ScorecardVersion,
		s.AsOf.Format(time.RFC3339), len(s.Missing()), s.NumMeasures())
	if !s.Confident {
		b.WriteString(", not confident")
	}
	return b.String()
}

// LogValue implements slog.LogValuer: a score logs its IDs and figures
// (account, scorecard, as-of, value, band, confidence and any override's
// kind and expiry), never its inputs, which may be personal, nor an
// override's author or reason.
func (s Score) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("id", s.ID.String()),
		slog.String("account", string(s.Account)),
		slog.String("scorecard_id", s.ScorecardID),
		slog.Int("scorecard_version", s.ScorecardVersion),
		slog.Time("as_of", s.AsOf),
		slog.Bool("available", s.Available),
		slog.Float64("value", s.Value),
		slog.String("band", s.Band),
		slog.Float64("reported_value", s.ReportedValue),
		slog.String("reported_band", s.ReportedBand),
		slog.Float64("known_share", s.KnownShare),
		slog.Bool("confident", s.Confident),
	}
	if s.Override != nil {
		attrs = append(attrs, slog.Any("override", *s.Override))
	}
	return slog.GroupValue(attrs...)
}

// Validate reports whether s can be stored: it needs an account, a
// scorecard ID and an as-of time, an available score needs a value within
// 0..100 that its measures' contributions add up to (when it has measures;
// to 1e-9, for a host that added them in another order), the known share
// is within 0..1 and only an available score is confident.
func (s Score) Validate() error {
	var ps success.FieldErrors
	if s.Account == "" {
		fielderr.Addf(&ps, ErrInvalid, "account", "must not be empty")
	}
	if s.ScorecardID == "" {
		fielderr.Addf(&ps, ErrInvalid, "scorecard_id", "must not be empty")
	}
	if s.AsOf.IsZero() {
		fielderr.Addf(&ps, ErrInvalid, "as_of", "must be set")
	}
	if s.Available && !validPoints(s.Value) {
		fielderr.Addf(&ps, ErrInvalid, "value", "must be within 0..100, got %v", s.Value)
	} else if sum, ok := s.contributions(); s.Available && ok && math.Abs(sum-s.Value) > 1e-9*max(1, s.Value) {
		fielderr.Addf(&ps, ErrInvalid, "value", "is %v, but the measures' contributions add up to %v", s.Value, sum)
	}
	if !(s.KnownShare >= 0 && s.KnownShare <= 1) {
		fielderr.Addf(&ps, ErrInvalid, "known_share", "must be within 0..1, got %v", s.KnownShare)
	}
	if s.Confident && !s.Available {
		fielderr.Addf(&ps, ErrInvalid, "confident", "an unavailable score cannot be confident")
	}
	if !validPoints(s.ReportedValue) {
		fielderr.Addf(&ps, ErrInvalid, "reported_value", "must be within 0..100, got %v", s.ReportedValue)
	}
	return ps.Err()
}

// contributions adds the measures' contributions in column order and clamps
// the sum to 0..100, as Plan.Score computes Value; ok is false when s has
// no measures.
func (s Score) contributions() (sum float64, ok bool) {
	ms := s.parts.measures()
	for i := range ms {
		sum += ms[i].Contribution()
	}
	return clampScore(sum), len(ms) > 0
}
