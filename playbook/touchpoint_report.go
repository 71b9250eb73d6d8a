package playbook

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/secondsale/secondsale/internal/enum"
	"github.com/secondsale/secondsale/internal/fielderr"
	"github.com/secondsale/secondsale/internal/stat"
	"github.com/secondsale/secondsale/success"
)

// Defaults of GoalReportOptions.
const (
	DefaultMinTouchpoints = 10
	DefaultZ              = 1.959963984540054 // two-sided 95%
)

// GoalReportOptions tunes ReportGoals; the zero value means the defaults.
type GoalReportOptions struct {
	// MinTouchpoints is the fewest decided (met or missed) touchpoints a
	// group needs for a rate; fewer gives InsufficientData. 0 means
	// DefaultMinTouchpoints.
	MinTouchpoints int
	// Z is the normal quantile of the Wilson interval; 0 means DefaultZ.
	Z float64
}

// Dimension is what a GoalRate groups touchpoints by.
type Dimension string

const (
	ByPlay    Dimension = "play"    // play ID and version
	ByStep    Dimension = "step"    // play ID, version and step ID
	ByChannel Dimension = "channel" // channel
	ByGoal    Dimension = "goal"    // goal kind
)

// Validate reports whether d is one of the dimensions.
func (d Dimension) Validate() error {
	return enum.OneOf(d, "dimension", ErrInvalid, ByPlay, ByStep, ByChannel, ByGoal)
}

// MarshalText writes the dimension's name.
func (d Dimension) MarshalText() ([]byte, error) { return enum.Encode(d) }

// UnmarshalText reads a dimension's name, rejecting unknown ones.
func (d *Dimension) UnmarshalText(b []byte) error { return enum.Decode(d, b) }

// GoalRateKey names a group; only the fields of its Dimension are set.
type GoalRateKey struct {
	PlayID      string   `json:"play_id,omitempty"`
	PlayVersion int      `json:"play_version,omitempty"`
	StepID      string   `json:"step_id,omitempty"`
	Channel     Channel  `json:"channel,omitempty"`
	Goal        GoalKind `json:"goal,omitempty"`
}

// GoalRate is the goal-met rate of one group of touchpoints: Met over
// Met+Missed, with its Wilson interval. Pending touchpoints are counted
// but left out of the rate, since their outcome is not known yet. With
// fewer decided touchpoints than the minimum, InsufficientData is set and
// Rate, Low and High are 0 in Go and null in JSON.
type GoalRate struct {
	By               Dimension   `json:"by"`
	Key              GoalRateKey `json:"key"`
	Touchpoints      int         `json:"touchpoints"`
	Met              int         `json:"met"`
	Missed           int         `json:"missed"`
	Pending          int         `json:"pending"`
	InsufficientData bool        `json:"insufficient_data"`
	Rate             float64     `json:"rate"`
	Low              float64     `json:"low"`
	High             float64     `json:"high"`
}

// MarshalJSON writes Rate, Low and High as null when InsufficientData.
func (r GoalRate) MarshalJSON() ([]byte, error) {
	type plain GoalRate
	var out struct {
		plain
		Rate *float64 `json:"rate"`
		Low  *float64 `json:"low"`
		High *float64 `json:"high"`
	}
	out.plain = plain(r)
	if !r.InsufficientData {
		out.Rate, out.Low, out.High = &r.Rate, &r.Low, &r.High
	}
	return json.Marshal(out)
}

// GoalReport is the goal-met rates of a set of touchpoints as of a date.
type GoalReport struct {
	AsOf           time.Time `json:"as_of"`
	MinTouchpoints int       `json:"min_touchpoints"`
	Z              float64   `json:"z"`
	// Rates holds one entry per group: by play, then step, channel and
	// goal; within a dimension in key order. Touchpoints sent outside a
	// play count in the channel and goal groups only.
	Rates []GoalRate `json:"rates"`
}

