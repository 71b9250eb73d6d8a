package voice

import (
	"encoding/json"

	"github.com/secondsale/secondsale/internal/stat"
)

// CSATFigure is the customer satisfaction of one group of responses: the
// share of satisfied responses with its Wilson score interval (see
// internal/stat.Wilson), which stays inside [0, 1] and is honest about
// small groups where the Wald interval is not.
type CSATFigure struct {
	Responses int `json:"responses"`
	Satisfied int `json:"satisfied"`
	// InsufficientData is set when Responses is below the minimum; Share,
	// Low and High are then 0 here and null in JSON.
	InsufficientData bool    `json:"insufficient_data"`
	Share            float64 `json:"share"` // 0..1
	Low              float64 `json:"low"`
	High             float64 `json:"high"`
}

func csatFigure(t tally, minResponses int, z float64) CSATFigure {
	f := CSATFigure{Responses: t.n, Satisfied: t.pos}
	if t.n == 0 || t.n < minResponses {
		f.InsufficientData = true
		return f
	}
	f.Share = float64(t.pos) / float64(t.n)
	f.Low, f.High = stat.Wilson(t.pos, t.n, z)
	return f
}

// MarshalJSON writes share, low and high as null when the data are
// insufficient.
func (f CSATFigure) MarshalJSON() ([]byte, error) {
	type plain CSATFigure
	return json.Marshal(struct {
		plain
		Share *float64 `json:"share"`
		Low   *float64 `json:"low"`
		High  *float64 `json:"high"`
	}{plain(f), orNull(f.Share, f.InsufficientData), orNull(f.Low, f.InsufficientData), orNull(f.High, f.InsufficientData)})
}
