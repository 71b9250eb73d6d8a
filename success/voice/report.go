package voice

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Report is one figure (an NPSFigure or a CSATFigure) for every group of
// the responses: all of them, each account, each segment and each period.
type Report[F any] struct {
	Overall  F                       `json:"overall"`
	Accounts map[success.AccountID]F `json:"accounts"`
	// Segments has one entry per non-empty Response.Segment.
	Segments map[string]F `json:"segments"`
	// Periods are the calendar periods that hold a response, oldest first.
	Periods []Period[F] `json:"periods"`
}

// Period is the figure of one calendar period.
type Period[F any] struct {
	// Label names the period ("2026-03", "2026-Q1", "2026", "2026-W10").
	Label string `json:"label"`
	// Start is the period's first instant in UTC. A response belongs to the
	// period holding its calendar date in its own location.
	Start  time.Time `json:"start"`
	Figure F         `json:"figure"`
}

// tally counts one group: n responses, pos of them promoters (or
// satisfied), neg detractors (always 0 for CSAT).
type tally struct{ n, pos, neg int }

func (t *tally) add(pos, neg bool) {
	t.n++
	if pos {
		t.pos++
	}
	if neg {
		t.neg++
	}
}

// classify checks one response's score and says whether it is positive
// (promoter, satisfied) or negative (detractor); problem is "" when valid.
type classify func(score float64) (pos, neg bool, problem string)

// build reads responses once, tallying every group, then turns each tally
// into a figure. It stops at the first bad response or read error.
func build[F any](responses iter.Seq2[Response, error], grain success.Grain, class classify, figure func(tally) F) (Report[F], error) {
	g, ok := calendar.Named(string(grain))
	if !ok {
		if err := grain.OneOf(success.Weekly, success.Monthly, success.Quarterly, success.Yearly); err != nil {
			return Report[F]{}, fmt.Errorf("%w: grain: %w", ErrInvalid, err)
		}
	}
	if responses == nil {
		return Report[F]{}, accum.NilSequence("responses", ErrInvalid)
	}
	var overall tally
	accounts := map[success.AccountID]*tally{}
	segments := map[string]*tally{}
	periods := map[int]*tally{}
	i := 0
	for r, err := range responses {
		if err != nil {
			return Report[F]{}, accum.ReadError("responses", i, err)
		}
		pos, neg, problem := class(r.Score)
		if problem == "" {
			problem = checkResponse(r)
		}
		if problem != "" {
			// The account is the host's ID; the comment is never quoted.
			return Report[F]{}, invalidf("responses[%d] (account %q): %s", i, string(r.Account), problem)
		}
		overall.add(pos, neg)
		group(accounts, r.Account).add(pos, neg)
		if r.Segment != "" {
			group(segments, r.Segment).add(pos, neg)
		}
		group(periods, calendar.Of(g, r.At)).add(pos, neg)
		i++
	}
	rep := Report[F]{
		Overall:  figure(overall),
		Accounts: make(map[success.AccountID]F, len(accounts)),
		Segments: make(map[string]F, len(segments)),
		Periods:  make([]Period[F], 0, len(periods)),
	}
	for k, t := range accounts {
		rep.Accounts[k] = figure(*t)
	}
	for k, t := range segments {
		rep.Segments[k] = figure(*t)
	}
	for _, n := range slices.Sorted(maps.Keys(periods)) {
		rep.Periods = append(rep.Periods, Period[F]{Label: calendar.Label(g, n), Start: calendar.Start(g, n, time.UTC), Figure: figure(*periods[n])})
	}
	return rep, nil
}

func group[K comparable](m map[K]*tally, k K) *tally {
	t := m[k]
	if t == nil {
		t = &tally{}
		m[k] = t
	}
	return t
}

// checkResponse reports what is wrong with a response's other fields.
func checkResponse(r Response) string {
	if r.Account == "" {
		return "account: must not be empty"
	}
	if r.At.IsZero() {
		return "at: must be set"
	}
	if !calendar.InRange(r.At) {
		return fmt.Sprintf("at: year must be within %d..%d", calendar.MinYear, calendar.MaxYear)
	}
	return ""
}

// scoreKind names what is wrong with a score without quoting it: a
// respondent's answer is theirs.
func scoreKind(x float64) string {
	switch {
	case x != x:
		return "NaN"
	case x-x != 0:
		return "infinite"
	}
	return "out of range"
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}
