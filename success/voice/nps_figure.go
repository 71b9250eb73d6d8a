package voice

import (
	"encoding/json"
	"math"
)

// NPSFigure is the Net Promoter Score of one group of responses.
//
// Score = 100·(p_P − p_D), where p_P and p_D are the shares of promoters
// (9, 10) and detractors (0..6) among the n responses. Each response is one
// draw of a trinomial variable worth +1, 0 or −1, so
//
//	Var(Score/100) = (p_P + p_D − (p_P − p_D)²) / n
//
// and the interval is Score ± z·100·sqrt(Var), clipped to [−100, 100]
// (the normal approximation; with every answer alike the variance is 0 and
// the interval is the point).
type NPSFigure struct {
	Responses  int `json:"responses"`
	Promoters  int `json:"promoters"`
	Passives   int `json:"passives"`
	Detractors int `json:"detractors"`
	// InsufficientData is set when Responses is below the minimum; Score,
	// Low and High are then 0 here and null in JSON.
	InsufficientData bool    `json:"insufficient_data"`
	Score            float64 `json:"score"` // −100..100
	Low              float64 `json:"low"`   // lower bound of the interval
	High             float64 `json:"high"`  // upper bound of the interval
}

func npsFigure(t tally, minResponses int, z float64) NPSFigure {
	f := NPSFigure{Responses: t.n, Promoters: t.pos, Passives: t.n - t.pos - t.neg, Detractors: t.neg}
	if t.n == 0 || t.n < minResponses {
		f.InsufficientData = true
		return f
	}
	n := float64(t.n)
	pp, pd := float64(t.pos)/n, float64(t.neg)/n
	d := pp - pd
	v := max((pp+pd-d*d)/n, 0) // rounding can leave −ε
	half := z * 100 * math.Sqrt(v)
	f.Score = 100 * d
	f.Low = max(f.Score-half, -100)
	f.High = min(f.Score+half, 100)
	return f
}

// MarshalJSON writes score, low and high as null when the data are
// insufficient.
func (f NPSFigure) MarshalJSON() ([]byte, error) {
	type plain NPSFigure
	return json.Marshal(struct {
		plain
		Score *float64 `json:"score"`
		Low   *float64 `json:"low"`
		High  *float64 `json:"high"`
	}{plain(f), orNull(f.Score, f.InsufficientData), orNull(f.Low, f.InsufficientData), orNull(f.High, f.InsufficientData)})
}

func orNull(x float64, null bool) *float64 {
	if null {
		return nil
	}
	return &x
}
