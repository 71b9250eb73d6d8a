package records

import (
	"encoding/json"

	"github.com/secondsale/secondsale/success"
)

// ParseSubscription reads one JSON line as a subscription, with the SDK's
// own strict reader and field names (account, id, start, end, amount,
// interval, quantity), and validates it. Its errors name the field and the
// kind of value found, never the value, so they go into the reject as they
// are.
func ParseSubscription(file string, line []byte, lineNo int64) (success.Subscription, *Reject) {
	var s success.Subscription
	if err := json.Unmarshal(line, &s); err != nil {
		return s, &Reject{File: file, Line: lineNo, Reason: err.Error()}
	}
	if err := s.Validate(); err != nil {
		return s, &Reject{File: file, Line: lineNo, Reason: err.Error()}
	}
	return s, nil
}
