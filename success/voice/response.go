package voice

import (
	"time"

	"github.com/secondsale/secondsale/success"
)

// Response is one answer to a survey.
type Response struct {
	Account success.AccountID `json:"account"`
	// Segment groups accounts ("enterprise", "smb"); empty means the
	// response counts in no segment (it still counts overall, per account
	// and per period).
	Segment string    `json:"segment,omitempty"`
	At      time.Time `json:"at"` // when the customer answered; required
	// Score is the answer: an integer 0..10 for NPS, a number on the
	// CSATScale for CSAT.
	Score float64 `json:"score"`
	// Comment is the respondent's free text. It is personal: the package
	// never reads it, and no error or log line names it.
	Comment string `json:"comment,omitempty"`
}