// ReportGoals assesses each touchpoint's goal as of asOf against the
// observations (see Touchpoint.Assess) and reports goal-met rates per
// play, step, channel and goal kind, so a team sees which messages work.
//
// Every touchpoint and observation is validated first; problems are
// success.FieldErrors wrapping ErrInvalid, named by index (and, for a
// touchpoint, its ID when that is of name shape: an ID that is not may be
// personal), never by their content.
// Touchpoint IDs must be unique.
func ReportGoals(tps []Touchpoint, obs []GoalObservation, asOf time.Time, opts *GoalReportOptions) (*GoalReport, error) {
	var o GoalReportOptions
	if opts != nil {
		o = *opts
	}
	var ps success.FieldErrors
	if o.MinTouchpoints < 0 {
		fielderr.Addf(&ps, ErrInvalid, "opts.min_touchpoints", "must be >= 0")
	}
	if o.Z < 0 || math.IsNaN(o.Z) || math.IsInf(o.Z, 0) {
		fielderr.Addf(&ps, ErrInvalid, "opts.z", "must be a finite number >= 0")
	}
	if asOf.IsZero() {
		fielderr.Addf(&ps, ErrInvalid, "as_of", "required")
	}
	// Records are checked at the root and their path is built only when
	// they have problems: most inputs are valid, and paths cost.
	var local success.FieldErrors
	seen := make(map[string]int, len(tps))
	for i := range tps {
		tp := &tps[i]
		local = local[:0]
		tp.problems(&local, "")
		j, dup := seen[tp.ID]
		if dup && tp.ID != "" {
			fielderr.Addf(&local, ErrInvalid, "", "repeats the id of touchpoints[%d]", j)
		}
		seen[tp.ID] = i
		if len(local) > 0 {
			path := fmt.Sprintf("touchpoints[%d]", i)
			if isName(tp.ID) {
				path = fmt.Sprintf("touchpoints[%d] (id %q)", i, tp.ID)
			}
			ps = append(ps, fielderr.Prefix(local, path)...)
		}
	}
	for i := range obs {
		local = local[:0]
		obs[i].problems(&local, "")
		if len(local) > 0 {
			ps = append(ps, fielderr.Prefix(local, fmt.Sprintf("observations[%d]", i))...)
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	if o.MinTouchpoints == 0 {
		o.MinTouchpoints = DefaultMinTouchpoints
	}
	if o.Z == 0 {
		o.Z = DefaultZ
	}

	ix := indexObservations(obs)
	type group struct {
		by  Dimension
		key GoalRateKey
	}
	acc := map[group]*GoalRate{}
	add := func(g group, s GoalStatus) {
		r := acc[g]
		if r == nil {
			r = &GoalRate{By: g.by, Key: g.key}
			acc[g] = r
		}
		r.Touchpoints++
		switch s {
		case GoalMet:
			r.Met++
		case GoalMissed:
			r.Missed++
		default:
			r.Pending++
		}
	}
	for i := range tps {
		tp := &tps[i]
		s := ix.assess(tp, asOf).Status
		if tp.PlayID != "" {
			add(group{ByPlay, GoalRateKey{PlayID: tp.PlayID, PlayVersion: tp.PlayVersion}}, s)
			add(group{ByStep, GoalRateKey{PlayID: tp.PlayID, PlayVersion: tp.PlayVersion, StepID: tp.StepID}}, s)
		}
		add(group{ByChannel, GoalRateKey{Channel: tp.Channel}}, s)
		add(group{ByGoal, GoalRateKey{Goal: tp.Goal.Kind}}, s)
	}

	rep := &GoalReport{AsOf: asOf, MinTouchpoints: o.MinTouchpoints, Z: o.Z, Rates: make([]GoalRate, 0, len(acc))}
	for _, r := range acc {
		n := r.Met + r.Missed
		if n < o.MinTouchpoints || n == 0 {
			r.InsufficientData = true
		} else {
			r.Rate = float64(r.Met) / float64(n)
			r.Low, r.High = stat.Wilson(r.Met, n, o.Z)
		}
		rep.Rates = append(rep.Rates, *r)
	}
	order := map[Dimension]int{ByPlay: 0, ByStep: 1, ByChannel: 2, ByGoal: 3}
	sort.Slice(rep.Rates, func(i, j int) bool {
		a, b := &rep.Rates[i], &rep.Rates[j]
		if a.By != b.By {
			return order[a.By] < order[b.By]
		}
		ka, kb := a.Key, b.Key
		switch {
		case ka.PlayID != kb.PlayID:
			return ka.PlayID < kb.PlayID
		case ka.PlayVersion != kb.PlayVersion:
			return ka.PlayVersion < kb.PlayVersion
		case ka.StepID != kb.StepID:
			return ka.StepID < kb.StepID
		case ka.Channel != kb.Channel:
			return ka.Channel < kb.Channel
		}
		return ka.Goal < kb.Goal
	})
	return rep, nil
}
