package voice

import (
	"iter"

	"github.com/secondsale/secondsale/internal/accum"
	"github.com/secondsale/secondsale/success"
)

// CSAT computes customer satisfaction of responses on scale overall, per
// account, per segment and per period of grain (week, month, quarter or
// year); see CSATFigure. A response off the scale (or NaN), with an empty
// account or a zero time is an error naming its position and account; no
// report is returned. opts may be nil.
func CSAT(responses iter.Seq[Response], scale CSATScale, grain success.Grain, opts *Options) (Report[CSATFigure], error) {
	return CSATFrom(accum.Values(responses), scale, grain, opts)
}

// CSATFrom is CSAT reading responses that can fail to read: it stops at the
// first read error and returns it with the response's position.
func CSATFrom(responses iter.Seq2[Response, error], scale CSATScale, grain success.Grain, opts *Options) (Report[CSATFigure], error) {
	if err := scale.Validate(); err != nil {
		return Report[CSATFigure]{}, err
	}
	minResponses, z, err := opts.resolved()
	if err != nil {
		return Report[CSATFigure]{}, err
	}
	return build(responses, grain, scale.classify, func(t tally) CSATFigure { return csatFigure(t, minResponses, z) })
}
