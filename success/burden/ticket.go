package burden

import (
	"fmt"
	"time"

	"github.com/secondsale/secondsale/internal/calendar"
	"github.com/secondsale/secondsale/success"
)

// Ticket is one support ticket thread. Text is personal: it is never read,
// and never appears in an error or a log line.
type Ticket struct {
	ID        string
	Account   success.AccountID
	At        time.Time // when it was opened; decides its period
	Type      string    // a key of Weights.Types
	Severity  string    // a key of Weights.Severities
	Sentiment *float64  // of the thread, in [-1, 1]; nil when unknown
	Handling  time.Duration
	Text      string
}

// check validates ticket i against the weights table and returns its type
// weight and its whole weight, so that each table is read once per ticket.
func (t Ticket) check(i int, w Weights) (typeWeight, weight float64, err error) {
	problem := ""
	switch {
	case t.Account.Validate() != nil:
		problem = "account must be a valid account ID"
	case !calendar.InRange(t.At):
		problem = "at is outside the supported years"
	case t.Sentiment != nil && !(*t.Sentiment >= -1 && *t.Sentiment <= 1):
		problem = "sentiment must be within [-1, 1]"
	case t.Handling < 0:
		problem = "handling time must be >= 0"
	}
	tw, okT := w.Types[t.Type]
	sw, okS := w.Severities[t.Severity]
	if problem == "" && !okT {
		problem = "type is not in the weights table"
	} else if problem == "" && !okS {
		problem = "severity is not in the weights table"
	}
	if problem == "" {
		return tw, w.weight(tw, sw, t.Sentiment), nil
	}
	// IDs are the host's identifiers, not personal values; the text is never quoted.
	return 0, 0, fmt.Errorf("%w: tickets[%d] (ticket %q, account %q): %s", ErrInvalid, i, t.ID, string(t.Account), problem)
}
