package success

import "time"

// Clock tells the time. Only long-lived services hold one; everything that can
// take an asOf argument does so instead, so that "what was true on 1 March" is
// as easy to ask as "what is true now".
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to a Clock.
type ClockFunc func() time.Time

// Now calls f; a nil ClockFunc is the system clock, as a nil Clock is.
func (f ClockFunc) Now() time.Time {
	if f == nil {
		return time.Now()
	}
	return f()
}

// Now returns c.Now(), or the system time when c is nil.
func Now(c Clock) time.Time {
	if c == nil {
		return time.Now()
	}
	return c.Now()
}
