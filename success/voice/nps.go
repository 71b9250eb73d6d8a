package voice

import (
	"iter"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/success"
)

// NPS computes the Net Promoter Score of responses (scores 0..10) overall,
// per account, per segment and per period of grain (week, month, quarter or
// year); see NPSFigure for the formula and its interval. A response whose
// score is not an integer 0..10, whose account is empty or whose time is
// zero is an error naming its position and account; no report is returned.
// opts may be nil.
func NPS(responses iter.Seq[Response], grain success.Grain, opts *Options) (Report[NPSFigure], error) {
	return NPSFrom(accum.Values(responses), grain, opts)
}

// NPSFrom is NPS reading responses that can fail to read: it stops at the
// first read error and returns it with the response's position.
func NPSFrom(responses iter.Seq2[Response, error], grain success.Grain, opts *Options) (Report[NPSFigure], error) {
	minResponses, z, err := opts.resolved()
	if err != nil {
		return Report[NPSFigure]{}, err
	}
	return build(responses, grain, classifyNPS, func(t tally) NPSFigure { return npsFigure(t, minResponses, z) })
}

func classifyNPS(s float64) (promoter, detractor bool, problem string) {
	if !(s >= 0 && s <= 10) || s != float64(int(s)) {
		kind := scoreKind(s)
		if kind == "out of range" && s >= 0 && s <= 10 {
			kind = "not an integer"
		}
		return false, false, "score: must be an integer 0..10, got a value " + kind
	}
	return s >= 9, s <= 6, ""
}
