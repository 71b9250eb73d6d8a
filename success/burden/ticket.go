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

// check validates ticket i against the weights table.
func (t Ticket) check(i int, w Weights) error {
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
	if problem == "" {
		if _, ok := w.Types[t.Type]; !ok {
			problem = "type is not in the weights table"
		} else if _, ok := w.Severities[t.Severity]; !ok {
			problem = "severity is not in the weights table"
		}
	}
	if problem == "" {
		return nil
	}
	// IDs are the host's identifiers, not personal values; the text is never quoted.
	return fmt.Errorf("%w: tickets[%d] (ticket %q, account %q): %s", ErrInvalid, i, t.ID, string(t.Account), problem)
}
